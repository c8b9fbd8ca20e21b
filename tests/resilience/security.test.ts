import { useTestClock } from '../fixtures/test-clock.js';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { signBinBody } from '../../functions/services/bin-secrets.js';
import { keysFromSeed, signToken } from '../../functions/services/jwt.js';
import { signingKeys } from '../../functions/services/signing-keys.js';
import { call, userWith, useTable } from '../fixtures/api.js';
import { communityWithStaff, registerBin, residentWithCard, scan } from '../fixtures/garbage.js';
import { scanTable } from '../fixtures/invariants.js';

useTable();

// Security basics of issue 7. Rate limits are proven where they live, not repeated here:
// tests/integration/api/auth.test.ts — a sixth code for one phone in 10 minutes → 429, also when the sends
// race; a code is void after 5 wrong tries. Secrets in logs: secrets-in-logs.test.ts.

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

describe('bin requests at the API edge', () => {
  afterEach(() => useTestClock());

  /** Sends exactly the bytes and headers a bin sent (a captured request, replayed). */
  const replay = (binId: string, raw: string, headers: Record<string, string>) =>
    call('POST', `/api/bins/${binId}/scans`, { raw, headers: { 'content-type': 'application/json', ...headers } });

  it('refuses a captured upload replayed outside the ±300 s window with 401 invalid-signature, and keeps nothing', async () => {
    const { communityId, staff } = await communityWithStaff();
    const bin = await registerBin(communityId, staff);
    const holder = await residentWithCard(communityId, staff);
    vi.useFakeTimers({ toFake: ['Date'], shouldAdvanceTime: true });
    const t0 = Date.now();
    const ts = String(Math.floor(t0 / 1000));
    // Captured: a first upload, answered normally.
    const raw = JSON.stringify({ scans: [scan(holder.cardNo)] });
    const headers = { 'x-bin-timestamp': ts, 'x-bin-signature': signBinBody(bin.secret, ts, raw) };
    const first = await replay(bin.id, raw, headers);
    expect(first.status).toBe(200);
    expect(first.body.accepted).toBe(1);
    // Replayed within the window: authentic, and its scans are duplicates that earn nothing.
    vi.setSystemTime(t0 + 200_000);
    const soon = await replay(bin.id, raw, headers);
    expect(soon.status).toBe(200);
    expect(soon.body).toMatchObject({ accepted: 0, duplicates: 1, pointsAwarded: 0 });

    // A second captured upload, never delivered, replayed by someone else too late.
    const raw2 = JSON.stringify({ scans: [scan(holder.cardNo)] });
    const headers2 = { 'x-bin-timestamp': ts, 'x-bin-signature': signBinBody(bin.secret, ts, raw2) };
    const before = JSON.stringify((await scanTable()).map((i) => JSON.stringify(i)).sort());
    for (const late of [301_000, 3_600_000, 86_400_000]) {
      vi.setSystemTime(t0 + late);
      const r = await replay(bin.id, raw2, headers2);
      expect(r.status, `${late / 1000} s later`).toBe(401);
      expect(r.body.type).toBe('/problems/invalid-signature');
    }
    // From the future (a clock set ahead, or a replay with the time moved back), the same.
    vi.setSystemTime(t0 - 301_000);
    expect((await replay(bin.id, raw2, headers2)).status).toBe(401);
    expect(JSON.stringify((await scanTable()).map((i) => JSON.stringify(i)).sort())).toBe(before);
    expect((await call('GET', '/api/me', { token: holder.token })).body.balance).toBe(1);
  });
});
