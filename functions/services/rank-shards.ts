import type { BoardRow, ShardRead } from '../db/leaderboards.js';

export interface RankedRow extends BoardRow {
  rank: number;
}

export interface Ranking {
  /** The top `limit` rows, highest first; equal values share a rank (1, 2, 2, 4). */
  top: RankedRow[];
  /**
   * The exact rank of a value on the whole board, or null when the value is not ranked (≤ 0) or lies
   * below what the read covers, where rows might be missing above it.
   */
  rankOf(value: number): number | null;
}

/**
 * Merges the highest rows of each shard into one ranking. Every row above the `floor` — the lowest
 * value read from any shard that holds more — has been read, so a value at or above the floor gets
 * an exact rank: 1 + the number of read values above it. The merged top `limit` always lies at or
 * above the floor when each shard was read `limit` deep, so its ranks are exact too, ties at the cut
 * included.
 */
export function rankShards(reads: ShardRead[], limit: number): Ranking {
  const all = reads
    .flatMap((r) => r.rows)
    .filter((r) => r.value > 0)
    .sort((a, b) => b.value - a.value || (a.subjectId < b.subjectId ? -1 : a.subjectId > b.subjectId ? 1 : 0));
  const floor = Math.max(0, ...reads.filter((r) => r.truncated && r.rows.length > 0).map((r) => r.rows.at(-1)!.value));
  const top: RankedRow[] = [];
  for (let i = 0; i < Math.min(limit, all.length); i++) {
    const row = all[i]!;
    const rank = i > 0 && all[i - 1]!.value === row.value ? top[i - 1]!.rank : i + 1;
    top.push({ ...row, rank });
  }
  const rankOf = (value: number): number | null => {
    if (value <= 0 || value < floor) return null;
    let above = 0;
    while (above < all.length && all[above]!.value > value) above++;
    return above + 1;
  };
  return { top, rankOf };
}
