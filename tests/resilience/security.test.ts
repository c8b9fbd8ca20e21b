import { describe, expect, it } from 'vitest';
import { keysFromSeed, signToken } from '../../functions/services/jwt.js';
import { signingKeys } from '../../functions/services/signing-keys.js';
import { call, userWith, useTable } from '../fixtures/api.js';

useTable();

const b64 = (v: unknown) => Buffer.from(JSON.stringify(v)).toString('base64url');

describe('tokens at the API edge', () => {
  it('refuses alg none, an expired token, another key, and a tampered subject with 401', async () => {
    const victim = await userWith({ roles: [{ role: 'admin', scope: 'city' }] });
    const now = Math.floor(Date.now() / 1000);
    const keys = await signingKeys();
    const good = signToken(keys, victim.userId, 60).token;
    const [h, , s] = good.split('.');
    const forged = [
      `${b64({ alg: 'none', typ: 'JWT' })}.${b64({ sub: victim.userId, iat: now, exp: now + 600 })}.`,
      `${b64({ alg: 'HS256', typ: 'JWT' })}.${b64({ sub: victim.userId, iat: now, exp: now + 600 })}.${s}`,
      signToken(keys, victim.userId, 60, Date.now() - 3_600_000).token,
      signToken(keysFromSeed('someone-else'), victim.userId, 600).token,
      `${h}.${b64({ sub: 'someone', iat: now, exp: now + 600 })}.${s}`,
    ];
    for (const token of forged) {
      const r = await call('GET', '/api/me', { token });
      expect(r.status, token).toBe(401);
      expect(r.body.type).toBe('/problems/unauthorized');
      const w = await call('POST', '/api/streets', { token, body: { name: '伪造街道' } });
      expect(w.status).toBe(401);
    }
    expect((await call('GET', '/api/me', { token: good })).status).toBe(200);
  });

  it('refuses a token of a deleted or unknown account', async () => {
    const token = signToken(await signingKeys(), '01J00000000000000000000000', 600).token;
    expect((await call('GET', '/api/me', { token })).status).toBe(401);
  });

  it('refuses a malformed Authorization header', async () => {
    const r = await call('GET', '/api/me', { headers: { authorization: 'Basic abc' } });
    expect(r.status).toBe(401);
  });
});
