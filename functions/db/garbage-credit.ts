import { cardKey, garbageCapKey, scanDedupeKey } from '../../shared/db/keys.js';
import type { GarbageCategory } from '../../shared/schemas/bins.js';
import { DAY, epochSeconds } from '../../shared/time.js';
import { PutCommand } from '@aws-sdk/lib-dynamodb';
import { db, tableName } from './client.js';
import type { Contribution } from './leaderboard-writes.js';
import { moveBalance, type MoveResult } from './ledger.js';
import { MAX_TX_ITEMS, type TxItem } from './transact.js';
import { nowIso } from '../clock.js';

/** One accepted scan as it will be kept, with the points it earns. */
export interface PlannedScan {
  scanId: string;
  cardNo: string;
  category: GarbageCategory;
  correct: boolean;
  weightGrams?: number;
  scannedAt: string;
  /** Local day and month of `scannedAt` (TZ_NAME). */
  day: string;
  month: string;
  points: number;
}

/** Counters one credit adds to a day or month of the bin's community. */
export interface PeriodCounts {
  scans: number;
  correct: number;
  points: number;
}

/**
 * Everything one transaction writes for one card holder: the scans (each with its dedupe item), the
 * cap growth per day (guarded by `points <= cap - add`) and, on each day item, that day's counts for
 * the projector (statistics, participants and boards are projected from the stream, not written here).
 */
export interface CreditPlan {
  userId: string;
  holderName: string;
  holderCommunityId: string | null;
  holderStreetId: string | null;
  /** The holder's balance and version as read with the plan (saves the ledger core a read). */
  holderState?: { balance: number; ver: number };
  bin: { id: string; communityId: string; name: string };
  /** Counter shard of this transaction (spreads parallel transactions over different items). */
  shard: number;
  /** How long a scan's dedupe item is kept after its scannedAt (the stale window and a margin). */
  dedupeKeepMs: number;
  scans: PlannedScan[];
  cards: string[];
  caps: { day: string; add: number; max: number }[];
  days: Map<string, PeriodCounts>;
  months: Map<string, PeriodCounts & { lastAt: string }>;
  points: number;
}

/** The items of a credit exceed one transaction; the caller splits the scans and tries again. */
export class CreditTooLargeError extends Error {
  constructor(readonly items: number) {
    super(`a credit of ${items} items exceeds one transaction`);
    this.name = 'CreditTooLargeError';
  }
}

/** Items the ledger core adds for a move: the profile and (when points move) the ledger entry. */
const LEDGER_CORE_ITEMS = 2;

const dayTtl = (day: string) => epochSeconds(Date.parse(`${day}T00:00:00Z`) + 10 * DAY);

/** First projector slot of the garbage day items (0 is the ledger entry). */
export const GARBAGE_DAY_SLOT = 2;

/**
 * One string per scan of a day share, `<epoch ms of scannedAt>|<cardNo>`, for the projector's card-burst
 * rule (card-marks.ts). The bin, its community and the holder are on the same `src`; the scanId is left
 * out on purpose: the source item is billed per KB on every write, and the rule needs only when and which card.
 */
export const scanMarks = (scans: PlannedScan[]): string[] => scans.map((s) => `${Date.parse(s.scannedAt)}|${s.cardNo}`);

/**
 * The caller's items of a credit, in a fixed order — only what must be atomic with the balance:
 * the cards still bound to the holder, the scans' dedupe items, and per day of scannedAt the day item
 * (`GCAP#<day>`: the cap, guarded by `points <= cap - add`) which also carries that day's share of the
 * credit for the projector (`src`: bin, counts, points, the holder's place at earning time, and the
 * profile version `ver` of this transaction). Statistics, boards and liability are the projector's.
 */
