import { GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import { boardTopKey } from '../../shared/db/keys.js';
import { sleep } from '../../shared/time.js';
import { batchGet, itemId } from './batch-get.js';
import { db, tableName } from './client.js';
import { backoff } from './transact.js';

/** People kept on a board's top list: the API's largest `limit` and the depth of an exact `me.rank`. */
export const TOP_K = 100;

/**
 * The top list of one people board: the TOP_K highest values (> 0) and who holds them, in one item.
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
 * Lists as last seen by this process (per table). A stale copy is only ever used to SKIP a merge, which
 * is safe: values and the lowest value only grow, so a value that changes nothing on an older copy of a
 * full, truncated list changes nothing on the current one.
 */
const seen = new Map<string, BoardTop>();
const seenKey = (board: string) => `${tableName()}|${board}`;

function unchangedOnSeen(board: string, updates: Map<string, number>): boolean {
  const top = seen.get(seenKey(board));
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

/** Reads top lists (consistent). */
export async function readBoardTops(boards: string[]): Promise<Map<string, BoardTop>> {
  const found = await batchGet(boards.map(boardTopKey));
  return new Map(boards.map((b) => [b, topOf(found.get(itemId(boardTopKey(b))))]));
}

/** One board's list for a reader (eventually consistent: a board may lag its credits by the projector's lag). */
export async function readBoardTop(board: string): Promise<BoardTop> {
  const r = await db().send(new GetCommand({ TableName: tableName(), Key: boardTopKey(board) }));
  return topOf(r.Item);
}

const MAX_ATTEMPTS = 8;

/**
 * Merges persons' current values into the lists of their boards: per board one read and, when the list
 * changes, one conditional write (a plain PutItem, not a transaction item). A list another writer moved
 * meanwhile is read again and merged again.
 */
export async function mergeIntoTops(updates: Map<string, Map<string, number>>): Promise<void> {
  let todo = [...updates.keys()].filter((b) => !unchangedOnSeen(b, updates.get(b)!));
  for (let attempt = 0; todo.length > 0; attempt++) {
    if (attempt >= MAX_ATTEMPTS) throw new Error(`board tops still contended after ${MAX_ATTEMPTS} attempts`);
    if (attempt > 0) await sleep(backoff(attempt));
    const tops = await readBoardTops(todo);
    const lost: string[] = [];
    await Promise.all(
      todo.map(async (board) => {
        const top = tops.get(board)!;
        const next = mergeTop(top, updates.get(board)!);
        seen.set(seenKey(board), next ?? top);
        if (!next) return;
        try {
          await db().send(
            new PutCommand({
              TableName: tableName(),
              Item: { ...boardTopKey(board), type: 'LBTOP', board, ...next },
              ConditionExpression: top.v === 0 ? 'attribute_not_exists(pk)' : 'v = :v',
              ...(top.v === 0 ? {} : { ExpressionAttributeValues: { ':v': top.v } }),
            }),
          );
        } catch (err) {
          if ((err as { name?: string }).name !== 'ConditionalCheckFailedException') throw err;
          seen.delete(seenKey(board));
          lost.push(board);
        }
      }),
    );
    todo = lost;
  }
}
