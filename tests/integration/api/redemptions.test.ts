import { beforeAll, describe, expect, it } from 'vitest';
import { sumLedger } from '../../../functions/db/ledger.js';
import { call, userWith, useTable } from '../../fixtures/api.js';
import {
  balanceOf,
  gift,
  makeStreet,
  newKey,
  organizerOf,
  redeemCall,
  resident,
  rewardOf,
  staffOf,
  type Person,
} from '../../fixtures/rewards.js';

useTable();

let communityId: string;
let otherCommunityId: string;
let streetId: string;
let staff: Person;

beforeAll(async () => {
  ({ communityId, otherCommunityId, streetId } = await makeStreet());
  staff = await staffOf(communityId);
});

const ledgerOf = async (token: string) => (await call('GET', '/api/me/ledger?limit=100', { token })).body.items;
const myRedemptions = async (token: string) => (await call('GET', '/api/me/redemptions', { token })).body.items;

describe('POST /api/rewards/{id}/redemptions', () => {
  it('debits the points, reserves the stock and answers with a pickup code', async () => {
    const g = await gift(staff.token, { communityId, cost: 30, stock: 4 });
    const me = await resident(communityId, 100);
    const r = await redeemCall(me.token, g.id, { body: { quantity: 2 } });
    expect(r.status).toBe(201);
    expect(r.body).toMatchObject({ rewardId: g.id, quantity: 2, cost: 60, status: 'reserved', balanceAfter: 40 });
    expect(r.body.pickupCode).toMatch(/^\d{6}$/);
    const days = (Date.parse(r.body.expiresAt) - Date.parse(r.body.createdAt)) / 86_400_000;
    expect(days).toBe(7);
    expect(await balanceOf(me.token)).toBe(40);
    expect((await rewardOf(g.id)).stock).toBe(2);
    const [entry] = await ledgerOf(me.token);
    expect(entry).toMatchObject({ delta: -60, reason: 'redeem', ref: `redemption:${r.body.id}`, balanceAfter: 40 });
    const [mine] = await myRedemptions(me.token);
    expect(mine).toMatchObject({
      id: r.body.id,
      status: 'reserved',
      pickupCode: r.body.pickupCode,
      rewardName: '大米',
    });
  });

  it('defaults to one and accepts a request without a body', async () => {
    const g = await gift(staff.token, { communityId, cost: 5 });
    const me = await resident(communityId, 20);
    const r = await call('POST', `/api/rewards/${g.id}/redemptions`, {
      token: me.token,
      headers: { 'idempotency-key': newKey() },
    });
    expect(r.status).toBe(201);
    expect(r.body).toMatchObject({ quantity: 1, cost: 5, balanceAfter: 15 });
  });

  it('requires an Idempotency-Key of 8–64 characters and charges nothing without one', async () => {
    const g = await gift(staff.token, { communityId });
    const me = await resident(communityId, 100);
    for (const key of [null, 'short', 'x'.repeat(65)]) {
      const r = await redeemCall(me.token, g.id, { key });
      expect(r.status).toBe(400);
      expect(r.body.type).toBe('/problems/validation');
      expect(r.body.errors[0].path).toBe('idempotency-key');
    }
    expect(await balanceOf(me.token)).toBe(100);
    expect((await rewardOf(g.id)).stock).toBe(5);
  });

  it('rejects a quantity outside 1–10 with a validation problem', async () => {
    const g = await gift(staff.token, { communityId, stock: 100 });
    const me = await resident(communityId, 1000);
    for (const quantity of [0, 11, 1.5]) {
      const r = await redeemCall(me.token, g.id, { body: { quantity } });
      expect(r.status).toBe(400);
      expect(r.body.errors[0].path).toBe('quantity');
    }
  });

  it('answers 404 for an unknown gift', async () => {
    const me = await resident(communityId, 10);
    const r = await redeemCall(me.token, '01KAAAAAAAAAAAAAAAAAAAAAAA');
    expect(r.status).toBe(404);
  });

  it('lets only residents of the gift’s community redeem (403), writing nothing', async () => {
    const g = await gift(staff.token, { communityId });
    const outsider = await resident(otherCommunityId, 100);
    const homeless = await userWith();
    const otherStaff = await staffOf(otherCommunityId);
    for (const who of [outsider, homeless, otherStaff]) {
      const r = await redeemCall(who.token, g.id);
      expect(r.status).toBe(403);
      expect(r.body.type).toBe('/problems/forbidden');
    }
    expect(await balanceOf(outsider.token)).toBe(100);
    expect((await rewardOf(g.id)).stock).toBe(5);
    const anonymous = await call('POST', `/api/rewards/${g.id}/redemptions`, {
      body: {},
      headers: { 'idempotency-key': newKey() },
    });
    expect(anonymous.status).toBe(401);
  });

  it('refuses with insufficient-points and writes nothing', async () => {
    const g = await gift(staff.token, { communityId, cost: 50 });
    const me = await resident(communityId, 49);
    const r = await redeemCall(me.token, g.id);
    expect(r.status).toBe(409);
    expect(r.body.type).toBe('/problems/insufficient-points');
    expect(await balanceOf(me.token)).toBe(49);
    expect((await rewardOf(g.id)).stock).toBe(5);
    expect(await myRedemptions(me.token)).toEqual([]);
  });

  it('refuses with out-of-stock when the stock is short', async () => {
    const g = await gift(staff.token, { communityId, stock: 3 });
    const me = await resident(communityId, 1000);
    expect((await redeemCall(me.token, g.id, { body: { quantity: 2 } })).status).toBe(201);
    const short = await redeemCall(me.token, g.id, { body: { quantity: 2 } });
    expect(short.status).toBe(409);
    expect(short.body.type).toBe('/problems/out-of-stock');
    expect((await redeemCall(me.token, g.id)).status).toBe(201);
    const gone = await redeemCall(me.token, g.id);
    expect(gone.body.type).toBe('/problems/out-of-stock');
    expect(await balanceOf(me.token)).toBe(1000 - 30);
  });

  it('holds the per-person limit over the gift’s lifetime; cancelled ones do not count', async () => {
    const g = await gift(staff.token, { communityId, limitPerUser: 2, stock: 50 });
    const me = await resident(communityId, 1000);
    const first = await redeemCall(me.token, g.id);
    expect((await redeemCall(me.token, g.id)).status).toBe(201);
    const third = await redeemCall(me.token, g.id);
    expect(third.status).toBe(409);
    expect(third.body.type).toBe('/problems/limit-reached');
    const tooMany = await redeemCall((await resident(communityId, 1000)).token, g.id, { body: { quantity: 3 } });
    expect(tooMany.body.type).toBe('/problems/limit-reached');
    expect((await call('POST', `/api/redemptions/${first.body.id}/cancel`, { token: me.token })).status).toBe(200);
    expect((await redeemCall(me.token, g.id)).status).toBe(201);
    expect((await redeemCall(me.token, g.id)).body.type).toBe('/problems/limit-reached');
    expect(await balanceOf(me.token)).toBe(1000 - 20);
  });

  it('refuses outside the availability window and while inactive', async () => {
    const me = await resident(communityId, 1000);
    const hour = 3_600_000;
    const later = await gift(staff.token, {
      communityId,
      availableFrom: new Date(Date.now() + hour).toISOString(),
    });
    const over = await gift(staff.token, {
      communityId,
      availableFrom: new Date(Date.now() - 2 * hour).toISOString(),
      availableUntil: new Date(Date.now() - hour).toISOString(),
    });
    const open = await gift(staff.token, {
      communityId,
      // Another zone's offset is stored in UTC, so the window compares right.
      availableFrom: new Date(Date.now() - hour).toISOString().replace('Z', '+00:00'),
      availableUntil: new Date(Date.now() + hour).toISOString(),
    });
    for (const g of [later, over]) {
      const r = await redeemCall(me.token, g.id);
      expect(r.status).toBe(409);
      expect(r.body.type).toBe('/problems/outside-window');
    }
    expect((await redeemCall(me.token, open.id)).status).toBe(201);
    const off = await call('PATCH', `/api/rewards/${open.id}`, { token: staff.token, body: { active: false } });
    expect(off.body.active).toBe(false);
    expect((await redeemCall(me.token, open.id)).body.type).toBe('/problems/outside-window');
    expect(await balanceOf(me.token)).toBe(990);
  });
});

