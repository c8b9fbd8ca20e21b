import { beforeAll, describe, expect, it } from 'vitest';
import { config } from '../../../functions/config.js';
import { sumLedger } from '../../../functions/db/ledger.js';
import { getUser } from '../../../functions/db/users.js';
import { DAY, localMonth, MINUTE } from '../../../shared/time.js';
import { call, useTable } from '../../fixtures/api.js';
import { communityWithStaff, localNoon, registerBin, residentWithCard, scan, upload } from '../../fixtures/garbage.js';

useTable();

let communityId: string;
let staff: string;
let bin: { id: string; secret: string };

beforeAll(async () => {
  ({ communityId, staff } = await communityWithStaff());
  bin = await registerBin(communityId, staff);
});

const balance = async (userId: string) => (await getUser(userId, true))!.balance;

describe('POST /api/bins/{id}/scans — credits', () => {
  it('credits a correct drop 1 point through the ledger (reason garbage) and a wrong drop nothing', async () => {
    const r = await residentWithCard(communityId, staff);
    const res = await upload(bin, { scans: [scan(r.cardNo), scan(r.cardNo, { correct: false, category: 'other' })] });
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ accepted: 2, duplicates: 0, rejected: [], pointsAwarded: 1 });
    expect(await balance(r.userId)).toBe(1);
    const ledger = await call('GET', '/api/me/ledger', { token: r.token });
    expect(ledger.body.items).toHaveLength(1);
    expect(ledger.body.items[0]).toMatchObject({ delta: 1, reason: 'garbage', balanceAfter: 1 });
    expect(ledger.body.items[0].ref).toMatch(new RegExp(`^bin:${bin.id}:`));
    expect(await sumLedger(r.userId)).toBe(1);
  });

  it('caps a person at GARBAGE_DAILY_CAP points per local day of scannedAt, across batches', async () => {
    const r = await residentWithCard(communityId, staff);
    const cap = config().garbageDailyCap;
    const first = await upload(bin, { scans: Array.from({ length: cap - 1 }, () => scan(r.cardNo)) });
    expect(first.body.pointsAwarded).toBe(cap - 1);
    const second = await upload(bin, {
      scans: [scan(r.cardNo), scan(r.cardNo), scan(r.cardNo), scan(r.cardNo, { scannedAt: localNoon(2) })],
    });
    // one more fits the day; the other two earn nothing; another day has its own cap
    expect(second.body).toEqual({ accepted: 4, duplicates: 0, rejected: [], pointsAwarded: 2 });
    expect(await balance(r.userId)).toBe(cap + 1);
    expect(await sumLedger(r.userId)).toBe(cap + 1);
  });

  it('never credits a scanId twice: resent later, or repeated inside one batch', async () => {
    const r = await residentWithCard(communityId, staff);
    const s = scan(r.cardNo);
    const once = await upload(bin, { scans: [s] });
    expect(once.body).toMatchObject({ accepted: 1, duplicates: 0, pointsAwarded: 1 });
    const again = await upload(bin, { scans: [s, { ...s, correct: true, scannedAt: localNoon(3) }] });
    expect(again.body).toEqual({ accepted: 0, duplicates: 2, rejected: [], pointsAwarded: 0 });
    const twiceInOne = scan(r.cardNo, { scannedAt: localNoon(4) });
    const inBatch = await upload(bin, { scans: [twiceInOne, twiceInOne] });
    expect(inBatch.body).toMatchObject({ accepted: 1, duplicates: 1, pointsAwarded: 1 });
    expect(await balance(r.userId)).toBe(2);
  });

  it('treats the same scanId from another bin as a different scan (dedupe is per bin)', async () => {
    const r = await residentWithCard(communityId, staff);
    const other = await registerBin(communityId, staff, '二号桶站');
    const s = scan(r.cardNo);
    expect((await upload(bin, { scans: [s] })).body.accepted).toBe(1);
    expect((await upload(other, { scans: [s] })).body.accepted).toBe(1);
    expect(await balance(r.userId)).toBe(2);
  });

  it('credits the same batch delivered 5 times at once exactly once', async () => {
    const people = await Promise.all(Array.from({ length: 4 }, () => residentWithCard(communityId, staff)));
    const scans = people.flatMap((p) => [scan(p.cardNo), scan(p.cardNo), scan(p.cardNo, { correct: false })]);
    const all = await Promise.all(Array.from({ length: 5 }, () => upload(bin, { scans })));
    for (const res of all) expect(res.status).toBe(200);
    expect(all.reduce((n, r) => n + r.body.accepted, 0)).toBe(scans.length);
    expect(all.reduce((n, r) => n + r.body.duplicates, 0)).toBe(4 * scans.length);
    expect(all.reduce((n, r) => n + r.body.pointsAwarded, 0)).toBe(8);
    for (const p of people) {
      expect(await balance(p.userId)).toBe(2);
      expect(await sumLedger(p.userId)).toBe(2);
    }
  });

  it('holds the cap when two bins credit one person at the same moment', async () => {
    const r = await residentWithCard(communityId, staff);
    const cap = config().garbageDailyCap;
    await upload(bin, { scans: Array.from({ length: cap - 1 }, () => scan(r.cardNo)) });
    const binB = await registerBin(communityId, staff, '三号桶站');
    const binC = await registerBin(communityId, staff, '四号桶站');
    const [b, c] = await Promise.all([
      upload(binB, { scans: [scan(r.cardNo), scan(r.cardNo)] }),
      upload(binC, { scans: [scan(r.cardNo), scan(r.cardNo)] }),
    ]);
    expect(b.body.accepted + c.body.accepted).toBe(4);
    expect(b.body.pointsAwarded + c.body.pointsAwarded).toBe(1);
    expect(await balance(r.userId)).toBe(cap);
    expect(await sumLedger(r.userId)).toBe(cap);
  });

  it('moves the garbage_points boards of the holder’s community and month in the same transaction, once', async () => {
    const r = await residentWithCard(communityId, staff);
    const batch = { scans: [scan(r.cardNo), scan(r.cardNo), scan(r.cardNo, { correct: false })] };
    await upload(bin, batch);
    await upload(bin, batch);
    const month = localMonth(batch.scans[0]!.scannedAt, config().tzName);
    const board = await call(
      'GET',
      `/api/leaderboards?metric=garbage_points&scope=community:${communityId}&period=${month}&limit=100`,
      { token: r.token },
    );
    expect(board.status).toBe(200);
    expect(board.body.me).toMatchObject({ value: 2 });
    const city = await call('GET', `/api/leaderboards?metric=garbage_points&scope=city&period=all&limit=100`, {
      token: r.token,
    });
    expect(city.body.me).toMatchObject({ value: 2 });
  });

  it('judges each scan on its own: unknown card, stale, future', async () => {
    const r = await residentWithCard(communityId, staff);
    const now = Date.now();
    const ok = scan(r.cardNo);
    const unknown = scan('NOSUCHCARD01');
    const stale = scan(r.cardNo, { scannedAt: new Date(now - 7 * DAY - MINUTE).toISOString() });
    const future = scan(r.cardNo, { scannedAt: new Date(now + 6 * MINUTE).toISOString() });
    const nearFuture = scan(r.cardNo, { scannedAt: new Date(now + 3 * MINUTE).toISOString() });
    const res = await upload(bin, { scans: [ok, unknown, stale, future, nearFuture] });
    expect(res.status).toBe(200);
    expect(res.body.accepted).toBe(2);
    expect(res.body.rejected).toEqual(
      expect.arrayContaining([
        { scanId: unknown.scanId, reason: 'unknown-card' },
        { scanId: stale.scanId, reason: 'stale' },
        { scanId: future.scanId, reason: 'future' },
      ]),
    );
    expect(res.body.rejected).toHaveLength(3);
  });

  it('rejects the scans of a card once it is unbound', async () => {
    const r = await residentWithCard(communityId, staff);
    expect((await upload(bin, { scans: [scan(r.cardNo)] })).body.accepted).toBe(1);
    expect((await call('DELETE', `/api/cards/${r.cardNo}`, { token: staff })).status).toBe(204);
    const s = scan(r.cardNo, { scannedAt: localNoon(2) });
    const after = await upload(bin, { scans: [s] });
    expect(after.body).toEqual({
      accepted: 0,
      duplicates: 0,
      rejected: [{ scanId: s.scanId, reason: 'unknown-card' }],
      pointsAwarded: 0,
    });
    expect(await balance(r.userId)).toBe(1);
  });

  it('splits one holder with 100 scans over several days into transactions that fit, crediting each day to the cap', async () => {
    const r = await residentWithCard(communityId, staff);
    const scans = Array.from({ length: 100 }, (_, i) => scan(r.cardNo, { scannedAt: localNoon(1 + (i % 6)) }));
    const res = await upload(bin, { scans });
    expect(res.body).toMatchObject({ accepted: 100, duplicates: 0, pointsAwarded: 6 * config().garbageDailyCap });
    expect(await balance(r.userId)).toBe(6 * config().garbageDailyCap);
    expect(await sumLedger(r.userId)).toBe(6 * config().garbageDailyCap);
    const again = await upload(bin, { scans });
    expect(again.body).toMatchObject({ accepted: 0, duplicates: 100, pointsAwarded: 0 });
  });
});
