import { RetryExhaustedError } from '../../shared/errors.js';
import type { Scan, ScanBatchResult, ScanRejectReason } from '../../shared/schemas/bins.js';
import { DAY, localDay, MINUTE } from '../../shared/time.js';
import { config } from '../config.js';
import type { BinRecord } from '../db/bins.js';
import { ConditionFailedError } from '../db/errors.js';
import {
  commitCredit,
  rememberRefusedScans,
  CreditTooLargeError,
  type CreditPlan,
  type PeriodCounts,
  type PlannedScan,
} from '../db/garbage-credit.js';
import { readGarbageState, type GarbageState, type HolderProfile } from '../db/garbage-state.js';
import { loadOrg } from '../db/org.js';
import { MAX_TX_ITEMS } from '../db/transact.js';
import { mapPool } from './pool.js';
import { now as clockNow } from '../clock.js';
import { countMetric } from '../observability/metrics.js';

/** A scan older than this when it arrives is refused as `stale`. */
export const STALE_AFTER_MS = 7 * DAY;
/**
 * A scan's dedupe item lives this long after its scannedAt. The contract makes a resent scanId a
 * duplicate at any time; the item is only needed while the scan could otherwise be accepted again, i.e.
 * until scannedAt + STALE_AFTER_MS (then `stale` refuses it, and earns nothing either way). A day more
 * covers clocks: DynamoDB deletes by its own clock, hours after the time at the earliest.
 */
export const DEDUPE_KEEP_MS = STALE_AFTER_MS + DAY;
/** A scan later than now + this is refused as `future`. */
export const FUTURE_TOLERANCE_MS = 5 * MINUTE;
/** Card holders' transactions of one batch run this many at a time. */
export const CREDIT_CONCURRENCY = 8;
/** Counter shards per statistic; parallel transactions of a batch take different shards. */
export const COUNTER_SHARDS = 8;
/** Re-plans of one credit after a failed condition (a concurrent upload got there first) before 503. */
const MAX_PLAN_ATTEMPTS = 6;

/** An accepted-so-far scan, judged by time and card, waiting for its credit. */
export interface Candidate extends Omit<PlannedScan, 'points'> {
  userId: string;
}

export interface IngestOptions {
  /** The server clock (ms); tests and the demo seed pass their own. */
  now?: number;
  concurrency?: number;
}

export interface CreditRules {
  pointsPerDrop: number;
  dailyCap: number;
}

const rules = (): CreditRules => ({
  pointsPerDrop: config().garbagePointsPerDrop,
  dailyCap: config().garbageDailyCap,
});

/**
 * Judges and credits one signed batch of a bin. Each scan is on its own: a duplicate (this bin sent
 * that scanId before, ever), rejected (`future`, `stale`, `unknown-card`), or accepted. Accepted scans
 * are grouped per card holder; each holder's scans are written in one transaction (split only when
 * they exceed DynamoDB's 100 items) through the ledger core, together with the scans' forever dedupe
 * items, the daily-cap guard, the statistics counters and the leaderboard items. Holders run in
 * parallel (bounded). Reads are batched: one round for dedupe items and cards, one for holders'
 * profiles, caps and participant markers.
 */
export async function ingestScans(bin: BinRecord, scans: Scan[], opts: IngestOptions = {}): Promise<ScanBatchResult> {
  const result = await ingest(bin, scans, opts);
  // A refused scan could become acceptable later (its card bound, its time come): remember its id so a resend is a
  // duplicate. A stale one never becomes acceptable, so it needs no marker.
  const refused = result.rejected.filter((r) => r.reason !== 'stale');
  if (refused.length > 0) {
    const at = new Map(scans.map((s) => [s.scanId, s.scannedAt]));
    await rememberRefusedScans(
      bin.id,
      refused.map((r) => ({ scanId: r.scanId, scannedAt: at.get(r.scanId) ?? '', reason: r.reason })),
      DEDUPE_KEEP_MS,
    );
  }
  countMetric('ScansAccepted', result.accepted);
  countMetric('ScansDuplicate', result.duplicates);
  countMetric('ScansRejected', result.rejected.length);
  return result;
}