describe('Idempotency-Key', () => {
  it('returns the same redemption for the same key and body and charges once', async () => {
    const g = await gift(staff.token, { communityId, cost: 10 });
    const me = await resident(communityId, 100);
    const key = newKey();
    const first = await redeemCall(me.token, g.id, { key });
    const again = await redeemCall(me.token, g.id, { key });
    const explicit = await redeemCall(me.token, g.id, { key, body: { quantity: 1 } });
    expect(first.status).toBe(201);
    expect(again.status).toBe(201);
    expect(again.body).toEqual(first.body);
    expect(explicit.body).toEqual(first.body);
    expect(await balanceOf(me.token)).toBe(90);
    expect((await rewardOf(g.id)).stock).toBe(4);
    expect(await myRedemptions(me.token)).toHaveLength(1);
  });

  it('replays the first answer even after the reservation was cancelled or sold out', async () => {
    const g = await gift(staff.token, { communityId, cost: 10, stock: 1 });
    const me = await resident(communityId, 100);
    const key = newKey();
    const first = await redeemCall(me.token, g.id, { key });
    expect((await rewardOf(g.id)).stock).toBe(0);
    expect((await redeemCall(me.token, g.id, { key })).body).toEqual(first.body);
    await call('POST', `/api/redemptions/${first.body.id}/cancel`, { token: me.token });
    const late = await redeemCall(me.token, g.id, { key });
    expect(late.status).toBe(201);
    expect(late.body.id).toBe(first.body.id);
    expect(await balanceOf(me.token)).toBe(100);
  });

  it('answers 409 conflict for the same key with another body, changing nothing', async () => {
    const g = await gift(staff.token, { communityId, cost: 10 });
    const other = await gift(staff.token, { communityId, cost: 10 });
    const me = await resident(communityId, 100);
    const key = newKey();
    expect((await redeemCall(me.token, g.id, { key })).status).toBe(201);
    const more = await redeemCall(me.token, g.id, { key, body: { quantity: 2 } });
    expect(more.status).toBe(409);
    expect(more.body.type).toBe('/problems/conflict');
    const elsewhere = await redeemCall(me.token, other.id, { key });
    expect(elsewhere.status).toBe(409);
    expect(elsewhere.body.type).toBe('/problems/conflict');
    expect(await balanceOf(me.token)).toBe(90);
    expect((await rewardOf(other.id)).stock).toBe(5);
  });

  it('scopes keys to the person: two residents may use the same key', async () => {
    const g = await gift(staff.token, { communityId, cost: 10 });
    const a = await resident(communityId, 100);
    const b = await resident(communityId, 100);
    const key = newKey();
    const ra = await redeemCall(a.token, g.id, { key });
    const rb = await redeemCall(b.token, g.id, { key });
    expect(ra.status).toBe(201);
    expect(rb.status).toBe(201);
    expect(rb.body.id).not.toBe(ra.body.id);
  });

  it('charges once when the same request races itself', async () => {
    const g = await gift(staff.token, { communityId, cost: 10, stock: 20 });
    const me = await resident(communityId, 100);
    const key = newKey();
    const all = await Promise.all(Array.from({ length: 8 }, () => redeemCall(me.token, g.id, { key })));
    expect(all.map((r) => r.status)).toEqual(Array(8).fill(201));
    for (const r of all) expect(r.body).toEqual(all[0]!.body);
    expect(await balanceOf(me.token)).toBe(90);
    expect(await sumLedger(me.userId)).toBe(90);
    expect((await rewardOf(g.id)).stock).toBe(19);
    expect(await myRedemptions(me.token)).toHaveLength(1);
  });

  it('gives a racing twin with another body 409 and charges only the winner', async () => {
    const g = await gift(staff.token, { communityId, cost: 10, stock: 20 });
    const me = await resident(communityId, 100);
    const key = newKey();
    const [one, two] = await Promise.all([
      redeemCall(me.token, g.id, { key, body: { quantity: 1 } }),
      redeemCall(me.token, g.id, { key, body: { quantity: 2 } }),
    ]);
    const statuses = [one!.status, two!.status].sort();
    expect(statuses).toEqual([201, 409]);
    const won = one!.status === 201 ? one! : two!;
    expect(await balanceOf(me.token)).toBe(100 - won.body.cost);
    expect(await sumLedger(me.userId)).toBe(100 - won.body.cost);
  });
});

