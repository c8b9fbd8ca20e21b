import type { InitializeMiddleware, MetadataBearer } from '@smithy/types';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { db } from '../../../functions/db/client.js';
import { sumLedger } from '../../../functions/db/ledger.js';
import { loadOrg } from '../../../functions/db/org.js';
import { getUser } from '../../../functions/db/users.js';
import { useTable } from '../../fixtures/api.js';
import { communityWithStaff, localNoon, registerBin, residentWithCard, scan, upload } from '../../fixtures/garbage.js';

useTable();

type Middleware = InitializeMiddleware<object, MetadataBearer>;

/** Counts every DynamoDB call the real client sends, by operation, and the most in flight at once. */
function countCalls() {
  const counts: Record<string, number> = {};
  let inFlight = 0;
  let maxInFlight = 0;
  const name = `count-${Math.random()}`;
  const counting: Middleware = (next, context) => async (args) => {
    const op = context.commandName ?? '?';
    counts[op] = (counts[op] ?? 0) + 1;
    maxInFlight = Math.max(maxInFlight, ++inFlight);
    try {
      return await next(args);
    } finally {
      inFlight--;
    }
  };
  db().middlewareStack.add(counting, { step: 'initialize', name });
  return {
    counts,
    total: () => Object.values(counts).reduce((a, b) => a + b, 0),
    maxInFlight: () => maxInFlight,
    stop: () => db().middlewareStack.remove(name),
  };
}

let stops: (() => void)[] = [];
afterEach(() => {
  stops.forEach((s) => s());
  stops = [];
});

let c: Awaited<ReturnType<typeof communityWithStaff>>;
let bin: { id: string; secret: string };

beforeAll(async () => {
  c = await communityWithStaff();
  bin = await registerBin(c.communityId, c.staff);
});

describe('DynamoDB calls of a 100-scan batch', () => {
  it('reads in batches and writes one transaction per card holder, a bounded number in flight', async () => {
    const holders = await Promise.all(Array.from({ length: 20 }, () => residentWithCard(c.communityId, c.staff)));
    await loadOrg(true); // the org cache is warm in a running Lambda
    const scans = Array.from({ length: 100 }, (_, i) =>
      // each holder: 5 scans over 2 days, one of them wrong
      scan(holders[i % 20]!.cardNo, {
        correct: Math.floor(i / 20) !== 2,
        scannedAt: localNoon(1 + (Math.floor(i / 20) % 2)),
      }),
    );
    const counter = countCalls();
    stops.push(counter.stop);
    const res = await upload(bin, { scans });
    counter.stop();
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ accepted: 100, duplicates: 0, rejected: [], pointsAwarded: 80 });
    // Reads: the bin (cached after registration), 2 BatchGets for 100 dedupe keys + 20 cards,
    // 1 for 20 profiles + 40 caps (60 keys); per holder 1 TransactWriteItems; the ledger core takes the
    // profile from the BatchGet instead of reading it again. Participant markers and the holders' teams
    // (boards) are the projector's reads now (issue 10), not the request's.
    expect(counter.counts.TransactWriteItemsCommand).toBe(20);
    expect(counter.counts.GetItemCommand ?? 0).toBeLessThanOrEqual(1); // the bin, if its cache expired
    expect(counter.counts.BatchGetItemCommand).toBe(3);
    expect(counter.counts.ScanCommand).toBeUndefined();
    expect(counter.counts.QueryCommand).toBeUndefined();
    expect(counter.total()).toBeLessThanOrEqual(20 + 4);
    expect(counter.maxInFlight()).toBeLessThanOrEqual(8);
    for (const h of holders) expect(await sumLedger(h.userId)).toBe((await getUser(h.userId, true))!.balance);
  });

  it('answers a resent batch from two BatchGets and writes nothing', async () => {
    const h = await residentWithCard(c.communityId, c.staff);
    const scans = Array.from({ length: 100 }, () => scan(h.cardNo, { correct: false }));
    await upload(bin, { scans });
    const counter = countCalls();
    stops.push(counter.stop);
    const again = await upload(bin, { scans });
    counter.stop();
    expect(again.body.duplicates).toBe(100);
    expect(counter.counts).toEqual({ BatchGetItemCommand: 2 });
  });
});

/** Makes the first TransactWriteItems reach the table and then "lose" its answer with `error`. */
function loseFirstTransactionAnswer(error: Error) {
  let done = false;
  const tokens: (string | undefined)[] = [];
  const name = `lose-${Math.random()}`;
  const losing: Middleware = (next, context) => async (args) => {
    const isTx = context.commandName === 'TransactWriteItemsCommand';
    if (isTx) tokens.push((args.input as { ClientRequestToken?: string }).ClientRequestToken);
    const out = await next(args);
    if (isTx && !done) {
      done = true;
      throw error;
    }
    return out;
  };
  db().middlewareStack.add(losing, { step: 'initialize', name });
  const stop = () => db().middlewareStack.remove(name);
  stops.push(stop);
  return { tokens, stop };
}

describe('a lost response', () => {
  it('is never credited twice: the bin sends the batch again and finds its scans already kept', async () => {
    const h = await residentWithCard(c.communityId, c.staff);
    const scans = [scan(h.cardNo), scan(h.cardNo)];
    const lose = loseFirstTransactionAnswer(Object.assign(new Error('socket hang up'), { name: 'TimeoutError' }));
    const first = await upload(bin, { scans });
    lose.stop();
    expect(first.status).toBe(500);
    expect((await getUser(h.userId, true))!.balance).toBe(2); // it was written
    const again = await upload(bin, { scans });
    expect(again.body).toEqual({ accepted: 0, duplicates: 2, rejected: [], pointsAwarded: 0 });
    expect((await getUser(h.userId, true))!.balance).toBe(2);
    expect(await sumLedger(h.userId)).toBe(2);
  });

  it('is never credited twice when the transaction is retried in-process with the same token', async () => {
    const h = await residentWithCard(c.communityId, c.staff);
    const scans = [scan(h.cardNo), scan(h.cardNo), scan(h.cardNo, { correct: false })];
    const lose = loseFirstTransactionAnswer(
      Object.assign(new Error('Internal server error'), { name: 'InternalServerError' }),
    );
    const res = await upload(bin, { scans });
    lose.stop();
    expect(res.status).toBe(200);
    expect(lose.tokens.length).toBeGreaterThanOrEqual(2);
    expect(lose.tokens[1]).toBe(lose.tokens[0]);
    // The table answers the repeat from its token (10-minute window) without applying it again.
    expect(res.body).toEqual({ accepted: 3, duplicates: 0, rejected: [], pointsAwarded: 2 });
    expect((await getUser(h.userId, true))!.balance).toBe(2);
    expect(await sumLedger(h.userId)).toBe(2);
  });
});
