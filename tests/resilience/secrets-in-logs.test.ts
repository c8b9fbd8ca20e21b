import { afterEach, describe, expect, it } from 'vitest';
import { setLogSink } from '../../functions/api/log.js';
import { call, signIn, useTable } from '../fixtures/api.js';
import { injectFaults } from '../fixtures/faults.js';
import { registerBin, residentWithCard, scan, upload } from '../fixtures/garbage.js';
import { gift, makeStreet, redeemCall, resident, staffOf } from '../fixtures/rewards.js';
import { signBinBody } from '../../functions/services/bin-secrets.js';

useTable();

afterEach(() => setLogSink(undefined, true));

/**
 * Secrets never reach the logs: every log line of a run that signs in (the OTP code, the token),
 * redeems (the pickup code, the Idempotency-Key), fails on the server side (500 and 503 paths log the
 * error) — and registers and uses a bin (its secret, its signatures) — is captured and searched.
 */
describe('secrets in logs', () => {
  it('logs none of the codes, tokens, keys or secrets a run handles, also on its error paths', async () => {
    const lines: string[] = [];
    setLogSink((l) => lines.push(l));
    const secrets: string[] = [];

    const phone = `139${String(Date.now() % 100_000_000).padStart(8, '0')}`;
    expect((await call('POST', '/api/auth/otp', { body: { phone } })).status).toBe(202);
    const code = (await call('GET', `/api/dev/outbox?phone=${phone}`)).body.items[0].code as string;
    // A wrong code first: the refusal path logs too.
    const wrong = code === '000000' ? '111111' : '000000';
    expect((await call('POST', '/api/auth/token', { body: { phone, code: wrong } })).status).toBe(401);
    const signed = await call('POST', '/api/auth/token', { body: { phone, code } });
    expect(signed.status).toBe(200);
    const token = signed.body.token as string;
    secrets.push(code, token, token.split('.')[2]!, phone);
    expect((await call('GET', '/api/me', { token })).status).toBe(200);
    expect((await call('GET', '/api/me', { token: `${token}x` })).status).toBe(401);

    const { communityId } = await makeStreet();
    const staff = await staffOf(communityId);
    const someone = await signIn();
    secrets.push(someone.token, staff.token);
    const g = await gift(staff.token, { communityId, cost: 5, stock: 5 });
    const buyer = await resident(communityId, 50);
    secrets.push(buyer.token);
    const key = `secret-key-${Math.random().toString(36).slice(2)}`;
    const r = await redeemCall(buyer.token, g.id, { key });
    expect(r.status).toBe(201);
    secrets.push(key, r.body.pickupCode);
    const looked = await call('GET', `/api/communities/${communityId}/reservations?pickupCode=${r.body.pickupCode}`, {
      token: staff.token,
    });
    expect(looked.body.items).toHaveLength(1);
    const badFulfil = await call('POST', `/api/redemptions/${r.body.id}/fulfil`, {
      token: staff.token,
      body: { pickupCode: r.body.pickupCode === '123456' ? '654321' : '123456' },
    });
    expect(badFulfil.status).toBe(400);

    // Server-side failures: a lost answer (500, logged with its error) and a database that stays busy (503).
    const lost = injectFaults({ lostResponse: 1 });
    const key2 = `secret-key-${Math.random().toString(36).slice(2)}`;
    expect((await redeemCall(buyer.token, g.id, { key: key2 })).status).toBe(500);
    lost.remove();
    const busy = injectFaults({ throttle: 1 });
    const key3 = `secret-key-${Math.random().toString(36).slice(2)}`;
    expect((await redeemCall(buyer.token, g.id, { key: key3 })).status).toBe(503);
    busy.remove();
    secrets.push(key2, key3);

    // A bin: its secret (shown once), its signatures, a wrong signature and an unknown bin.
    const bin = await registerBin(communityId, staff.token);
    const holder = await residentWithCard(communityId, staff.token);
    const ts = String(Math.floor(Date.now() / 1000));
    const raw = JSON.stringify({ scans: [scan(holder.cardNo)] });
    const signature = signBinBody(bin.secret, ts, raw);
    expect((await upload(bin, undefined, { raw, timestamp: ts, signature })).status).toBe(200);
    const forged = signBinBody(`${bin.secret}x`, ts, raw);
    expect((await upload(bin, undefined, { raw, timestamp: ts, signature: forged })).status).toBe(401);
    const listed = await call('GET', `/api/communities/${communityId}/bins`, { token: staff.token });
    expect(JSON.stringify(listed.body)).not.toContain(bin.secret);
    secrets.push(bin.secret, signature, forged, holder.token);

    const all = lines.join('\n');
    expect(lines.length).toBeGreaterThan(10);
    expect(all).toContain('unhandled error');
    expect(all).toContain('retry exhausted');
    for (const s of secrets) expect(all, `a log line holds ${s.slice(0, 12)}…`).not.toContain(s);
    for (const l of lines) expect(() => JSON.parse(l)).not.toThrow();
  });
});