describe('a rush on a small stock', () => {
  it('has exactly `stock` winners, each charged once, retries included; stock ends at 0', async () => {
    const stock = 5;
    const g = await gift(staff.token, { communityId, cost: 20, stock, limitPerUser: 1 });
    const people = await Promise.all(Array.from({ length: 24 }, () => resident(communityId, 50)));
    // Each resident taps once and the phone retries the same request twice (same key).
    const taps = people.flatMap((p) => {
      const key = newKey();
      return [0, 1, 2].map(() => ({ p, key }));
    });
    taps.sort(() => Math.random() - 0.5);
    const answers = await Promise.all(
      taps.map(async ({ p, key }) => ({ p, r: await redeemCall(p.token, g.id, { key }) })),
    );
    for (const { r } of answers) {
      expect([201, 409]).toContain(r.status);
      if (r.status === 409) expect(r.body.type).toBe('/problems/out-of-stock');
    }
    const winners = new Set(answers.filter((a) => a.r.status === 201).map((a) => a.p.userId));
    const redemptionIds = new Set(answers.filter((a) => a.r.status === 201).map((a) => a.r.body.id));
    expect(winners.size).toBe(stock);
    expect(redemptionIds.size).toBe(stock);
    const after = await rewardOf(g.id);
    expect(after.stock).toBe(0);
    expect(after.redeemed).toBe(stock);
    for (const p of people) {
      const balance = await balanceOf(p.token);
      expect(balance).toBe(winners.has(p.userId) ? 30 : 50);
      expect(await sumLedger(p.userId)).toBe(balance);
    }
    const list = await call('GET', `/api/rewards/${g.id}/redemptions?limit=100`, { token: staff.token });
    expect(list.body.items).toHaveLength(stock);
  });
});