async function ingest(bin: BinRecord, scans: Scan[], opts: IngestOptions): Promise<ScanBatchResult> {
  const now = opts.now ?? clockNow();
  const tz = config().tzName;
  const result: ScanBatchResult = { accepted: 0, duplicates: 0, rejected: [], pointsAwarded: 0 };
  const seen = new Set<string>();
  const unique: Scan[] = [];
  for (const s of scans) {
    if (seen.has(s.scanId)) result.duplicates++;
    else {
      seen.add(s.scanId);
      unique.push(s);
    }
  }
  const timeReason = (s: Scan): ScanRejectReason | undefined => {
    const t = Date.parse(s.scannedAt);
    if (t > now + FUTURE_TOLERANCE_MS) return 'future';
    if (t < now - STALE_AFTER_MS) return 'stale';
    return undefined;
  };
  const first = await readGarbageState({
    dedupe: unique.map((s) => [bin.id, s.scanId]),
    cards: [...new Set(unique.filter((s) => !timeReason(s)).map((s) => s.cardNo))],
  });
  const byHolder = new Map<string, Candidate[]>();
  for (const s of unique) {
    if (first.isDuplicate(bin.id, s.scanId)) {
      result.duplicates++;
      continue;
    }
    const reason = timeReason(s);
    const card = first.card(s.cardNo);
    if (reason || !card?.active) {
      result.rejected.push({ scanId: s.scanId, reason: reason ?? 'unknown-card' });
      continue;
    }
    const scannedAt = new Date(s.scannedAt).toISOString();
    const day = localDay(scannedAt, tz);
    const list = byHolder.get(card.userId) ?? [];
    list.push({
      scanId: s.scanId,
      cardNo: s.cardNo,
      category: s.category,
      correct: s.correct,
      ...(s.weightGrams !== undefined ? { weightGrams: s.weightGrams } : {}),
      scannedAt,
      day,
      month: day.slice(0, 7),
      userId: card.userId,
    });
    byHolder.set(card.userId, list);
  }
  if (byHolder.size === 0) return result;

  const holders = [...byHolder];
  const state = await readGarbageState(holderStateRequest(bin, holders));
  const offset = Math.floor(Math.random() * COUNTER_SHARDS);
  const outcomes = await mapPool(holders, opts.concurrency ?? CREDIT_CONCURRENCY, ([userId, cands], i) =>
    creditHolder(bin, userId, cands, state, (offset + i) % COUNTER_SHARDS),
  );
  for (const o of outcomes) {
    result.accepted += o.accepted;
    result.duplicates += o.duplicates;
    result.rejected.push(...o.rejected);
    result.pointsAwarded += o.points;
  }
  return result;
}

/** What must be read before planning these holders' credits (and, with `recheck`, to re-plan). */
function holderStateRequest(bin: BinRecord, holders: [string, Candidate[]][], recheck = false) {
  return {
    users: holders.map(([u]) => u),
    ...(recheck
      ? {
          dedupe: holders.flatMap(([, ss]) => ss.map((s) => [bin.id, s.scanId] as [string, string])),
          cards: [...new Set(holders.flatMap(([, ss]) => ss.map((s) => s.cardNo)))],
        }
      : {}),
  };
}

interface HolderOutcome {
  accepted: number;
  duplicates: number;
  rejected: ScanBatchResult['rejected'];
  points: number;
}

/** Credits one holder's scans: plan from the snapshot, commit, and on a failed condition re-read and re-plan. */
async function creditHolder(
  bin: BinRecord,
  userId: string,
  cands: Candidate[],
  initial: GarbageState,
  shard: number,
): Promise<HolderOutcome> {
  const out: HolderOutcome = { accepted: 0, duplicates: 0, rejected: [], points: 0 };
  const sorted = [...cands].sort((a, b) => a.scannedAt.localeCompare(b.scannedAt) || a.scanId.localeCompare(b.scanId));
  const queue = chunkScans(sorted);
  let state = initial;
  while (queue.length > 0) {
    const chunk = queue.shift()!;
    for (let attempt = 0; ; attempt++) {
      const profile = state.profile(userId);
      const dups = chunk.filter((s) => state.isDuplicate(bin.id, s.scanId));
      const lost = chunk.filter((s) => !dups.includes(s) && (!profile || state.cardLost(s.cardNo, userId)));
      const fresh = chunk.filter((s) => !dups.includes(s) && !lost.includes(s));
      const settle = () => {
        out.duplicates += dups.length;
        out.rejected.push(...lost.map((s) => ({ scanId: s.scanId, reason: 'unknown-card' as const })));
      };
      if (fresh.length === 0) {
        settle();
        break;
      }
      const plan = planCredit(
        { userId, profile: profile!, streetId: await streetOf(profile!), bin, shard },
        fresh,
        rules(),
      );
      try {
        await commitCredit(plan);
        settle();
        out.accepted += plan.scans.length;
        out.points += plan.points;
        state.remember(plan);
        break;
      } catch (err) {
        if (err instanceof CreditTooLargeError && chunk.length > 1) {
          const half = Math.ceil(chunk.length / 2);
          queue.unshift(chunk.slice(0, half), chunk.slice(half));
          break;
        }
        if (!(err instanceof ConditionFailedError)) throw err;
        // Someone credited this person (or sent these scans, or unbound the card) meanwhile: look again.
        if (attempt + 1 >= MAX_PLAN_ATTEMPTS) {
          throw new RetryExhaustedError('the card holder kept changing; send the batch again', { cause: err });
        }
        state = await readGarbageState(holderStateRequest(bin, [[userId, [chunk, ...queue].flat()]], true));
      }
    }
  }
  return out;
}

