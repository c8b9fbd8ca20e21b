import { useTestClock } from '../fixtures/test-clock.js';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { config } from '../../functions/config.js';
import { DAY, HOUR, localDay, MINUTE } from '../../shared/time.js';
import { call, useTable, type Call } from '../fixtures/api.js';
import { injectFaults, seeded, type FaultStats } from '../fixtures/faults.js';
import { communityWithStaff, newCardNo, registerBin, residentWithCard, upload } from '../fixtures/garbage.js';
import { invariantViolations, scanTable } from '../fixtures/invariants.js';
import { between, insist, pool, size, SUITE_SEED } from '../fixtures/resilience.js';

useTable();

const SCANS = size(160, 5000);
const HOLDERS = size(36, 400);
const BINS = size(3, 10);

interface Drop {
  scanId: string;
  binIx: number;
  cardNo: string;
  category: string;
  correct: boolean;
  weightGrams: number;
  scannedAt: string;
  /** Who the card belongs to, or null for a card nobody holds. */
  holder: number | null;
  /** Why it must be refused, if it must. */
  refused?: 'future' | 'stale' | 'unknown-card';
}

/**
 * Exactly-once credit of bin scans. Hundreds (soak: thousands) of distinct scans reach the API in
 * signed batches; every scan is delivered 1–5 times, in different batches, concurrently; a bin resends
 * a batch while it gets a 5xx; after a simulated gap longer than DynamoDB's 10-minute
 * ClientRequestToken window a third of the batches are sent again. The database client loses the
 * answer of some credit transactions after they were applied, and sometimes conflicts or throttles.
 * Each person's points must be exactly the distinct correct drops within the daily cap, the ledger
 * must add up, and the statistics must count each scan once.
 */
