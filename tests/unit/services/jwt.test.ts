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
    expect(() => verifyToken(keys, token)).toThrow(/signature/);
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
