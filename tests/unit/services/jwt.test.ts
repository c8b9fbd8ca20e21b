import { describe, expect, it } from 'vitest';
import { keysFromSeed, signToken, verifyToken } from '../../../functions/services/jwt.js';

const keys = keysFromSeed('seed-a');
const other = keysFromSeed('seed-b');
const b64 = (v: unknown) => Buffer.from(JSON.stringify(v)).toString('base64url');

describe('tokens', () => {
  it('verifies its own token and returns the subject', () => {
    const { token } = signToken(keys, 'user-1', 60);
    expect(verifyToken(keys, token).sub).toBe('user-1');
  });

  it('derives the same key from the same seed', () => {
    const { token } = signToken(keysFromSeed('seed-a'), 'u', 60);
    expect(verifyToken(keys, token).sub).toBe('u');
  });

  it('refuses a token signed by another key', () => {
    const { token } = signToken(other, 'user-1', 60);
    expect(() => verifyToken(keys, token)).toThrow(/signing key/);
    // …and one that claims this key's kid but was signed by another
    const [h, p] = signToken(keys, 'user-1', 60).token.split('.');
    expect(() => verifyToken(keys, `${h}.${p}.${token.split('.')[2]}`)).toThrow(/signature/);
  });

  it('refuses alg none', () => {
    const now = Math.floor(Date.now() / 1000);
    const token = `${b64({ alg: 'none', typ: 'JWT' })}.${b64({ sub: 'admin', iat: now, exp: now + 60 })}.`;
    expect(() => verifyToken(keys, token)).toThrow(/algorithm/);
  });

  it('refuses an expired token', () => {
    const { token } = signToken(keys, 'u', 60, Date.now() - 120_000);
    expect(() => verifyToken(keys, token)).toThrow(/expired/);
  });

  it('refuses a token whose claims were changed', () => {
    const { token } = signToken(keys, 'user-1', 60);
    const [h, , s] = token.split('.');
    const forged = `${h}.${b64({ sub: 'admin', iat: 1, exp: 9_999_999_999 })}.${s}`;
    expect(() => verifyToken(keys, forged)).toThrow(/signature/);
  });
});

describe('token keys: kid, rotation and canonical encoding (issue 12, defects 7 and 8)', () => {
  const header = (token: string) => JSON.parse(Buffer.from(token.split('.')[0]!, 'base64url').toString());

  it('names its key in the header and refuses a token whose kid it does not know, or that has none', () => {
    const { token } = signToken(keys, 'u', 60);
    expect(header(token).kid).toBe(keys.kid);
    const [, p, s] = token.split('.');
    for (const h of [b64({ alg: 'EdDSA', typ: 'JWT', kid: 'nope' }), b64({ alg: 'EdDSA', typ: 'JWT' })]) {
      expect(() => verifyToken(keys, `${h}.${p}.${s}`)).toThrow(/key/);
    }
  });

  it('rotates by key version: N signs, N and N-1 verify, N-2 no longer', () => {
    const v1 = keysFromSeed('seed-a', 1);
    const v2 = keysFromSeed('seed-a', 2);
    const v3 = keysFromSeed('seed-a', 3);
    expect(new Set([v1.kid, v2.kid, v3.kid]).size).toBe(3);
    const old = signToken(v1, 'u', 60).token;
    expect(verifyToken(v2, old).sub).toBe('u');
    expect(() => verifyToken(v3, old)).toThrow(/key/);
    expect(() => verifyToken(v1, signToken(v2, 'u', 60).token)).toThrow(/key/);
  });

  it('still accepts tokens of the key before labelled derivation while on version 1 (they live out their 12 h)', () => {
    const legacy = keysFromSeed('seed-a', 0);
    const token = signToken(legacy, 'u', 60).token;
    expect(verifyToken(keysFromSeed('seed-a', 1), token).sub).toBe('u');
    expect(() => verifyToken(keysFromSeed('seed-a', 2), token)).toThrow(/key/);
  });

  it('refuses a signature in non-canonical base64url (the same bytes spelled another way)', () => {
    const { token } = signToken(keys, 'u', 60);
    const [h, p, s] = token.split('.') as [string, string, string];
    // 64 signature bytes use 512 of the last character's bits + 4 spare ones: set a spare bit.
    const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
    const last = alphabet.indexOf(s.at(-1)!);
    const variant = `${s.slice(0, -1)}${alphabet[last ^ 1]}`;
    expect(Buffer.from(variant, 'base64url').equals(Buffer.from(s, 'base64url'))).toBe(true);
    expect(() => verifyToken(keys, `${h}.${p}.${variant}`)).toThrow(/Malformed/);
    expect(() => verifyToken(keys, `${h}.${p}.${s}==`)).toThrow(/Malformed/);
    expect(() => verifyToken(keys, `${h}.${p}.${s.replace(/-/g, '+').replace(/_/g, '/')}`)).not.toThrow(/Bad/);
  });
});
