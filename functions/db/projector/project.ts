import { newId } from '../../../shared/ids.js';
import { batchGet } from '../batch-get.js';
import { ConditionFailedError } from '../errors.js';
import { mergeIntoTops } from '../board-tops.js';
import { activeTeamIds, communityBoardsOf, communityTopUpdates } from '../leaderboard-writes.js';
import { clonePersonBoards, emptyPersonBoards, personBoardValues, type PersonBoards } from '../person-boards.js';
import { config } from '../../config.js';
import { localMonth, localYear } from '../../../shared/time.js';
import { contributionsOf } from './projections/boards.js';
import { cardBurstFlags } from './flags/card-bursts.js';
import { MAX_TX_ITEMS, transactWrite, type TxItem } from '../transact.js';
import { inScope } from '../work-scope.js';
import { advance, applied, guardTxItem, readGuards, type Guard } from './guard.js';
import type { PlanContext, Projection } from './projection.js';
import { projections as allProjections } from './projections/index.js';
import { toSourceEvents, type SourceEvent, type StreamRecordLike } from './source.js';
import { coalesce, toTxItem, writeId, type ProjectionWrite } from './write.js';

/** What Lambda's `ReportBatchItemFailures` expects: retry from the first record named. */
export interface BatchResult {
  batchItemFailures: { itemIdentifier: string }[];
}

export interface ProjectOptions {
  /** Items per transaction (tests force small transactions to exercise splitting). */
  maxItems?: number;
  projections?: Projection[];
  /** Tests: called before each transaction commits; throwing there is a consumer dying mid-batch. */
  beforeCommit?: (chunk: number) => void | Promise<void>;
}

/** Counter shards of the statistics; concurrent transactions of different batches take different ones. */
export const PROJECTION_SHARDS = 8;
/** Re-reads of the guards after a lost race before the batch is reported failed (and retried). */
const MAX_ATTEMPTS = 6;

interface Pending {
  userId: string;
  events: SourceEvent[];
  guard: Guard | undefined;
  /** The writes of all `events` and the person after them, planned ahead (in parallel with other persons'). */
  planned?: Plan;
}

interface Plan {
  writes: Map<string, ProjectionWrite>;
  person: PersonBoards;
}

/** Persons planned at once: each plan reads (markers, teams), the reads of different persons overlap. */
const PLAN_CONCURRENCY = 8;

/**
 * The projector: applies a batch of stream records to every projection, exactly once.
 *
 * 1. Keep the source records (ledger entries, service records, garbage day items), grouped per person,
 *    ordered by (profile version, slot), duplicates dropped.
 * 2. Read the persons' guards (consistent) and drop what was applied before (a retried, bisected or
 *    replayed batch; a record delivered twice).
 * 3. Plan each person's new events with every projection; merge writes to the same item (coalescing)
 *    and pack persons into transactions of ≤ 100 items, each with the persons' guard updates.
 * 4. Commit. A guard that moved meanwhile (another delivery got there first) cancels the transaction:
 *    re-read, drop what is applied, plan again. Any other failure reports the first record of a person not
 *    yet applied, so Lambda retries from there (everything before it is applied).
 * 5. Merge every person's current values into the top lists of the people boards their records touch,
 *    and the current values of the communities they earned in (read after the commit) into the
 *    communities boards' lists (board-tops.ts) — also for records applied before: a consumer killed
 *    after 4 merges them on the retry. Idempotent (a maximum), so it needs no guard and no transaction; if it fails, the batch is
 *    retried from its first record (4 then skips everything).
 * 6. Raise `card-burst` from the card drops the persons' totals now hold (flags/card-bursts.ts): a side
 *    effect outside the transactions, once per burst by its once-guard, also for records applied before.
 */
export function projectRecords(records: StreamRecordLike[], opts: ProjectOptions = {}): Promise<BatchResult> {
  // Its DynamoDB calls are the projector's, not a request's (the cost meter bills them apart).
  return inScope('projector', () => project(records, opts));
}

