import { beforeAll, describe, expect, it } from 'vitest';
import { sumLedger } from '../../../functions/db/ledger.js';
import { call, userWith, useTable } from '../../fixtures/api.js';
import { injectFaults } from '../../fixtures/faults.js';
import { makeStreet, newKey } from '../../fixtures/rewards.js';

useTable();

let communityId: string;
let organizer: Awaited<ReturnType<typeof userWith>>;
beforeAll(async () => {
  ({ communityId } = await makeStreet());
  organizer = await userWith({ roles: [{ role: 'organizer', scope: `community:${communityId}` }] });
});

const adjust = (body: unknown, key?: string, token = organizer.token) =>
  call('POST', '/api/points/adjustments', { token, body, headers: key ? { 'idempotency-key': key } : {} });
const ledgerOf = async (token: string) => (await call('GET', '/api/me/ledger', { token })).body.items as unknown[];

describe('POST /api/points/adjustments with an Idempotency-Key', () => {
  it('applies a correction once however often it is sent, and answers the first entry again', async () => {
    const p = await userWith({ communityId });
    const key = newKey();
    const body = { userId: p.userId, delta: 40, note: '补录' };
    const first = await adjust(body, key);
    expect(first.status).toBe(201);
    const again = await adjust(body, key);
    expect(again.status).toBe(201);
    expect(again.body).toEqual(first.body);
    expect(await ledgerOf(p.token)).toHaveLength(1);
    expect(await sumLedger(p.userId)).toBe(40);
  });

  it('applies it once when copies race, and once when the first answer was lost', async () => {
    const p = await userWith({ communityId });
    const body = { userId: p.userId, delta: 7, note: '并发' };
    const key = newKey();
    const racing = await Promise.all(Array.from({ length: 6 }, () => adjust(body, key)));
    expect(racing.map((r) => r.status)).toEqual(Array(6).fill(201));
    expect(new Set(racing.map((r) => r.body.id)).size).toBe(1);
    const lostKey = newKey();
    const lost = injectFaults({ lostResponse: 1 });
    const failed = await adjust({ ...body, note: '丢失的回答' }, lostKey);
    lost.remove();
    expect(failed.status).toBe(500);
    const retried = await adjust({ ...body, note: '丢失的回答' }, lostKey);
    expect(retried.status).toBe(201);
    expect(await ledgerOf(p.token)).toHaveLength(2);
    expect(await sumLedger(p.userId)).toBe(14);
  });

  it('refuses the same key with another body with 409 conflict, changing nothing', async () => {
    const p = await userWith({ communityId });
    const key = newKey();
    expect((await adjust({ userId: p.userId, delta: 5, note: 'a' }, key)).status).toBe(201);
    const other = await adjust({ userId: p.userId, delta: 6, note: 'a' }, key);
    expect(other.status).toBe(409);
    expect(other.body.type).toBe('/problems/conflict');
    expect(await sumLedger(p.userId)).toBe(5);
  });

  it('keeps keys per person adjusting, and without a key each request is its own correction', async () => {
    const p = await userWith({ communityId });
    const admin = await userWith({ roles: [{ role: 'admin', scope: 'city' }] });
    const key = newKey();
    const body = { userId: p.userId, delta: 3, note: '同一个键' };
    expect((await adjust(body, key)).status).toBe(201);
    expect((await adjust(body, key, admin.token)).status).toBe(201);
    expect((await adjust(body)).status).toBe(201);
    expect((await adjust(body)).status).toBe(201);
    expect(await sumLedger(p.userId)).toBe(12);
  });

  it('validates the key: 8–64 visible characters', async () => {
    const p = await userWith({ communityId });
    for (const key of ['short', 'x'.repeat(65), 'has space']) {
      const r = await adjust({ userId: p.userId, delta: 1, note: 'x' }, key);
      expect(r.status).toBe(400);
      expect(r.body.type).toBe('/problems/validation');
    }
    expect(await sumLedger(p.userId)).toBe(0);
  });
});
