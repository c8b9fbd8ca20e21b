import { GetCommand, PutCommand, QueryCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import {
  activityPartition,
  confirmGuardKey,
  creditKey,
  monthStatKey,
  prefixes,
  serviceRecordKey,
} from '../../shared/db/keys.js';
import type { ServiceRecord } from '../../shared/schemas/activities.js';
import type { ActivityRow } from './activities.js';
import { db, tableName } from './client.js';
import { queryAll } from './query-all.js';
import type { TxParts } from './transact.js';

/** The confirmation guard: who confirms, the adjustments of the first confirm, and a lease. */
export interface ConfirmGuard {
  owner: string;
  leaseUntil: number;
  by: string;
  adjustments: Record<string, number>;
}

/**
 * Takes the confirmation of an activity: creates the guard, or takes over one whose lease ran out
 * (a confirm that died halfway). Returns undefined while another confirm holds a live lease. The
 * adjustments of the first confirm are kept, so a resumed confirm credits the same minutes.
 */
export async function acquireConfirmLease(
  activityId: string,
  owner: string,
  by: string,
  adjustments: Record<string, number>,
  nowMs: number,
  leaseMs: number,
): Promise<ConfirmGuard | undefined> {
  try {
    const r = await db().send(
      new UpdateCommand({
        TableName: tableName(),
        Key: confirmGuardKey(activityId),
        UpdateExpression:
          'SET #type = :t, activityId = :a, #owner = :o, leaseUntil = :l, startedAt = if_not_exists(startedAt, :now), ' +
          '#by = if_not_exists(#by, :by), adjustments = if_not_exists(adjustments, :adj)',
        ConditionExpression: 'attribute_not_exists(pk) OR leaseUntil < :nowMs',
        ExpressionAttributeNames: { '#type': 'type', '#owner': 'owner', '#by': 'by' },
        ExpressionAttributeValues: {
          ':t': 'CONFIRM_GUARD',
          ':a': activityId,
          ':o': owner,
          ':l': nowMs + leaseMs,
          ':now': new Date(nowMs).toISOString(),
          ':nowMs': nowMs,
          ':by': by,
          ':adj': adjustments,
        },
        ReturnValues: 'ALL_NEW',
      }),
    );
    const it = r.Attributes!;
    return {
      owner: it.owner as string,
      leaseUntil: it.leaseUntil as number,
      by: it.by as string,
      adjustments: (it.adjustments as Record<string, number>) ?? {},
    };
  } catch (err) {
    if ((err as { name?: string }).name === 'ConditionalCheckFailedException') return undefined;
    throw err;
  }
}

/** Extends my lease; false when someone took it over. */
export async function renewConfirmLease(activityId: string, owner: string, untilMs: number): Promise<boolean> {
  try {
    await db().send(
      new UpdateCommand({
        TableName: tableName(),
        Key: confirmGuardKey(activityId),
        UpdateExpression: 'SET leaseUntil = :l',
        ConditionExpression: '#owner = :o',
        ExpressionAttributeNames: { '#owner': 'owner' },
        ExpressionAttributeValues: { ':l': untilMs, ':o': owner },
      }),
    );
    return true;
  } catch (err) {
    if ((err as { name?: string }).name === 'ConditionalCheckFailedException') return false;
    throw err;
  }
}

/** Gives up my lease at once (after an error), so a retry may resume without waiting. */
export async function releaseConfirmLease(activityId: string, owner: string): Promise<void> {
  await renewConfirmLease(activityId, owner, 0);
}

export async function getConfirmGuard(activityId: string): Promise<ConfirmGuard | undefined> {
  const r = await db().send(
    new GetCommand({ TableName: tableName(), Key: confirmGuardKey(activityId), ConsistentRead: true }),
  );
  if (!r.Item) return undefined;
  return {
    owner: r.Item.owner as string,
    leaseUntil: r.Item.leaseUntil as number,
    by: r.Item.by as string,
    adjustments: (r.Item.adjustments as Record<string, number>) ?? {},
  };
}

export interface Credit {
  userId: string;
  minutes: number;
  points: number;
}

export async function getCredit(activityId: string, userId: string): Promise<Credit | undefined> {
  const r = await db().send(new GetCommand({ TableName: tableName(), Key: creditKey(activityId, userId) }));
  return r.Item ? { userId, minutes: r.Item.minutes as number, points: r.Item.points as number } : undefined;
}

/** Everyone already credited for an activity (consistent), so a resumed confirm skips them. */
export async function listCredits(activityId: string): Promise<Map<string, Credit>> {
  const out = new Map<string, Credit>();
  const all = await queryAll({
    TableName: tableName(),
    KeyConditionExpression: 'pk = :pk AND begins_with(sk, :c)',
    ExpressionAttributeValues: { ':pk': activityPartition(activityId), ':c': prefixes.credit },
    ConsistentRead: true,
  });
  for (const it of all) {
    out.set(it.userId as string, {
      userId: it.userId as string,
      minutes: it.minutes as number,
      points: it.points as number,
    });
  }
  return out;
}

/** A credit-only guard for someone confirmed with 0 minutes (no balance move, nothing to count). */
export async function putZeroCredit(activityId: string, userId: string, at: string): Promise<boolean> {
  try {
    await db().send(
      new PutCommand({
        TableName: tableName(),
        Item: { ...creditKey(activityId, userId), type: 'CREDIT', activityId, userId, minutes: 0, points: 0, at },
        ConditionExpression: 'attribute_not_exists(pk)',
      }),
    );
    return true;
  } catch (err) {
    if ((err as { name?: string }).name === 'ConditionalCheckFailedException') return false;
    throw err;
  }
}

/** Projector slot of the service record (0 is the ledger entry). */
export const SERVICE_SLOT = 1;

/** Who is credited, as known at the confirm: their name and place (community, street) then. */
export interface CreditHolder {
  name: string;
  communityId: string | null;
  streetId: string | null;
}

/**
 * A service record's source for the projector: what it adds (minutes, points), the activity's month, street and
 * team, the person's place, and the profile version `ver` of the transaction that writes it (exactly once).
 */
export const serviceSource = (
  a: ActivityRow,
  c: { ver: number; minutes: number; points: number },
  holder: CreditHolder,
) => ({
  ver: c.ver,
  slot: SERVICE_SLOT,
  activityId: a.id,
  month: a.month,
  startsAt: a.startsAt,
  activityStreetId: a.streetId ?? null,
  teamId: a.teamId ?? null,
  minutes: c.minutes,
  points: c.points,
  name: holder.name,
  communityId: holder.communityId,
  streetId: holder.streetId,
});

/**
 * The items that go with one volunteer's balance move, in ONE transaction — only what must be atomic
 * with it: the exactly-once credit guard and the service record. The service record is also the
 * projector's source (`src`: minutes, points, the activity's month, street and team, the person's place
 * and the profile version `ver` of this transaction): the activity's and team's totals, the month's
 * participants and the boards follow from it.
 */
export function creditItems(a: ActivityRow, c: Credit & { at: string; ver: number; holder: CreditHolder }): TxParts {
  const record: ServiceRecord = {
    activityId: a.id,
    title: a.title,
    communityId: a.communityId,
    location: a.location.name,
    startsAt: a.startsAt,
    endsAt: a.endsAt,
    minutes: c.minutes,
    points: c.points,
    teamId: a.teamId,
    themeId: a.themeId,
    confirmedAt: c.at,
  };
  return {
    // The exactly-once guard: its failure means "already credited".
    creditGuard: {
      Put: {
        TableName: tableName(),
        Item: {
          ...creditKey(a.id, c.userId),
          type: 'CREDIT',
          activityId: a.id,
          userId: c.userId,
          minutes: c.minutes,
          points: c.points,
          at: c.at,
        },
        ConditionExpression: 'attribute_not_exists(pk)',
      },
    },
    serviceRecord: {
      Put: {
        TableName: tableName(),
        Item: {
          ...serviceRecordKey(c.userId, a.endsAt, a.id),
          type: 'SERVICE',
          userId: c.userId,
          ...record,
          teamId: record.teamId ?? undefined,
          themeId: record.themeId ?? undefined,
          src: serviceSource(a, c, c.holder),
        },
        ConditionExpression: 'attribute_not_exists(pk)',
      },
    },
  };
}

/** The month's participant counters by scope (`STREET#<id>`, `CITY`): one Query. */
export async function monthParticipants(month: string): Promise<Map<string, number>> {
  const r = await db().send(
    new QueryCommand({
      TableName: tableName(),
      KeyConditionExpression: 'pk = :pk',
      ExpressionAttributeValues: { ':pk': monthStatKey(month, '').pk },
    }),
  );
  return new Map((r.Items ?? []).map((it) => [it.sk as string, (it.participants as number) ?? 0]));
}
