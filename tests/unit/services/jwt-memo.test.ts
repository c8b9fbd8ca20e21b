import { describe, expect, it } from 'vitest';
import { keysFromSeed, rememberingVerifier, signToken, verifyToken } from '../../../functions/services/jwt.js';

const keys = keysFromSeed('memo-a');
const b64 = (v: unknown) => Buffer.from(JSON.stringify(v)).toString('base64url');

/** A remembering verifier over the real verifyToken, counting the real verifications. */
function counting(kept?: number) {
  const calls = { n: 0 };
  const verify = rememberingVerifier((...args) => {
    calls.n++;
    return verifyToken(...args);
  }, kept);
  return { verify, calls };
}

describe('rememberingVerifier', () => {
  it('verifies a token once and answers its later uses from memory', () => {
    const { verify, calls } = counting();
    const { token } = signToken(keys, 'user-1', 60);
    expect(verify(keys, token).sub).toBe('user-1');
    expect(verify(keys, token).sub).toBe('user-1');
    expect(verify(keys, token).sub).toBe('user-1');
    expect(calls.n).toBe(1);
  });

  it('still refuses a remembered token once it has expired', () => {
    const { verify } = counting();
    const now = Date.now();
    const { token } = signToken(keys, 'user-2', 60, now);
    expect(verify(keys, token, now).sub).toBe('user-2');
    expect(() => verify(keys, token, now + 61_000)).toThrow(/expired/);
  });

  it('verifies afresh a remembered token with its claims changed, and refuses it', () => {
    const { verify } = counting();
    const { token } = signToken(keys, 'user-3', 60);
    verify(keys, token);
    const [h, , s] = token.split('.');
    const forged = `${h}.${b64({ sub: 'admin', iat: 1, exp: 9_999_999_999 })}.${s}`;
    expect(() => verify(keys, forged)).toThrow(/signature/);
  });

  it('remembers per key set: a token of the old keys is refused under new ones', () => {
    const { verify } = counting();
    const { token } = signToken(keys, 'user-4', 60);
    verify(keys, token);
    expect(() => verify(keysFromSeed('memo-b'), token)).toThrow(/signing key/);
  });

  it('never remembers a refused token', () => {
    const { verify, calls } = counting();
    const { token } = signToken(keysFromSeed('memo-c'), 'user-5', 60);
    expect(() => verify(keys, token)).toThrow(/signing key/);
    expect(() => verify(keys, token)).toThrow(/signing key/);
    expect(calls.n).toBe(2);
  });

  it('forgets the oldest tokens beyond its bound', () => {
    const { verify, calls } = counting(3);
    const tokens = ['a', 'b', 'c', 'd'].map((sub) => signToken(keys, sub, 60).token);
    for (const t of tokens) verify(keys, t);
    calls.n = 0;
    verify(keys, tokens[3]!); // kept
    verify(keys, tokens[0]!); // forgotten: verified again
    expect(calls.n).toBe(1);
  });
});