describe('POST /api/redemptions/{id}/fulfil', () => {
  it('hands over with the right code, once', async () => {
    const g = await gift(staff.token, { communityId });
    const me = await resident(communityId, 100);
    const r = (await redeemCall(me.token, g.id)).body;
    const wrong = r.pickupCode === '000000' ? '111111' : '000000';
    const bad = await call('POST', `/api/redemptions/${r.id}/fulfil`, {
      token: staff.token,
      body: { pickupCode: wrong },
    });
    expect(bad.status).toBe(400);
    expect(bad.body.type).toBe('/problems/invalid-code');
    const ok = await call('POST', `/api/redemptions/${r.id}/fulfil`, {
      token: staff.token,
      body: { pickupCode: r.pickupCode },
    });
    expect(ok.status).toBe(200);
    expect(ok.body).toMatchObject({ id: r.id, status: 'fulfilled' });
    const twice = await call('POST', `/api/redemptions/${r.id}/fulfil`, {
      token: staff.token,
      body: { pickupCode: r.pickupCode },
    });
    expect(twice.status).toBe(409);
    expect(twice.body.type).toBe('/problems/conflict');
    const [mine] = await myRedemptions(me.token);
    expect(mine.status).toBe('fulfilled');
    expect(mine.fulfilledAt).toBeTruthy();
    expect(await balanceOf(me.token)).toBe(90);
  });

  it('is for staff and organisers of that community only', async () => {
    const g = await gift(staff.token, { communityId });
    const me = await resident(communityId, 100);
    const r = (await redeemCall(me.token, g.id)).body;
    const otherStaff = await staffOf(otherCommunityId);
    const otherOrganizer = await organizerOf(otherCommunityId);
    for (const who of [me, otherStaff, otherOrganizer, await resident(communityId)]) {
      const res = await call('POST', `/api/redemptions/${r.id}/fulfil`, {
        token: who.token,
        body: { pickupCode: r.pickupCode },
      });
      expect(res.status).toBe(403);
    }
    const streetOrganizer = await userWith({ roles: [{ role: 'organizer', scope: `street:${streetId}` }] });
    const ok = await call('POST', `/api/redemptions/${r.id}/fulfil`, {
      token: streetOrganizer.token,
      body: { pickupCode: r.pickupCode },
    });
    expect(ok.status).toBe(200);
  });

  it('finds an open reservation by its typed code for staff, and drops it once handed over', async () => {
    const g = await gift(staff.token, { communityId });
    const me = await resident(communityId, 100, '王秀英');
    const r = (await redeemCall(me.token, g.id)).body;
    const path = `/api/communities/${communityId}/reservations?pickupCode=${r.pickupCode}`;
    const found = await call('GET', path, { token: staff.token });
    expect(found.status).toBe(200);
    expect(found.body.items).toEqual([
      expect.objectContaining({ redemptionId: r.id, rewardName: '大米', userName: '王秀英', quantity: 1 }),
    ]);
    expect((await call('GET', path, { token: me.token })).status).toBe(403);
    await call('POST', `/api/redemptions/${r.id}/fulfil`, { token: staff.token, body: { pickupCode: r.pickupCode } });
    expect((await call('GET', path, { token: staff.token })).body.items).toEqual([]);
  });
});

