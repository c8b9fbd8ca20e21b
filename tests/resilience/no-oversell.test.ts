import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { call, useTable, type Call } from '../fixtures/api.js';
import { injectFaults, seeded, type FaultStats } from '../fixtures/faults.js';
import { invariantViolations } from '../fixtures/invariants.js';
import { between, insist, pool, size, SUITE_SEED } from '../fixtures/resilience.js';
import { gift, makeStreet, newKey, redeemCall, resident, staffOf, type Person } from '../fixtures/rewards.js';

useTable();

/**
 * Hundreds of residents rush a few gifts with small stocks. Every request is sent 1–3 times at once
 * with the same Idempotency-Key, and each copy is sent again while it gets a 5xx; meanwhile the
 * database client injects TransactionConflict and throttling before sending, and loses the answer
 * after a write. Exactly `stock` units must go, nobody may be charged twice or go below 0, and the
 * ledger must add up.
 */
const INTENTS = size(160, 2400);
const RESIDENTS = size(60, 500);
const STOCKS = [1, 2, 3, 5, 8].slice(0, size(4, 5)).map((s) => s * size(1, 4));
const COST = 10;
const ALLOWED_409 = ['out-of-stock', 'insufficient-points', 'limit-reached'];

interface Intent {
  who: number;
  giftIx: number;
  quantity: number;
  key: string;
  copies: number;
}

