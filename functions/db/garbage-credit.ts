import {
  cardKey,
  garbageBinStatKey,
  garbageCapKey,
  garbageDayParticipantKey,
  garbageDayStatKey,
  garbageMonthParticipantKey,
  garbageMonthStatKey,
  scanDedupeKey,
} from '../../shared/db/keys.js';
import { newId } from '../../shared/ids.js';
import type { GarbageCategory } from '../../shared/schemas/bins.js';
import { DAY, epochSeconds } from '../../shared/time.js';
import { tableName } from './client.js';
import { leaderboardWrites, type Contribution } from './leaderboard-writes.js';
import { moveBalance, type MoveResult } from './ledger.js';
import { MAX_TX_ITEMS, transactWrite, type TxItem } from './transact.js';
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
  /** First drop of this person in the community in this period: count them and write the marker. */
  newParticipant: boolean;
}

/**
 * Everything one transaction writes for one card holder: the scans (each with its forever dedupe
 * item), the cap growth per day (guarded by `points <= cap - add`), the statistics counters and
 * participant markers, and the leaderboard contributions.
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

/** Items the ledger core adds for a move: profile, entry, and liability (all-time and month). */
const LEDGER_CORE_ITEMS = 4;

const dayTtl = (day: string) => epochSeconds(Date.parse(`${day}T00:00:00Z`) + 10 * DAY);
const monthTtl = (month: string) => {
  const [y, m] = month.split('-').map(Number) as [number, number];
  return epochSeconds(Date.UTC(y, m, 1) + 10 * DAY);
};

function counterUpdate(key: { pk: string; sk: string }, c: PeriodCounts, set: Record<string, string | number>): TxItem {
  const names: Record<string, string> = {};
  const values: Record<string, unknown> = { ':s': c.scans, ':c': c.correct, ':p': c.points };
  const sets = Object.entries(set).map(([k, v], i) => {
    names[`#f${i}`] = k;
    values[`:f${i}`] = v;
    return `#f${i} = :f${i}`;
  });
  let add = 'scans :s, correct :c, points :p';
  if (c.newParticipant) {
    add += ', participants :one';
    values[':one'] = 1;
  }
  return {
    Update: {
      TableName: tableName(),
      Key: key,
      UpdateExpression: `SET ${sets.join(', ')} ADD ${add}`,
      ExpressionAttributeNames: names,
      ExpressionAttributeValues: values,
    },
  };
}

/** The caller's items of a credit, in a fixed order; `entryId` ties the scans to the ledger entry. */
export function creditItems(plan: CreditPlan, entryId: string | null, receivedAt: string): TxItem[] {
  const T = tableName();
  const { bin, userId, shard } = plan;
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
        },
        ConditionExpression: 'attribute_not_exists(pk)',
      },
    });
  }
  for (const cap of plan.caps) {
    items.push({
      Update: {
        TableName: T,
        Key: garbageCapKey(userId, cap.day),
        UpdateExpression: 'SET #ttl = :ttl ADD points :n',
        ConditionExpression: 'attribute_not_exists(points) OR points <= :max',
        ExpressionAttributeNames: { '#ttl': 'ttl' },
        ExpressionAttributeValues: { ':n': cap.add, ':max': cap.max, ':ttl': dayTtl(cap.day) },
      },
    });
  }
  for (const [day, c] of plan.days) {
    items.push(counterUpdate(garbageDayStatKey(bin.communityId, day, shard), c, { communityId: bin.communityId, day }));
    if (c.newParticipant) {
      items.push({
        Put: {
          TableName: T,
          Item: { ...garbageDayParticipantKey(bin.communityId, day, userId), type: 'GPART', ttl: dayTtl(day) },
          ConditionExpression: 'attribute_not_exists(pk)',
        },
      });
    }
  }
  for (const [month, c] of plan.months) {
    items.push(
      counterUpdate(garbageMonthStatKey(bin.communityId, month, shard), c, { communityId: bin.communityId, month }),
    );
    items.push(
      counterUpdate(
        garbageBinStatKey(bin.communityId, month, bin.id, shard),
        { ...c, newParticipant: false },
        { binId: bin.id, month },
      ),
    );
    if (c.newParticipant) {
      items.push({
        Put: {
          TableName: T,
          Item: { ...garbageMonthParticipantKey(bin.communityId, month, userId), type: 'GPART', ttl: monthTtl(month) },
          ConditionExpression: 'attribute_not_exists(pk)',
        },
      });
    }
  }
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
 * Writes one credit as ONE transaction: through the ledger core when it earns points (balance, entry
 * and our items together), else our items alone. A failed condition of our items (a duplicate scan,
 * a cap reached, an unbound card, a participant already counted) is thrown as ConditionFailedError
 * for the caller to re-read and re-plan; nothing is written then.
 */
export async function commitCredit(plan: CreditPlan): Promise<MoveResult | null> {
  const receivedAt = nowIso();
  const lb = plan.points > 0 ? await leaderboardWrites(contributions(plan)) : [];
  const size = creditItems(plan, null, receivedAt).length + lb.length + (plan.points > 0 ? LEDGER_CORE_ITEMS : 0);
  if (size > MAX_TX_ITEMS) throw new CreditTooLargeError(size);
  if (plan.points === 0) {
    await transactWrite([...creditItems(plan, null, receivedAt), ...lb], newId());
    return null;
  }
  return moveBalance(
    {
      userId: plan.userId,
      delta: plan.points,
      reason: 'garbage',
      ref: `bin:${plan.bin.id}:${plan.scans[0]!.scanId}`,
      actor: `bin:${plan.bin.id}`,
      note: plan.bin.name,
    },
    (results) => [...creditItems(plan, results[0]!.entry?.id ?? null, receivedAt), ...lb],
    plan.holderState && { ...plan.holderState, communityId: plan.holderCommunityId },
  );
}