describe('POST /api/redemptions/{id}/cancel', () => {
  it('gives back points (ledger refund) and stock, exactly once', async () => {
    const g = await gift(staff.token, { communityId, cost: 25, stock: 3 });
    const me = await resident(communityId, 100);
    const r = (await redeemCall(me.token, g.id, { body: { quantity: 2 } })).body;
    expect((await rewardOf(g.id)).stock).toBe(1);
    const c = await call('POST', `/api/redemptions/${r.id}/cancel`, { token: me.token });
    expect(c.status).toBe(200);
    expect(c.body).toEqual({ id: r.id, status: 'cancelled', balanceAfter: 100 });
    expect((await rewardOf(g.id)).stock).toBe(3);
    const [refund] = await ledgerOf(me.token);
    expect(refund).toMatchObject({ delta: 50, reason: 'refund', ref: `redemption:${r.id}`, balanceAfter: 100 });
    const again = await call('POST', `/api/redemptions/${r.id}/cancel`, { token: me.token });
    expect(again.status).toBe(409);
    expect(await balanceOf(me.token)).toBe(100);
    expect(await sumLedger(me.userId)).toBe(100);
    const [mine] = await myRedemptions(me.token);
    expect(mine).toMatchObject({ status: 'cancelled', cancelReason: 'owner' });
  });

  it('refunds once when the owner and staff cancel at the same moment', async () => {
    const g = await gift(staff.token, { communityId, cost: 10 });
    const me = await resident(communityId, 100);
    const r = (await redeemCall(me.token, g.id)).body;
    const both = await Promise.all(
      [me, staff, me, staff].map((who) => call('POST', `/api/redemptions/${r.id}/cancel`, { token: who.token })),
    );
    expect(both.filter((x) => x.status === 200)).toHaveLength(1);
    expect(both.filter((x) => x.status === 409)).toHaveLength(3);
    expect(await balanceOf(me.token)).toBe(100);
    expect(await sumLedger(me.userId)).toBe(100);
    expect((await rewardOf(g.id)).stock).toBe(5);
  });

  it('is for the owner, staff and organisers of its community, only while reserved', async () => {
    const g = await gift(staff.token, { communityId });
    const me = await resident(communityId, 100);
    const r1 = (await redeemCall(me.token, g.id)).body;
    for (const who of [await resident(communityId, 0), await staffOf(otherCommunityId)]) {
      expect((await call('POST', `/api/redemptions/${r1.id}/cancel`, { token: who.token })).status).toBe(403);
    }
    const byStaff = await call('POST', `/api/redemptions/${r1.id}/cancel`, { token: staff.token });
    expect(byStaff.status).toBe(200);
    const r2 = (await redeemCall(me.token, g.id)).body;
    const organizer = await organizerOf(communityId);
    expect((await call('POST', `/api/redemptions/${r2.id}/cancel`, { token: organizer.token })).status).toBe(200);
    const r3 = (await redeemCall(me.token, g.id)).body;
    await call('POST', `/api/redemptions/${r3.id}/fulfil`, { token: staff.token, body: { pickupCode: r3.pickupCode } });
    const late = await call('POST', `/api/redemptions/${r3.id}/cancel`, { token: me.token });
    expect(late.status).toBe(409);
    expect(late.body.type).toBe('/problems/conflict');
    const afterCancel = await call('POST', `/api/redemptions/${r1.id}/fulfil`, {
      token: staff.token,
      body: { pickupCode: r1.pickupCode },
    });
    expect(afterCancel.status).toBe(409);
    expect(await balanceOf(me.token)).toBe(90);
  });
});

describe('reading redemptions', () => {
  it('shows staff the names but never the pickup codes; residents see only their own', async () => {
    const g = await gift(staff.token, { communityId });
    const me = await resident(communityId, 100, '李桂兰');
    const r = (await redeemCall(me.token, g.id)).body;
    const list = await call('GET', `/api/rewards/${g.id}/redemptions`, { token: staff.token });
    expect(list.status).toBe(200);
    expect(list.body.items[0]).toMatchObject({ id: r.id, userName: '李桂兰', status: 'reserved' });
    expect(list.body.items[0].pickupCode).toBeUndefined();
    const one = await call('GET', `/api/redemptions/${r.id}`, { token: staff.token });
    expect(one.body.pickupCode).toBeUndefined();
    expect((await call('GET', `/api/redemptions/${r.id}`, { token: me.token })).body.pickupCode).toBe(r.pickupCode);
    const stranger = await resident(communityId);
    expect((await call('GET', `/api/redemptions/${r.id}`, { token: stranger.token })).status).toBe(403);
    expect((await call('GET', `/api/rewards/${g.id}/redemptions`, { token: me.token })).status).toBe(403);
    const reserved = await call('GET', '/api/me/redemptions?status=fulfilled', { token: me.token });
    expect(reserved.body.items).toEqual([]);
  });
});
