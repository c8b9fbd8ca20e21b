import { PutCommand } from '@aws-sdk/lib-dynamodb';
import { boardTopShards, boardTopShardKey } from '../../shared/db/keys.js';
import { sleep } from '../../shared/time.js';
import { batchGet, itemId } from './batch-get.js';
import { db, tableName } from './client.js';
import { backoff } from './transact.js';

/** People kept on a board's top list: the API's largest `limit` and the depth of an exact `me.rank`. */
export const TOP_K = 100;

/**
 * The top list of one people or communities board: the TOP_K highest values (> 0) and who holds them, in
 * one item per shard (boardTopShardKey; `unionTops` reads them as one).
 *
 * Invariant (values only grow — a board never takes a negative contribution): every person whose value
 * is strictly above the list's lowest value is on the list; `truncated` says someone is left out (at or
 * below that lowest value). So the ranks of the list are exact, ties at the cut included, and so is the
 * rank of any value at or above the lowest (services/rank-shards.ts: the list is one "shard").
 *
 * Merging a person's CURRENT value is idempotent and order-free (the maximum of what the list holds and
 * the value), so the projector writes the lists after its exactly-once person transaction, outside it,
 * and a replayed batch merges again without counting twice.
 */
export interface BoardTop {
  rows: Record<string, number>;
  truncated: boolean;
  /** Write counter (optimistic lock); 0 = no item yet. */
  v: number;
}

const emptyTop = (): BoardTop => ({ rows: {}, truncated: false, v: 0 });
const topOf = (it: Record<string, unknown> | undefined): BoardTop =>
  it
    ? { rows: { ...(it.rows as Record<string, number>) }, truncated: it.truncated === true, v: it.v as number }
    : emptyTop();

const lowest = (rows: Record<string, number>) => Math.min(...Object.values(rows));

/** A new list when `updates` (person → current value) change it; undefined when they do not. */
export function mergeTop(top: BoardTop, updates: Map<string, number>, k = TOP_K): BoardTop | undefined {
  const rows = { ...top.rows };
  let truncated = top.truncated;
  let changed = false;
  for (const [u, value] of updates) {
    if (value <= 0) continue;
    const had = rows[u];
    if (had !== undefined) {
      if (value > had) {
        rows[u] = value;
        changed = true;
      }
      continue;
    }
    const n = Object.keys(rows).length;
    if (n >= k && value <= lowest(rows)) {
      // Ties at the cut stay out: the ranks do not change, only that someone is left out.
      if (!truncated) changed = truncated = true;
      continue;
    }
    rows[u] = value;
    changed = true;
    if (n + 1 > k) {
      // Drop the lowest (among equals the largest id, so the kept ones are stable).
      const [drop] = Object.entries(rows).sort(([a, x], [b, y]) => x - y || (a < b ? 1 : a > b ? -1 : 0))[0]!;
      delete rows[drop];
      truncated = true;
    }
  }
  return changed ? { rows, truncated, v: top.v + 1 } : undefined;
}

/**
 * Lists as last seen by this process (per table and list shard). A stale copy is only ever used to SKIP a
 * merge, which is safe: values and the lowest value only grow, so a value that changes nothing on an older
 * copy of a full, truncated list changes nothing on the current one.
 */
const seen = new Map<string, BoardTop>();
const seenKey = (board: string, shard: number) => `${tableName()}|${board}|${shard}`;

function unchangedOnSeen(key: string, updates: Map<string, number>): boolean {
  const top = seen.get(key);
  if (!top) return false;
  const full = Object.keys(top.rows).length >= TOP_K && top.truncated;
  const floor = full ? lowest(top.rows) : Infinity;
  for (const [u, value] of updates) {
    if (value <= 0) continue;
    const had = top.rows[u];
    if (had !== undefined ? value > had : value > floor || !full) return false;
  }
  return true;
}

