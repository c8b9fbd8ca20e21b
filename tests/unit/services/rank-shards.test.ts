import { describe, expect, it } from 'vitest';
import type { ShardRead } from '../../../functions/db/leaderboards.js';
import { rankShards } from '../../../functions/services/rank-shards.js';

const shard = (values: number[], truncated = false, prefix = 's'): ShardRead => ({
  rows: values.map((value, i) => ({ subjectId: `${prefix}${i}-${value}`, name: 'x', value })),
  truncated,
});

describe('rankShards', () => {
  it('merges shards highest first and gives equal values the same rank (1, 2, 2, 4)', () => {
    const r = rankShards([shard([9, 5], false, 'a'), shard([7, 7], false, 'b')], 10);
    expect(r.top.map((x) => [x.rank, x.value])).toEqual([
      [1, 9],
      [2, 7],
      [2, 7],
      [4, 5],
    ]);
  });

  it('keeps ranks exact when ties run across the cut', () => {
    const r = rankShards([shard([8, 6, 6], true, 'a'), shard([6, 6, 3], true, 'b')], 3);
    expect(r.top.map((x) => [x.rank, x.value])).toEqual([
      [1, 8],
      [2, 6],
      [2, 6],
    ]);
  });

  it('orders equal values by subject id, so a page is stable', () => {
    const r = rankShards([shard([5], false, 'z'), shard([5], false, 'a')], 2);
    expect(r.top.map((x) => x.subjectId)).toEqual(['a0-5', 'z0-5']);
  });

  it('ranks a value exactly down to the floor of a truncated shard, and refuses below it', () => {
    const r = rankShards([shard([10, 8, 4], true, 'a'), shard([9, 2], false, 'b')], 3);
    expect(r.rankOf(9)).toBe(2);
    expect(r.rankOf(4)).toBe(4);
    // Shard a may hold values between 3 and 4 that were not read: rank unknown.
    expect(r.rankOf(3)).toBeNull();
    expect(r.rankOf(0)).toBeNull();
  });

  it('ranks any positive value when every shard was read to its end', () => {
    const r = rankShards([shard([10, 8], false), shard([9], false)], 1);
    expect(r.top).toHaveLength(1);
    expect(r.rankOf(1)).toBe(4);
    expect(r.rankOf(8)).toBe(3);
  });

  it('returns nothing for an empty board', () => {
    const r = rankShards([shard([]), shard([])], 20);
    expect(r.top).toEqual([]);
    expect(r.rankOf(5)).toBe(1);
  });
});