describe(`exactly-once garbage credit (seed ${SUITE_SEED})`, () => {
  const random = seeded(SUITE_SEED + 31);
  let communityId: string;
  let staffToken: string;
  let holders: { userId: string; token: string; cardNo: string }[];
  let bins: { id: string; secret: string }[];
  let faults: { stats: FaultStats; remove(): void } | undefined;
  const drops: Drop[] = [];

  beforeAll(async () => {
    const c = await communityWithStaff();
    communityId = c.communityId;
    staffToken = c.staff;
    bins = await pool(Array.from({ length: BINS }), 4, (_, i) => registerBin(communityId, c.staff, `韧性桶站${i}`));
    holders = await pool(Array.from({ length: HOLDERS }), 8, () => residentWithCard(communityId, c.staff));
    const now = Date.now();
    for (let i = 0; i < SCANS; i++) {
      const r = random();
      const holder = r < 0.04 ? null : between(random, 0, HOLDERS - 1);
      // Mostly within the last 6 days; a few from the future or older than 7 days.
      let at = now - between(random, 0, 6 * 24) * HOUR - between(random, 0, 59) * MINUTE;
      let refused: Drop['refused'] = holder === null ? 'unknown-card' : undefined;
      if (r > 0.98) {
        at = now + 20 * MINUTE;
        refused = 'future';
      } else if (r > 0.96) {
        at = now - 8 * DAY;
        refused = 'stale';
      }
      drops.push({
        scanId: `r-${SUITE_SEED}-${i}`,
        // People mostly use the bin by their door, sometimes another.
        binIx: holder !== null && random() < 0.8 ? holder % BINS : between(random, 0, BINS - 1),
        cardNo: holder === null ? newCardNo() : holders[holder]!.cardNo,
        category: ['kitchen', 'recyclable', 'hazardous', 'other'][between(random, 0, 3)]!,
        correct: random() < 0.75,
        weightGrams: between(random, 50, 3000),
        scannedAt: new Date(at).toISOString(),
        holder,
        refused,
      });
    }
  }, 600_000);
  afterAll(() => {
    faults?.remove();
    useTestClock();
  });

  it('credits each distinct scan once, with copies, lost answers and resends after a 10-minute gap', async () => {
    // Each scan delivered 1–5 times, the copies shuffled into batches of up to 25 per bin.
    const batches: { binIx: number; scans: Omit<Drop, 'binIx' | 'holder' | 'refused'>[] }[] = [];
    for (let b = 0; b < BINS; b++) {
      const copies = drops
        .filter((d) => d.binIx === b)
        .flatMap((d) => Array.from({ length: between(random, 1, 5) }, () => d));
      for (let i = copies.length - 1; i > 0; i--) {
        const j = between(random, 0, i);
        [copies[i], copies[j]] = [copies[j]!, copies[i]!];
      }
      while (copies.length > 0) {
        const batch = copies.splice(0, between(random, 1, 25));
        batches.push({
          binIx: b,
          scans: batch.map(({ binIx: _b, holder: _h, refused: _r, ...s }) => s),
        });
      }
    }
    // A bin resends on a 5xx, signing again with its clock.
    const send = (k: number) => insist(() => upload(bins[batches[k]!.binIx]!, { scans: batches[k]!.scans }), 20);

    vi.useFakeTimers({ toFake: ['Date'], shouldAdvanceTime: true });
    faults = injectFaults({
      lostResponse: 0.1,
      lostResponseSdk: 0.05,
      conflict: 0.05,
      throttle: 0.05,
      random: seeded(SUITE_SEED + 32),
    });
    const first = await pool(
      batches.map((_, k) => k),
      8,
      send,
    );
    expect(faults.stats.lostResponses).toBeGreaterThan(0);
    // Past the ClientRequestToken window: only the forever dedupe items can tell these are repeats.
    vi.setSystemTime(Date.now() + 11 * MINUTE);
    const again = batches.map((_, k) => k).filter(() => random() < 0.33);
    const later = await pool(again, 8, send);
    faults.remove();

    const answers: Call[] = [...first, ...later].map((seen) => seen.at(-1)!);
    for (const a of answers) expect(a.status, JSON.stringify(a.body)).toBe(200);
    // The refused are refused every time, for their reason.
    const refusedIds = new Map(drops.filter((d) => d.refused).map((d) => [d.scanId, d.refused]));
    for (const a of answers) {
      for (const r of a.body.rejected as { scanId: string; reason: string }[]) {
        expect(r.reason).toBe(refusedIds.get(r.scanId));
      }
    }

    // The model: distinct accepted scans; per holder and local day, min(cap, correct drops × points per drop).
    const { garbageDailyCap: cap, garbagePointsPerDrop: perDrop, tzName } = config();
    const accepted = drops.filter((d) => !d.refused);
    const perDay = new Map<string, number>();
    for (const d of accepted.filter((x) => x.correct)) {
      const k = `${d.holder}|${localDay(d.scannedAt, tzName)}`;
      perDay.set(k, (perDay.get(k) ?? 0) + 1);
    }
    const expected = holders.map(() => 0);
    for (const [k, n] of perDay) expected[Number(k.split('|')[0])]! += Math.min(cap, n * perDrop);

    const items = await scanTable();
    const stored = items.filter((i) => i.type === 'SCAN');
    expect(stored.map((s) => s.scanId).sort()).toEqual(accepted.map((d) => d.scanId).sort());
    for (const [i, h] of holders.entries()) {
      const me = (await call('GET', '/api/me', { token: h.token })).body;
      expect(me.balance, `holder ${i}`).toBe(expected[i]);
    }
    // The community's statistics count every accepted scan once.
    const months = [...new Set(accepted.map((d) => d.scannedAt).map((at) => localDay(at, tzName).slice(0, 7)))];
    for (const month of months) {
      const inMonth = accepted.filter((d) => localDay(d.scannedAt, tzName).startsWith(month));
      const stats = (await call('GET', `/api/communities/${communityId}/garbage?month=${month}`, { token: staffToken }))
        .body;
      const points = [...perDay]
        .filter(([k]) => k.split('|')[1]!.startsWith(month))
        .reduce((sum, [, n]) => sum + Math.min(cap, n * perDrop), 0);
      expect(stats).toMatchObject({
        month,
        scans: inMonth.length,
        correct: inMonth.filter((d) => d.correct).length,
        participants: new Set(inMonth.map((d) => d.holder)).size,
        pointsAwarded: points,
      });
    }
    expect(await invariantViolations()).toEqual([]);
  }, 900_000);
});