describe(`no oversell, no negative balance (seed ${SUITE_SEED})`, () => {
  const random = seeded(SUITE_SEED);
  let communityId: string;
  let staff: Person;
  let people: Person[];
  let rushers: Person[];
  let initialPoints: number[];
  const gifts: { id: string; stock: number; limit: number | null }[] = [];
  const initialStock = new Map<string, number>();
  let faults: { stats: FaultStats; remove(): void };

  beforeAll(async () => {
    ({ communityId } = await makeStreet());
    staff = await staffOf(communityId);
    for (const [i, stock] of STOCKS.entries()) {
      // One gift allows one per person, so quantity 2 meets limit-reached.
      const limit = i === 0 ? 1 : null;
      const g = await gift(staff.token, {
        communityId,
        name: `礼品${i}`,
        cost: COST,
        stock,
        ...(limit ? { limitPerUser: limit } : {}),
      });
      gifts.push({ id: g.id, stock, limit });
      initialStock.set(g.id, stock);
    }
    // A third can afford one unit only, so some lose to insufficient-points rather than stock.
    initialPoints = Array.from({ length: RESIDENTS }, (_, i) => (i % 3 === 0 ? COST : COST * 6));
    people = await pool(initialPoints, 8, (points) => resident(communityId, points));
    rushers = await pool(
      Array.from({ length: 16 }, () => 1000),
      8,
      (points) => resident(communityId, points),
    );
    faults = injectFaults({
      conflict: 0.15,
      throttle: 0.1,
      lostResponse: 0.1,
      lostResponseSdk: 0.05,
      loseFirstSuccess: true,
      random: seeded(SUITE_SEED + 1),
    });
  });
  afterAll(() => faults.remove());

  const intents: Intent[] = [];
  const outcomes: Call[][][] = [];

  it('sells exactly the stock of each gift, once per Idempotency-Key, under conflicts, throttling and lost answers', async () => {
    for (let i = 0; i < INTENTS; i++) {
      intents.push({
        who: between(random, 0, RESIDENTS - 1),
        giftIx: between(random, 0, gifts.length - 1),
        quantity: random() < 0.8 ? 1 : 2,
        key: newKey(),
        copies: between(random, 1, 3),
      });
    }
    const results = await pool(intents, 24, (t) =>
      Promise.all(
        Array.from({ length: t.copies }, () =>
          insist(() =>
            redeemCall(people[t.who]!.token, gifts[t.giftIx]!.id, { key: t.key, body: { quantity: t.quantity } }),
          ),
        ),
      ),
    );
    outcomes.push(...results);

    // The faults really happened.
    expect(faults.stats.conflicts).toBeGreaterThan(0);
    expect(faults.stats.throttles).toBeGreaterThan(0);
    expect(faults.stats.lostResponses).toBeGreaterThan(0);

    const won = new Map<string, { intent: Intent; id: string }>();
    for (const [i, copies] of results.entries()) {
      const t = intents[i]!;
      const finals = copies.map((seen) => seen.at(-1)!);
      for (const f of finals) {
        expect(f.status, JSON.stringify(f.body)).toBeLessThan(500);
        if (f.status === 409) expect(ALLOWED_409).toContain(String(f.body.type).replace('/problems/', ''));
        else expect(f.status).toBe(201);
      }
      const ids = new Set(finals.filter((f) => f.status === 201).map((f) => f.body.id as string));
      // Copies of one request never make two redemptions.
      expect(ids.size).toBeLessThanOrEqual(1);
      const [id] = ids;
      if (id) won.set(t.key, { intent: t, id });
    }

    for (const [ix, g] of gifts.entries()) {
      const sold = [...won.values()].filter((w) => w.intent.giftIx === ix);
      const units = sold.reduce((s, w) => s + w.intent.quantity, 0);
      const demand = intents.filter((t) => t.giftIx === ix).reduce((s, t) => s + t.quantity, 0);
      expect(demand).toBeGreaterThan(g.stock);
      // A quantity-2 request may find one unit left and lose; never more than the stock.
      expect(units).toBeLessThanOrEqual(g.stock);
      expect(units).toBeGreaterThanOrEqual(g.stock - 1);
      const reward = (await call('GET', `/api/rewards/${g.id}`)).body;
      expect(reward.stock).toBe(g.stock - units);
    }

    // Each person paid exactly for what they won.
    for (const [i, p] of people.entries()) {
      const mine = [...won.values()].filter((w) => w.intent.who === i);
      const spent = mine.reduce((s, w) => s + w.intent.quantity * COST, 0);
      const me = (await call('GET', '/api/me', { token: p.token })).body;
      expect(me.balance, `resident ${i}`).toBe(initialPoints[i]! - spent);
      const list = (await call('GET', '/api/me/redemptions?limit=100', { token: p.token })).body.items as {
        id: string;
      }[];
      expect(new Set(list.map((r) => r.id))).toEqual(new Set(mine.map((w) => w.id)));
    }
    expect(await invariantViolations({ initialStock })).toEqual([]);
  }, 600_000);

  it('refunds each cancel once, though owner and staff cancel together, and sells the freed stock exactly once more', async () => {
    const reserved: { id: string; owner: Person; giftIx: number; quantity: number }[] = [];
    for (const [i, copies] of outcomes.entries()) {
      const f = copies.flat().find((c) => c.status === 201);
      if (f) reserved.push({ id: f.body.id, owner: people[intents[i]!.who]!, ...intents[i]! });
    }
    const toCancel = reserved.filter((_, i) => i % 2 === 0);
    expect(toCancel.length).toBeGreaterThan(0);
    const cancels = await Promise.all(
      toCancel.map((r) =>
        Promise.all([
          insist(() => call('POST', `/api/redemptions/${r.id}/cancel`, { token: r.owner.token })),
          insist(() => call('POST', `/api/redemptions/${r.id}/cancel`, { token: staff.token })),
        ]),
      ),
    );
    for (const pair of cancels) {
      const finals = pair.map((seen) => seen.at(-1)!);
      for (const f of finals) expect([200, 409]).toContain(f.status);
    }
    for (const r of toCancel) {
      const got = (await call('GET', `/api/redemptions/${r.id}`, { token: r.owner.token })).body;
      expect(got.status).toBe('cancelled');
    }
    const stockNow = await Promise.all(
      gifts.map(async (g) => (await call('GET', `/api/rewards/${g.id}`)).body.stock as number),
    );
    for (const [ix, g] of gifts.entries()) {
      const kept = reserved.filter((r) => r.giftIx === ix && !toCancel.includes(r));
      expect(stockNow[ix], `gift ${ix}`).toBe(g.stock - kept.reduce((s, r) => s + r.quantity, 0));
    }

    // A second rush of single units by fresh residents takes exactly what came back, once.
    const rush = gifts.flatMap((g, ix) =>
      Array.from({ length: stockNow[ix]! + 4 }, (_, k) => ({
        g,
        ix,
        who: rushers[k % rushers.length]!,
        key: newKey(),
      })),
    );
    const second = await pool(rush, 24, (t) =>
      Promise.all([0, 1].map(() => insist(() => redeemCall(t.who.token, t.g.id, { key: t.key })))),
    );
    for (const [ix, g] of gifts.entries()) {
      const finals = second.filter((_, k) => rush[k]!.ix === ix).flatMap((pair) => pair.map((seen) => seen.at(-1)!));
      for (const f of finals) expect([201, 409]).toContain(f.status);
      const ids = new Set(finals.filter((f) => f.status === 201).map((f) => f.body.id as string));
      expect(ids.size, `gift ${ix}`).toBe(stockNow[ix]);
      expect((await call('GET', `/api/rewards/${g.id}`)).body.stock).toBe(0);
    }
    expect(await invariantViolations({ initialStock })).toEqual([]);
  }, 600_000);
});
