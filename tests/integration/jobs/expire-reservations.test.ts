import { beforeAll, describe, expect, it } from 'vitest';
import { getRedemption } from '../../../functions/db/redemptions.js';
import { sumLedger } from '../../../functions/db/ledger.js';
import { handler } from '../../../functions/jobs/expire-reservations.js';
import { expireReservations } from '../../../functions/services/redemptions.js';
import { DAY } from '../../../shared/time.js';
import { call, useTable } from '../../fixtures/api.js';
import {
  balanceOf,
  gift,
  makeStreet,
  redeemCall,
  resident,
  rewardOf,
  staffOf,
  type Person,
} from '../../fixtures/rewards.js';

useTable();

let communityId: string;
let staff: Person;

beforeAll(async () => {
  ({ communityId } = await makeStreet());
  staff = await staffOf(communityId);
});

/** A week and a day from now: every reservation made in this test is due. */
const afterExpiry = () => new Date(Date.now() + 8 * DAY);

describe('expiring reservations', () => {
  it('cancels and refunds reservations not collected within RESERVATION_DAYS, and leaves the others', async () => {
    await expireReservations(afterExpiry()); // clears what earlier tests left
    const g = await gift(staff.token, { communityId, cost: 10, stock: 10 });
    const me = await resident(communityId, 100);
    const due = (await redeemCall(me.token, g.id, { body: { quantity: 2 } })).body;
    const collected = (await redeemCall(me.token, g.id)).body;
    await call('POST', `/api/redemptions/${collected.id}/fulfil`, {
      token: staff.token,
      body: { pickupCode: collected.pickupCode },
    });
    expect(await balanceOf(me.token)).toBe(70);

    const early = await expireReservations(new Date(Date.now() + 6 * DAY));
    expect(early.expired).toBe(0);
    expect((await getRedemption(due.id))!.status).toBe('reserved');

    const run = await expireReservations(afterExpiry());
    expect(run).toEqual({ expired: 1, skipped: 0 });
    const r = (await getRedemption(due.id))!;
    expect(r).toMatchObject({ status: 'cancelled', cancelReason: 'expired' });
    expect(await balanceOf(me.token)).toBe(90);
    expect(await sumLedger(me.userId)).toBe(90);
    expect((await rewardOf(g.id)).stock).toBe(9);
    const [refund] = (await call('GET', '/api/me/ledger', { token: me.token })).body.items;
    expect(refund).toMatchObject({ delta: 20, reason: 'refund', ref: `redemption:${due.id}` });
    expect((await getRedemption(collected.id))!.status).toBe('fulfilled');
    // The pickup code no longer opens anything.
    const stale = await call('POST', `/api/redemptions/${due.id}/fulfil`, {
      token: staff.token,
      body: { pickupCode: due.pickupCode },
    });
    expect(stale.status).toBe(409);
    expect(await expireReservations(afterExpiry())).toEqual({ expired: 0, skipped: 0 });
  });

  it('refunds each reservation once when two runs overlap', async () => {
    await expireReservations(afterExpiry());
    const g = await gift(staff.token, { communityId, cost: 10, stock: 30 });
    const people = await Promise.all(Array.from({ length: 6 }, () => resident(communityId, 100)));
    for (const p of people) {
      for (let i = 0; i < 2; i++) expect((await redeemCall(p.token, g.id)).status).toBe(201);
    }
    expect((await rewardOf(g.id)).stock).toBe(18);
    const at = afterExpiry();
    const [a, b] = await Promise.all([expireReservations(at), expireReservations(at)]);
    expect(a!.expired + b!.expired).toBe(12);
    for (const p of people) {
      expect(await balanceOf(p.token)).toBe(100);
      expect(await sumLedger(p.userId)).toBe(100);
    }
    expect((await rewardOf(g.id)).stock).toBe(30);
  });

  it('lets exactly one of expiry and a fulfilment win each reservation', async () => {
    await expireReservations(afterExpiry());
    const g = await gift(staff.token, { communityId, cost: 10, stock: 30 });
    const people = await Promise.all(Array.from({ length: 8 }, () => resident(communityId, 50)));
    const reservations = [];
    for (const p of people) reservations.push({ p, r: (await redeemCall(p.token, g.id)).body });
    const [run, ...fulfils] = await Promise.all([
      expireReservations(afterExpiry()),
      ...reservations.map(({ r }) =>
        call('POST', `/api/redemptions/${r.id}/fulfil`, { token: staff.token, body: { pickupCode: r.pickupCode } }),
      ),
    ]);
    let handedOver = 0;
    for (const [i, { p, r }] of reservations.entries()) {
      const f = fulfils[i]!;
      const final = (await getRedemption(r.id))!;
      if (f.status === 200) {
        handedOver++;
        expect(final.status).toBe('fulfilled');
        expect(await balanceOf(p.token)).toBe(40);
      } else {
        expect(f.status).toBe(409);
        expect(final.status).toBe('cancelled');
        expect(await balanceOf(p.token)).toBe(50);
      }
      expect(await sumLedger(p.userId)).toBe(await balanceOf(p.token));
    }
    expect((run as { expired: number }).expired).toBe(reservations.length - handedOver);
    expect((await rewardOf(g.id)).stock).toBe(30 - handedOver);
  });

  it('stops at its per-run bound and leaves the rest for the next run', async () => {
    await expireReservations(afterExpiry());
    const g = await gift(staff.token, { communityId, cost: 10 });
    const me = await resident(communityId, 30);
    for (let i = 0; i < 3; i++) expect((await redeemCall(me.token, g.id)).status).toBe(201);
    expect(await expireReservations(afterExpiry(), { maxPerRun: 2 })).toEqual({ expired: 2, skipped: 0 });
    expect(await balanceOf(me.token)).toBe(20);
    expect(await expireReservations(afterExpiry(), { maxPerRun: 2 })).toEqual({ expired: 1, skipped: 0 });
    expect(await balanceOf(me.token)).toBe(30);
  });

  it('runs as the scheduled Lambda handler', async () => {
    const g = await gift(staff.token, { communityId, cost: 10 });
    const me = await resident(communityId, 10);
    expect((await redeemCall(me.token, g.id)).status).toBe(201);
    const run = await handler({}, { getRemainingTimeInMillis: () => 120_000 });
    // Made just now, so not due: the handler uses the real clock.
    expect(run.expired).toBe(0);
    expect(await balanceOf(me.token)).toBe(0);
  });
});
