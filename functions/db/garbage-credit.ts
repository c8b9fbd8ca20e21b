import { cardKey, scanDedupeKey } from '../../shared/db/keys.js';
import type { GarbageCategory } from '../../shared/schemas/bins.js';
import { epochSeconds } from '../../shared/time.js';
import { PutCommand } from '@aws-sdk/lib-dynamodb';
import { db, tableName } from './client.js';
import type { Contribution } from './leaderboard-writes.js';
import { moveBalance, type MoveResult, type ProfilePart } from './ledger.js';
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
 * Everything one transaction writes for one card holder: the scans (each with its dedupe item) and, on
 * the holder's profile under its version condition, the daily cap's counts (`gcap`) and each day's
 * counts for the projector (`src`; statistics, participants and boards are projected from the stream).
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
  /** The scans' cards: those the profile lists are checked on it, the others by their card items. */
  cards: string[];
  /** The cards the holder's profile listed when read (`cards`). */
  profileCards: Set<string>;
  /**
   * The profile's daily-cap counts after this credit (points per local day, the last days only). Planned
   * from the profile as read: the profile's version condition makes it exact.
   */
  gcap: Record<string, number>;
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

/** First projector slot of the garbage day shares (0 is the ledger entry). */
export const GARBAGE_DAY_SLOT = 2;

/** Cards of the plan not listed on the holder's profile: their card items are checked in the transaction. */
const cardsToCheck = (plan: CreditPlan) => plan.cards.filter((c) => !plan.profileCards.has(c));

/**
 * One string per scan of a day share, `<epoch ms of scannedAt>|<cardNo>`, for the projector's card-burst
 * rule (card-marks.ts). The bin, its community and the holder are on the same `src`; the scanId is left
 * out on purpose: the source item is billed per KB on every write, and the rule needs only when and which card.
 */
export const scanMarks = (scans: PlannedScan[]): string[] => scans.map((s) => `${Date.parse(s.scannedAt)}|${s.cardNo}`);

/**
 * The caller's items of a credit, in a fixed order — only what must be atomic with the balance and is
 * not the profile: a check of each card the profile does not list (bound before cards were kept on the
 * profile) and the scans' dedupe items. The daily cap and the day shares are the profile's (creditProfile).
 */
export function creditItems(plan: CreditPlan, entryId: string | null, receivedAt: string): TxItem[] {
  const T = tableName();
  const { bin, userId } = plan;
  const items: TxItem[] = [];
  // The card must still be this person's: an unbind or rebind since the lookup cancels the credit.
  for (const cardNo of cardsToCheck(plan)) {
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
  return items;
}

/**
 * What a credit writes on the holder's profile, under the ledger core's version condition:
 * - `gcap`: the daily cap's counts (exact: planned from the profile as read at that version);
 * - `src`: per local day of scannedAt, that day's share of the credit for the projector (bin, bin's
 *   community, counts, points, the holder's street then; the holder's name and community are the
 *   profile's own, in the same stream record) with the profile version `ver` this transaction writes;
 * - the condition that every card the profile lists is still on it (unbind takes it off in the card's
 *   own transaction).
 */
export function creditProfile(plan: CreditPlan, ver: number): ProfilePart {
  const onProfile = plan.cards.filter((c) => plan.profileCards.has(c));
  const values: Record<string, unknown> = {};
  onProfile.forEach((c, i) => (values[`:q${i}`] = c));
  return {
    set: {
      // Never an empty map: DynamoDB Local's stream renders one as `{}`, which no reader can unmarshall.
      ...(Object.keys(plan.gcap).length ? { gcap: plan.gcap } : {}),
      src: {
        ver,
        days: [...plan.days].map(([day, c], i) => {
          const ofDay = plan.scans.filter((s) => s.day === day);
          return {
            slot: GARBAGE_DAY_SLOT + i,
            binId: plan.bin.id,
            binCommunityId: plan.bin.communityId,
            day,
            scans: c.scans,
            correct: c.correct,
            points: c.points,
            lastAt: ofDay.reduce((m, s) => (s.scannedAt > m ? s.scannedAt : m), ''),
            streetId: plan.holderStreetId,
            marks: scanMarks(ofDay),
          };
        }),
      },
    },
    ...(onProfile.length
      ? { condition: onProfile.map((_, i) => `contains(cards, :q${i})`).join(' AND '), values }
      : {}),
  };
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
 * that version) with our items and our part of the profile. A failed condition (a duplicate scan, an
 * unbound card, or the profile moved since it was read — another credit used the cap meanwhile) is thrown
 * as ConditionFailedError for the caller to re-read and re-plan; nothing is written then.
 */
export async function commitCredit(plan: CreditPlan): Promise<MoveResult> {
  const receivedAt = nowIso();
  const size = creditItems(plan, null, receivedAt).length + LEDGER_CORE_ITEMS;
  if (size > MAX_TX_ITEMS) throw new CreditTooLargeError(size);
  if (!plan.holderState) throw new Error('a credit is planned from the holder profile it read');
  return moveBalance(
    {
      userId: plan.userId,
      delta: plan.points,
      reason: 'garbage',
      ref: `bin:${plan.bin.id}:${plan.scans[0]!.scanId}`,
      actor: `bin:${plan.bin.id}`,
      note: plan.bin.name,
      skipZeroEntry: true,
      profile: creditProfile(plan, plan.holderState.ver + 1),
    },
    (results) => creditItems(plan, results[0]!.entry?.id ?? null, receivedAt),
    { ...plan.holderState, communityId: plan.holderCommunityId },
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