/**
 * The S shard lists of a board as ONE list. Each batch merges into one shard, so a subject may sit in
 * several with older (lower) values: the union keeps each subject's highest. Exact where it matters: a
 * subject's latest value went into some shard and stays there unless TOP_K others with values at least as
 * high pushed it out — so every value above F, the highest lowest value of a truncated shard, is in the
 * union with its current value, and rows below F (possibly stale) are dropped. A truncated shard holds
 * TOP_K distinct subjects at or above F, so the union still has ≥ TOP_K rows (every API limit).
 */
export function unionTops(tops: BoardTop[]): BoardTop {
  const rows: Record<string, number> = {};
  for (const t of tops) for (const [u, v] of Object.entries(t.rows)) rows[u] = Math.max(rows[u] ?? 0, v);
  const cut = tops.filter((t) => t.truncated && Object.keys(t.rows).length > 0).map((t) => lowest(t.rows));
  if (cut.length === 0) return { rows, truncated: false, v: 0 };
  const floor = Math.max(...cut);
  return { rows: Object.fromEntries(Object.entries(rows).filter(([, v]) => v >= floor)), truncated: true, v: 0 };
}

const shardKeys = (board: string) =>
  Array.from({ length: boardTopShards(board) }, (_, s) => boardTopShardKey(board, s));

async function readShards(boards: string[], consistent: boolean): Promise<Map<string, BoardTop[]>> {
  const found = await batchGet(boards.flatMap(shardKeys), { consistent });
  return new Map(boards.map((b) => [b, shardKeys(b).map((k) => topOf(found.get(itemId(k))))]));
}

/** Reads boards' top lists (consistent), each as the union of its shards. */
export async function readBoardTops(boards: string[]): Promise<Map<string, BoardTop>> {
  const shards = await readShards(boards, true);
  return new Map(boards.map((b) => [b, unionTops(shards.get(b)!)]));
}

/**
 * One board's list for a reader: its S shard items in one BatchGet (eventually consistent: a board may lag
 * its credits by the projector's lag), merged.
 */
export async function readBoardTop(board: string): Promise<BoardTop> {
  return unionTops((await readShards([board], false)).get(board)!);
}

const MAX_ATTEMPTS = 8;

/**
 * Merges subjects' current values into the lists of their boards: per board ONE shard (`pickShard`, at
 * random by default), one read and, when the list changes, one conditional write (a plain PutItem, not a
 * transaction item). A list another writer moved meanwhile is read again and merged again.
 */
export async function mergeIntoTops(
  updates: Map<string, Map<string, number>>,
  pickShard: (board: string) => number = (b) => Math.floor(Math.random() * boardTopShards(b)),
): Promise<void> {
  const lists = [...updates.keys()].map((board) => ({ board, shard: pickShard(board) }));
  let todo = lists.filter((l) => !unchangedOnSeen(seenKey(l.board, l.shard), updates.get(l.board)!));
  for (let attempt = 0; todo.length > 0; attempt++) {
    if (attempt >= MAX_ATTEMPTS) throw new Error(`board tops still contended after ${MAX_ATTEMPTS} attempts`);
    if (attempt > 0) await sleep(backoff(attempt));
    const found = await batchGet(todo.map((l) => boardTopShardKey(l.board, l.shard)));
    const lost: typeof todo = [];
    await Promise.all(
      todo.map(async (l) => {
        const key = boardTopShardKey(l.board, l.shard);
        const top = topOf(found.get(itemId(key)));
        const next = mergeTop(top, updates.get(l.board)!);
        seen.set(seenKey(l.board, l.shard), next ?? top);
        if (!next) return;
        try {
          await db().send(
            new PutCommand({
              TableName: tableName(),
              Item: { ...key, type: 'LBTOP', board: l.board, shard: l.shard, ...next },
              ConditionExpression: top.v === 0 ? 'attribute_not_exists(pk)' : 'v = :v',
              ...(top.v === 0 ? {} : { ExpressionAttributeValues: { ':v': top.v } }),
            }),
          );
        } catch (err) {
          if ((err as { name?: string }).name !== 'ConditionalCheckFailedException') throw err;
          seen.delete(seenKey(l.board, l.shard));
          lost.push(l);
        }
      }),
    );
    todo = lost;
  }
}
