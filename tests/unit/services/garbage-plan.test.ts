import { describe, expect, it } from 'vitest';
import type { BinRecord } from '../../../functions/db/bins.js';
import { GarbageState } from '../../../functions/db/garbage-state.js';
import { chunkScans, planCredit, type Candidate } from '../../../functions/services/garbage.js';
import { itemId } from '../../../functions/db/batch-get.js';
import { garbageCapKey } from '../../../shared/db/keys.js';

const bin: BinRecord = { id: 'B', communityId: 'C', name: '1号', keyVersion: 1, createdAt: '' };
const rules = { pointsPerDrop: 1, dailyCap: 3 };
const ctx = {
  userId: 'U',
  profile: { id: 'U', name: '王', communityId: 'C', balance: 0, ver: 0 },
  streetId: 'S',
  bin,
  shard: 2,
};

let n = 0;
const cand = (day: string, correct = true, cardNo = 'CARD0001'): Candidate => ({
  scanId: `s${n++}`,
  cardNo,
  category: 'kitchen',
  correct,
  scannedAt: `${day}T04:00:${String(n % 60).padStart(2, '0')}.000Z`,
  day,
  month: day.slice(0, 7),
  userId: 'U',
});

const state = (items: [{ pk: string; sk: string }, Record<string, unknown>][] = []) =>
  new GarbageState(new Map(items.map(([k, v]) => [itemId(k), v])));

describe('planCredit', () => {
  it('gives each correct drop its points while the day has room, wrong drops 0', () => {
    const p = planCredit(ctx, [cand('2026-11-20'), cand('2026-11-20', false), cand('2026-11-20')], state(), rules);
    expect(p.scans.map((s) => s.points)).toEqual([1, 0, 1]);
    expect(p.points).toBe(2);
    expect(p.caps).toEqual([{ day: '2026-11-20', add: 2, max: 1 }]);
    expect(p.days.get('2026-11-20')).toEqual({ scans: 3, correct: 2, points: 2 });
    expect(p.months.get('2026-11')).toMatchObject({ scans: 3, correct: 2, points: 2 });
  });

  it('counts what the day already earned against the cap, per day', () => {
    const s = state([[garbageCapKey('U', '2026-11-20'), { points: 2 }]]);
    const p = planCredit(
      ctx,
      [cand('2026-11-20'), cand('2026-11-20'), cand('2026-11-19'), cand('2026-11-19')],
      s,
      rules,
    );
    expect(p.points).toBe(3);
    expect(p.caps).toEqual(
      expect.arrayContaining([
        { day: '2026-11-20', add: 1, max: 2 },
        { day: '2026-11-19', add: 2, max: 1 },
      ]),
    );
  });

  it('writes no cap item when nothing is earned, and counts a full day’s correct drops still', () => {
    const s = state([[garbageCapKey('U', '2026-11-20'), { points: 3 }]]);
    const p = planCredit(ctx, [cand('2026-11-20'), cand('2026-11-20')], s, rules);
    expect(p.points).toBe(0);
    expect(p.caps).toEqual([]);
    expect(p.days.get('2026-11-20')).toMatchObject({ scans: 2, correct: 2, points: 0 });
  });

  it('splits the last drop when points per drop exceed the room', () => {
    const p = planCredit(ctx, [cand('2026-11-20'), cand('2026-11-20')], state(), { pointsPerDrop: 2, dailyCap: 3 });
    expect(p.scans.map((s) => s.points)).toEqual([2, 1]);
  });

  it('counts each day and month of scannedAt apart, with the month’s last drop time', () => {
    const p = planCredit(ctx, [cand('2026-11-20'), cand('2026-11-21', false), cand('2026-12-01')], state(), rules);
    expect(p.days.get('2026-11-20')).toEqual({ scans: 1, correct: 1, points: 1 });
    expect(p.days.get('2026-11-21')).toEqual({ scans: 1, correct: 0, points: 0 });
    expect(p.months.get('2026-11')).toMatchObject({ scans: 2, correct: 1, points: 1 });
    expect(p.months.get('2026-11')!.lastAt.startsWith('2026-11-21')).toBe(true);
    expect(p.months.get('2026-12')).toMatchObject({ scans: 1, correct: 1, points: 1 });
  });

  it('names each distinct card once for its ownership check', () => {
    const p = planCredit(
      ctx,
      [
        cand('2026-11-20', true, 'A1234567'),
        cand('2026-11-20', true, 'A1234567'),
        cand('2026-11-20', true, 'B1234567'),
      ],
      state(),
      rules,
    );
    expect(p.cards).toEqual(['A1234567', 'B1234567']);
  });
});

describe('chunkScans', () => {
  it('keeps a small holder in one transaction', () => {
    expect(chunkScans(Array.from({ length: 10 }, () => cand('2026-11-20')))).toHaveLength(1);
  });

  it('splits 200 scans of one holder so each piece fits 100 items', () => {
    const scans = Array.from({ length: 200 }, (_, i) =>
      cand(`2026-11-${String(15 + (i % 6)).padStart(2, '0')}`, true, `C${i % 3}234567`),
    );
    const chunks = chunkScans(scans);
    expect(chunks.length).toBeGreaterThan(1);
    expect(chunks.flat()).toEqual(scans);
    for (const c of chunks) {
      const days = new Set(c.map((s) => s.day)).size;
      const cards = new Set(c.map((s) => s.cardNo)).size;
      // the items commitCredit writes: ledger core 2, a check per card, a dedupe per scan, a day item per day
      expect(2 + cards + c.length + days).toBeLessThanOrEqual(100);
    }
  });
});