async function streetOf(profile: HolderProfile): Promise<string | null> {
  if (!profile.communityId) return null;
  return (await loadOrg()).communityById.get(profile.communityId)?.streetId ?? null;
}

/** Splits a holder's scans into pieces that fit one transaction (an estimate; the commit checks). */
export function chunkScans(scans: Candidate[]): Candidate[][] {
  const chunks: Candidate[][] = [];
  let cur: Candidate[] = [];
  const size = (ss: Candidate[]) => {
    const cards = new Set(ss.map((s) => s.cardNo)).size;
    // ledger core 2, a check per card (at most: a card the profile lists is checked on it), a dedupe per scan
    return 2 + cards + ss.length;
  };
  for (const s of scans) {
    if (cur.length > 0 && size([...cur, s]) > MAX_TX_ITEMS) {
      chunks.push(cur);
      cur = [];
    }
    cur.push(s);
  }
  if (cur.length > 0) chunks.push(cur);
  return chunks;
}

/**
 * Days of cap counts the profile keeps: a scan older than STALE_AFTER_MS is refused, so no credit can
 * land on a day further back than that before the newest day counted (two days of margin for time zones).
 */
export const CAP_KEEP_DAYS = Math.ceil(STALE_AFTER_MS / DAY) + 2;

/** The profile's cap counts after adding `add` (points per day): only days that can still be credited are kept. */
export function capCounts(before: Record<string, number>, add: Map<string, number>): Record<string, number> {
  const counts = { ...before };
  for (const [day, n] of add) if (n > 0) counts[day] = (counts[day] ?? 0) + n;
  const days = Object.keys(counts).sort();
  const newest = days[days.length - 1];
  if (!newest) return counts;
  const oldest = new Date(Date.parse(`${newest}T00:00:00Z`) - (CAP_KEEP_DAYS - 1) * DAY).toISOString().slice(0, 10);
  return Object.fromEntries(days.filter((d) => d >= oldest).map((d) => [d, counts[d]!]));
}

export interface PlanContext {
  userId: string;
  profile: HolderProfile;
  streetId: string | null;
  bin: BinRecord;
  shard: number;
}

/**
 * The credit of one holder's scans, from a snapshot: in time order each correct drop earns
 * `pointsPerDrop` while the day's cap has room; wrong drops earn 0 and still count. Pure.
 */
export function planCredit(ctx: PlanContext, scans: Candidate[], r: CreditRules): CreditPlan {
  const { userId, bin } = ctx;
  const capAdd = new Map<string, number>();
  const days = new Map<string, PeriodCounts>();
  const months = new Map<string, PeriodCounts & { lastAt: string }>();
  const planned: PlannedScan[] = [];
  for (const s of scans) {
    let points = 0;
    if (s.correct) {
      const added = capAdd.get(s.day) ?? 0;
      points = Math.max(0, Math.min(r.pointsPerDrop, r.dailyCap - (ctx.profile.gcap[s.day] ?? 0) - added));
      capAdd.set(s.day, added + points);
    }
    const { userId: _u, ...scan } = s;
    planned.push({ ...scan, points });
    const d = days.get(s.day) ?? { scans: 0, correct: 0, points: 0 };
    d.scans++;
    d.correct += s.correct ? 1 : 0;
    d.points += points;
    days.set(s.day, d);
    const m = months.get(s.month) ?? { scans: 0, correct: 0, points: 0, lastAt: s.scannedAt };
    m.scans++;
    m.correct += s.correct ? 1 : 0;
    m.points += points;
    if (s.scannedAt > m.lastAt) m.lastAt = s.scannedAt;
    months.set(s.month, m);
  }
  return {
    userId,
    holderName: ctx.profile.name,
    holderCommunityId: ctx.profile.communityId,
    holderStreetId: ctx.streetId,
    holderState: { balance: ctx.profile.balance, ver: ctx.profile.ver },
    bin: { id: bin.id, communityId: bin.communityId, name: bin.name },
    shard: ctx.shard,
    dedupeKeepMs: DEDUPE_KEEP_MS,
    scans: planned,
    cards: [...new Set(scans.map((s) => s.cardNo))],
    profileCards: ctx.profile.cards,
    gcap: capCounts(ctx.profile.gcap, capAdd),
    days,
    months,
    points: planned.reduce((n, s) => n + s.points, 0),
  };
}
