import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { mergeTop, unionTops, type BoardTop } from '../../../functions/db/board-tops.js';
import { rankShards } from '../../../functions/services/rank-shards.js';

const K = 4;
const PEOPLE = ['a', 'b', 'c', 'd', 'e', 'f', 'g'];

/** Brute force: every person's value, ranked with ties 1, 2, 2, 4. */
function ranked(values: Map<string, number>) {
  const sorted = [...values].filter(([, v]) => v > 0).sort(([, x], [, y]) => y - x);
  return (v: number) => 1 + sorted.filter(([, w]) => w > v).length;
}

describe('a board top list (K = 4) merged from growing values', () => {
  it('ranks its rows and any value at or above its lowest exactly, in any merge order and with replays', () => {
    fc.assert(
      fc.property(
        // Steps: a person gains; merges come in batches, some delivered twice, some late (an older value).
        fc.array(
          fc.record({
            who: fc.integer({ min: 0, max: PEOPLE.length - 1 }),
            gain: fc.integer({ min: 1, max: 3 }),
            replay: fc.boolean(),
            stale: fc.boolean(),
          }),
          { minLength: 1, maxLength: 40 },
        ),
        (steps) => {
          const values = new Map<string, number>();
          let top: BoardTop = { rows: {}, truncated: false, v: 0 };
          const merge = (u: Map<string, number>) => (top = mergeTop(top, u, K) ?? top);
          for (const s of steps) {
            const u = PEOPLE[s.who]!;
            const before = values.get(u) ?? 0;
            values.set(u, before + s.gain);
            if (s.stale) merge(new Map([[u, before]])); // an older value arriving late changes nothing wrong
            merge(new Map([[u, values.get(u)!]]));
            if (s.replay) merge(new Map(values));
          }
          const rankOf = ranked(values);
          const rows = Object.entries(top.rows).map(([subjectId, value]) => ({ subjectId, name: '', value }));
          rows.sort((a, b) => b.value - a.value);
          const r = rankShards([{ rows, truncated: top.truncated }], K);
          // The list holds the current values of the K highest (ties at the cut: any of them).
          for (const row of rows) expect(row.value).toBe(values.get(row.subjectId));
          expect(rows.length).toBe(Math.min(K, [...values.values()].filter((v) => v > 0).length));
          for (const e of r.top) expect(e.rank).toBe(rankOf(e.value));
          // Anyone's rank is exact or null, and null only below the lowest listed value.
          const low = rows.at(-1)?.value ?? 0;
          for (const [, v] of values) {
            const got = r.rankOf(v);
            if (got !== null) expect(got).toBe(rankOf(v));
            else expect(top.truncated && v < low).toBe(true);
          }
        },
      ),
      { numRuns: 300 },
    );
  });

  it('writes nothing for a value it already holds or one that cannot enter a full, truncated list', () => {
    const top: BoardTop = { rows: { a: 9, b: 7, c: 5, d: 5 }, truncated: true, v: 3 };
    expect(mergeTop(top, new Map([['a', 9]]), K)).toBeUndefined();
    expect(mergeTop(top, new Map([['e', 5]]), K)).toBeUndefined();
    expect(mergeTop(top, new Map([['e', 6]]), K)).toEqual({ rows: { a: 9, b: 7, c: 5, e: 6 }, truncated: true, v: 4 });
  });

  it('stays exact when each batch merges into one of S shard lists at random and readers take the union', () => {
    const S = 3;
    fc.assert(
      fc.property(
        fc.array(
          fc.record({
            who: fc.integer({ min: 0, max: PEOPLE.length - 1 }),
            gain: fc.integer({ min: 1, max: 3 }),
            shard: fc.integer({ min: 0, max: S - 1 }),
            replayShard: fc.option(fc.integer({ min: 0, max: S - 1 })),
          }),
          { minLength: 1, maxLength: 60 },
        ),
        (steps) => {
          const values = new Map<string, number>();
          const shards: BoardTop[] = Array.from({ length: S }, () => ({ rows: {}, truncated: false, v: 0 }));
          const merge = (s: number, u: Map<string, number>) => (shards[s] = mergeTop(shards[s]!, u, K) ?? shards[s]!);
          for (const s of steps) {
            const u = PEOPLE[s.who]!;
            values.set(u, (values.get(u) ?? 0) + s.gain);
            merge(s.shard, new Map([[u, values.get(u)!]]));
            // A replayed batch merges the same current value again, maybe into another shard.
            if (s.replayShard !== null) merge(s.replayShard, new Map([[u, values.get(u)!]]));
          }
          const union = unionTops(shards);
          const rankOf = ranked(values);
          const rows = Object.entries(union.rows).map(([subjectId, value]) => ({ subjectId, name: '', value }));
          rows.sort((a, b) => b.value - a.value);
          const r = rankShards([{ rows, truncated: union.truncated }], K);
          // What the union shows is current, however stale the other shards' copies are.
          for (const row of rows) expect(row.value).toBe(values.get(row.subjectId));
          expect(r.top.length).toBe(Math.min(K, [...values.values()].filter((v) => v > 0).length));
          for (const e of r.top) expect(e.rank).toBe(rankOf(e.value));
          for (const [, v] of values) {
            const got = r.rankOf(v);
            if (got !== null) expect(got).toBe(rankOf(v));
          }
        },
      ),
      { numRuns: 500 },
    );
  });
});