export function creditItems(plan: CreditPlan, entryId: string | null, receivedAt: string, ver: number): TxItem[] {
  const T = tableName();
  const { bin, userId } = plan;
  const items: TxItem[] = [];
  // The card must still be this person's: an unbind or rebind since the lookup cancels the credit.
  for (const cardNo of plan.cards) {
    items.push({
      ConditionCheck: {
        TableName: T,
        Key: cardKey(cardNo),
        ConditionExpression: 'active = :t AND userId = :u',
        ExpressionAttributeValues: { ':t': true, ':u': userId },
      },
    });
  }
  for (const s of plan.scans) {
    items.push({
      Put: {
        TableName: T,
        Item: {
          ...scanDedupeKey(bin.id, s.scanId),
          type: 'SCAN',
          binId: bin.id,
          communityId: bin.communityId,
          userId,
          scanId: s.scanId,
          cardNo: s.cardNo,
          category: s.category,
          correct: s.correct,
          weightGrams: s.weightGrams,
          scannedAt: s.scannedAt,
          points: s.points,
          receivedAt,
          ...(entryId ? { entryId } : {}),
          // Needed only while a resend could still be accepted: after scannedAt + the stale window the
          // scan is refused `stale` anyway (see dedupeExpiry).
          ttl: epochSeconds(Date.parse(s.scannedAt) + plan.dedupeKeepMs),
        },
        ConditionExpression: 'attribute_not_exists(pk)',
      },
    });
  }
  const caps = new Map(plan.caps.map((c) => [c.day, c]));
  [...plan.days].forEach(([day, c], i) => {
    const cap = caps.get(day);
    const lastAt = plan.scans.filter((s) => s.day === day).reduce((m, s) => (s.scannedAt > m ? s.scannedAt : m), '');
    items.push({
      Update: {
        TableName: T,
        Key: garbageCapKey(userId, day),
        UpdateExpression: 'SET #type = :type, userId = :u, #ttl = :ttl, src = :src ADD points :n',
        ...(cap ? { ConditionExpression: 'attribute_not_exists(points) OR points <= :max' } : {}),
        ExpressionAttributeNames: { '#ttl': 'ttl', '#type': 'type' },
        ExpressionAttributeValues: {
          ':type': 'GCAP',
          ':u': userId,
          ':n': cap?.add ?? 0,
          ...(cap ? { ':max': cap.max } : {}),
          ':ttl': dayTtl(day),
          ':src': {
            ver,
            slot: GARBAGE_DAY_SLOT + i,
            binId: bin.id,
            binCommunityId: bin.communityId,
            day,
            month: day.slice(0, 7),
            scans: c.scans,
            correct: c.correct,
            points: c.points,
            lastAt,
            name: plan.holderName,
            communityId: plan.holderCommunityId,
            streetId: plan.holderStreetId,
            marks: scanMarks(plan.scans.filter((s) => s.day === day)),
          },
        },
      },
    });
  });
  return items;
}

/** The leaderboard contributions of a credit: one per local month, with the holder's place at earning time. */
export function contributions(plan: CreditPlan): Contribution[] {
  return [...plan.months]
    .filter(([, c]) => c.points > 0)
    .map(([, c]) => ({
      userId: plan.userId,
      name: plan.holderName,
      metric: 'garbage_points' as const,
      value: c.points,
      at: c.lastAt,
      communityId: plan.holderCommunityId,
      streetId: plan.holderStreetId,
    }));
}

/**
 * Writes one credit as ONE transaction through the ledger core: the balance (and a ledger entry when
 * it earns points; a version bump only when it does not — the projector orders a person's credits by
 * that version) with our items. A failed condition of our items (a duplicate scan, a cap reached, an
 * unbound card) is thrown as ConditionFailedError for the caller to re-read and re-plan; nothing is
 * written then.
 */
export async function commitCredit(plan: CreditPlan): Promise<MoveResult> {
  const receivedAt = nowIso();
  const size = creditItems(plan, null, receivedAt, 0).length + LEDGER_CORE_ITEMS;
  if (size > MAX_TX_ITEMS) throw new CreditTooLargeError(size);
  return moveBalance(
    {
      userId: plan.userId,
      delta: plan.points,
      reason: 'garbage',
      ref: `bin:${plan.bin.id}:${plan.scans[0]!.scanId}`,
      actor: `bin:${plan.bin.id}`,
      note: plan.bin.name,
      skipZeroEntry: true,
    },
    (results) => creditItems(plan, results[0]!.entry?.id ?? null, receivedAt, results[0]!.ver),
    plan.holderState && { ...plan.holderState, communityId: plan.holderCommunityId },
  );
}

/**
 * Remembers scans that were refused (`unknown-card`, `future`), so the bin resending the same scanId later —
 * after the card is bound, or once its time has come — is a duplicate, as the contract says of any scanId the
 * bin already sent, and earns nothing. Conditional, so a marker never overwrites a credited scan's item; no
 * `src`, so the projector ignores it. Kept as long as a credited scan's item.
 */
export async function rememberRefusedScans(
  binId: string,
  scans: { scanId: string; scannedAt: string; reason: string }[],
  keepMs: number,
): Promise<void> {
  const receivedAt = nowIso();
  await Promise.all(
    scans.map((s) =>
      db()
        .send(
          new PutCommand({
            TableName: tableName(),
            Item: {
              ...scanDedupeKey(binId, s.scanId),
              type: 'SCAN_REFUSED',
              binId,
              scanId: s.scanId,
              reason: s.reason,
              receivedAt,
              ttl: epochSeconds((Date.parse(s.scannedAt) || Date.parse(receivedAt)) + keepMs),
            },
            ConditionExpression: 'attribute_not_exists(pk)',
          }),
        )
        .catch((err: unknown) => {
          if ((err as { name?: string }).name !== 'ConditionalCheckFailedException') throw err;
        }),
    ),
  );
}