async function project(records: StreamRecordLike[], opts: ProjectOptions): Promise<BatchResult> {
  const maxItems = opts.maxItems ?? MAX_TX_ITEMS;
  const projections = opts.projections ?? allProjections;
  const events: SourceEvent[] = [];
  for (const r of records) events.push(...toSourceEvents(r));
  if (events.length === 0) return { batchItemFailures: [] };
  const byUser = new Map<string, SourceEvent[]>();
  for (const e of events) byUser.set(e.userId, [...(byUser.get(e.userId) ?? []), e]);
  const firstSeq = new Map([...byUser].map(([u, es]) => [u, es[0]!.seq]));
  const done = new Set<string>();
  /** Each person's totals as they stand after this batch (read, or as written). */
  const latest = new Map<string, PersonBoards>();
  /** The record Lambda retries from, when the batch is not fully applied. */
  let retryFrom: string | undefined;
  try {
    const guards = await readGuards([...byUser.keys()]);
    for (const [u, g] of guards) latest.set(u, g.person);
    let queue: Pending[] = [...byUser].map(([userId, es]) => pendingOf(userId, es, guards.get(userId)));
    queue = queue.filter((p) => p.events.length > 0 || (done.add(p.userId), false));
    const teams = new Map<string, Promise<string[]>>();
    let chunkNo = 0;
    let attempts = 0;
    while (queue.length > 0) {
      const ctx: PlanContext = {
        shard: Math.floor(Math.random() * PROJECTION_SHARDS),
        absent: async (keys) => {
          const found = await batchGet(keys);
          return new Set(keys.map(writeId).filter((id) => !found.has(id)));
        },
        activeTeams: (u) => {
          if (!teams.has(u)) teams.set(u, activeTeamIds(u));
          return teams.get(u)!;
        },
      };
      const chunk = await packChunk(queue, projections, ctx, maxItems);
      try {
        await opts.beforeCommit?.(chunkNo++);
        await transactWrite(chunk.items, newId());
        for (const p of chunk.members) {
          latest.set(p.userId, p.person);
          if (p.complete) done.add(p.userId);
        }
        attempts = 0;
      } catch (err) {
        if (!(err instanceof ConditionFailedError) || ++attempts >= MAX_ATTEMPTS) throw err;
        // Another delivery moved a guard (or created a marker) first: look again, only what is left.
        const ids = [...new Set(chunk.members.map((p) => p.userId))];
        const fresh = await readGuards(ids);
        for (const [u, g] of fresh) latest.set(u, g.person);
        const again = ids
          .map((u) => pendingOf(u, byUser.get(u)!, fresh.get(u)))
          .filter((p) => p.events.length > 0 || (done.add(p.userId), false));
        queue = [...again, ...queue.filter((p) => !ids.includes(p.userId))];
      }
    }
  } catch (err) {
    const left = [...byUser.keys()].filter((u) => !done.has(u)).map((u) => firstSeq.get(u)!);
    const order = new Map(records.map((r, i) => [r.dynamodb?.SequenceNumber ?? '', i]));
    left.sort((a, b) => order.get(a)! - order.get(b)!);
    console.error(JSON.stringify({ level: 'error', msg: 'projector batch failed', error: String(err) }));
    retryFrom = left[0];
  }
  // Also after a failure: the persons applied before it are not retried when the retry starts later.
  try {
    // Judged on what the totals hold after the commit: only applied drops, each burst once (raiseFlag).
    await cardBurstFlags(events, latest);
  } catch (err) {
    console.error(JSON.stringify({ level: 'error', msg: 'projector card bursts failed', error: String(err) }));
    retryFrom = events[0]!.seq;
  }
  try {
    const updates = topUpdates(byUser, latest);
    const communities = communityBoardsOf(events.filter((e) => done.has(e.userId)).flatMap(contributionsOf));
    for (const [board, values] of await communityTopUpdates(communities)) updates.set(board, values);
    await mergeIntoTops(updates);
  } catch (err) {
    console.error(JSON.stringify({ level: 'error', msg: 'projector board tops failed', error: String(err) }));
    retryFrom = events[0]!.seq;
  }
  return { batchItemFailures: retryFrom !== undefined ? [{ itemIdentifier: retryFrom }] : [] };
}

/**
 * What the top lists must merge: for each person of the batch, their current value on every people board
 * of a metric and period their records (new or replayed) count in.
 */
