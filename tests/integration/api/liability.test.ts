import { PutCommand } from '@aws-sdk/lib-dynamodb';
import { beforeAll, describe, expect, it } from 'vitest';
import { db, tableName } from '../../../functions/db/client.js';
import { config } from '../../../functions/config.js';
import { liabilityKey } from '../../../shared/db/keys.js';
import { call, signIn, userWith, useTable } from '../../fixtures/api.js';
import { balanceOf, gift, makeStreet, organizerOf, redeemCall, resident, staffOf } from '../../fixtures/rewards.js';
import { localMonth } from '../../../shared/time.js';

useTable();

let a: Awaited<ReturnType<typeof makeStreet>>;
let b: Awaited<ReturnType<typeof makeStreet>>;

/** The counters as the ledger core keeps them: the sum of deltas per ledger reason. */
const counters = (communityId: string, sums: Record<string, number>) =>
  db().send(
    new PutCommand({ TableName: tableName(), Item: { ...liabilityKey(communityId, 'TOTAL'), communityId, ...sums } }),
  );

beforeAll(async () => {
  a = await makeStreet();
  b = await makeStreet();
  await counters(a.communityId, { volunteer: 1000, garbage: 300, adjust: -20, redeem: -500, refund: 60 });
  await counters(a.otherCommunityId, { volunteer: 200, redeem: -50 });
  await counters(b.communityId, { garbage: 40 });
});

describe('GET /api/points/liability', () => {
  it('gives a community organiser issued by source, redeemed, refunded and outstanding', async () => {
    const org = await organizerOf(a.communityId);
    const r = await call('GET', `/api/points/liability?scope=community:${a.communityId}`, { token: org.token });
    expect(r.status).toBe(200);
    const figures = {
      issued: { volunteer: 1000, garbage: 300, adjust: -20, total: 1280 },
      redeemed: 500,
      refunded: 60,
      outstanding: 840,
    };
    expect(r.body.totals).toEqual(figures);
    expect(r.body.communities).toEqual([
      expect.objectContaining({ id: a.communityId, streetId: a.streetId, ...figures }),
    ]);
    expect(r.body.streets).toEqual([]);
  });

  it('adds up a street’s communities for its organiser; a community without counters is all zeros', async () => {
    const org = await userWith({ roles: [{ role: 'organizer', scope: `street:${a.streetId}` }] });
    const r = await call('GET', `/api/points/liability?scope=street:${a.streetId}`, { token: org.token });
    expect(r.status).toBe(200);
    expect(r.body.totals).toEqual({
      issued: { volunteer: 1200, garbage: 300, adjust: -20, total: 1480 },
      redeemed: 550,
      refunded: 60,
      outstanding: 990,
    });
    expect(r.body.communities).toHaveLength(2);
    const empty = await call('GET', `/api/points/liability?scope=community:${b.otherCommunityId}`, {
      token: (await signIn(config().adminPhone)).token,
    });
    expect(empty.body.totals.outstanding).toBe(0);
  });

  it('gives the admin the city with a row per street', async () => {
    const admin = await signIn(config().adminPhone);
    const r = await call('GET', '/api/points/liability?scope=city', { token: admin.token });
    expect(r.status).toBe(200);
    expect(r.body.totals.outstanding).toBe(990 + 40);
    const streetB = r.body.streets.find((s: { id: string }) => s.id === b.streetId);
    expect(streetB).toMatchObject({ issued: { garbage: 40, total: 40 }, outstanding: 40 });
    expect(r.body.communities.length).toBeGreaterThanOrEqual(4);
  });

  it('is for organisers of the scope and the admin only', async () => {
    const communityOrganizer = await organizerOf(a.communityId);
    const cases: [string, string, number][] = [
      [(await staffOf(a.communityId)).token, `community:${a.communityId}`, 403],
      [(await resident(a.communityId)).token, `community:${a.communityId}`, 403],
      [communityOrganizer.token, `street:${a.streetId}`, 403],
      [communityOrganizer.token, `community:${a.otherCommunityId}`, 403],
      [communityOrganizer.token, 'city', 403],
      [(await organizerOf(b.communityId)).token, `community:${a.communityId}`, 403],
      [communityOrganizer.token, 'street:01KAAAAAAAAAAAAAAAAAAAAAAA', 404],
      [communityOrganizer.token, 'town:1', 400],
    ];
    for (const [token, scope, status] of cases) {
      expect((await call('GET', `/api/points/liability?scope=${scope}`, { token })).status).toBe(status);
    }
    expect((await call('GET', '/api/points/liability?scope=city')).status).toBe(401);
  });

  it('follows credits, redemptions and refunds through the ledger core, all time and by month', async () => {
    const { communityId } = await makeStreet();
    const org = await organizerOf(communityId);
    const me = await resident(communityId, 100);
    const g = await gift((await staffOf(communityId)).token, { communityId, cost: 30 });
    const kept = await redeemCall(me.token, g.id);
    const undone = await redeemCall(me.token, g.id, { body: { quantity: 2 } });
    expect((await call('POST', `/api/redemptions/${undone.body.id}/cancel`, { token: me.token })).status).toBe(200);
    const expected = {
      issued: { volunteer: 0, garbage: 0, adjust: 100, total: 100 },
      redeemed: 90,
      refunded: 60,
      outstanding: 70,
    };
    const all = await call('GET', `/api/points/liability?scope=community:${communityId}`, { token: org.token });
    expect(all.body.totals).toEqual(expected);
    // Outstanding is what the community's only resident holds.
    expect(all.body.totals.outstanding).toBe(await balanceOf(me.token));
    expect(kept.status).toBe(201);
    const month = localMonth(new Date(), config().tzName);
    const monthly = await call('GET', `/api/points/liability?scope=community:${communityId}&month=${month}`, {
      token: org.token,
    });
    expect(monthly.body).toMatchObject({ month, totals: expected });
    const before = await call('GET', `/api/points/liability?scope=community:${communityId}&month=2020-01`, {
      token: org.token,
    });
    expect(before.body.totals.outstanding).toBe(0);
  });
});