function topUpdates(byUser: Map<string, SourceEvent[]>, latest: Map<string, PersonBoards>) {
  const tz = config().tzName;
  const out = new Map<string, Map<string, number>>();
  for (const [userId, events] of byUser) {
    const person = latest.get(userId);
    if (!person) continue;
    const wanted = new Set(
      events
        .flatMap(contributionsOf)
        .flatMap((c) => [localMonth(c.at, tz), localYear(c.at, tz), 'all'].map((p) => `${c.metric}|${p}`)),
    );
    if (wanted.size === 0) continue;
    for (const [board, value] of personBoardValues(person)) {
      const [, metric, , period] = board.split('#');
      if (!wanted.has(`${metric}|${period}`)) continue;
      if (!out.has(board)) out.set(board, new Map());
      out.get(board)!.set(userId, value);
    }
  }
  return out;
}

/** A person's events not applied yet, in (ver, slot) order, each once. */
function pendingOf(userId: string, events: SourceEvent[], guard: Guard | undefined): Pending {
  const seen = new Set<string>();
  const left = [...events]
    .sort((a, b) => a.ver - b.ver || a.slot - b.slot)
    .filter((e) => {
      const id = `${e.ver}.${e.slot}`;
      if (seen.has(id) || applied(e, guard)) return false;
      seen.add(id);
      return true;
    });
  return { userId, events: left, guard };
}

interface Chunk {
  items: TxItem[];
  members: { userId: string; complete: boolean; person: PersonBoards }[];
}

async function planWrites(
  events: SourceEvent[],
  projections: Projection[],
  ctx: PlanContext,
  before: PersonBoards | undefined,
): Promise<Plan> {
  const person = before ? clonePersonBoards(before) : emptyPersonBoards();
  const writes: ProjectionWrite[] = [];
  for (const p of projections) writes.push(...(await p.plan(events, ctx, person)));
  const merged = new Map<string, ProjectionWrite>();
  coalesce(merged, writes);
  return { writes: merged, person };
}

/**
 * Takes persons from the front of the queue into one transaction while their guards and coalesced
 * writes fit. A person whose events alone do not fit is split in order: the first part goes now (its
 * guard records how far), the rest stays at the front and is planned after this commit.
 */
async function packChunk(queue: Pending[], projections: Projection[], ctx: PlanContext, maxItems: number) {
  const merged = new Map<string, ProjectionWrite>();
  const guards: TxItem[] = [];
  const members: Chunk['members'] = [];
  // Plan ahead the persons likely to fit (their markers depend on no one else's writes).
  const ahead = queue.slice(0, maxItems).filter((p) => !p.planned);
  for (let i = 0; i < ahead.length; i += PLAN_CONCURRENCY) {
    await Promise.all(
      ahead
        .slice(i, i + PLAN_CONCURRENCY)
        .map(async (p) => (p.planned = await planWrites(p.events, projections, ctx, p.guard?.person))),
    );
  }
  while (queue.length > 0) {
    const p = queue[0]!;
    let take = p.events.length;
    let own = p.planned ?? (await planWrites(p.events, projections, ctx, p.guard?.person));
    // Items after merging = distinct keys (counted without merging: coalesce changes what it merges into).
    const fits = (w: Plan) => new Set([...merged.keys(), ...w.writes.keys()]).size + guards.length + 1 <= maxItems;
    while (!fits(own)) {
      if (members.length > 0) return finish();
      if (take === 1) throw new Error(`one source event needs more than ${maxItems} items`);
      take = Math.ceil(take / 2);
      own = await planWrites(p.events.slice(0, take), projections, ctx, p.guard?.person);
    }
    const events = p.events.slice(0, take);
    p.planned = undefined;
    coalesce(merged, [...own.writes.values()]);
    const after = advance(p.guard, events, own.person);
    guards.push(guardTxItem(p.userId, p.guard, after));
    const complete = take === p.events.length;
    members.push({ userId: p.userId, complete, person: own.person });
    if (complete) queue.shift();
    else {
      // The rest is planned after this commit, against the guard (and totals) it leaves.
      queue[0] = { userId: p.userId, events: p.events.slice(take), guard: after };
      return finish();
    }
  }
  return finish();

  function finish(): Chunk {
    const items = [...guards, ...[...merged.values()].map(toTxItem).filter((x): x is TxItem => !!x)];
    return { items, members };
  }
}
