import { BatchGetCommand, GetCommand, PutCommand, QueryCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import {
  activityKey,
  activityPartition,
  confirmGuardKey,
  creditKey,
  monthParticipantKey,
  monthStatKey,
  prefixes,
  serviceRecordKey,
  teamKey,
} from '../../shared/db/keys.js';
import type { ServiceRecord } from '../../shared/schemas/activities.js';
import type { ActivityRow } from './activities.js';
import { db, tableName } from './client.js';
import { backoff, type TxItem } from './transact.js';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

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
  let start: Record<string, unknown> | undefined;
  do {
    const r = await db().send(
      new QueryCommand({
        TableName: tableName(),
        KeyConditionExpression: 'pk = :pk AND begins_with(sk, :c)',
        ExpressionAttributeValues: { ':pk': activityPartition(activityId), ':c': prefixes.credit },
        ConsistentRead: true,
        ExclusiveStartKey: start,
      }),
    );
    for (const it of r.Items ?? []) {
      out.set(it.userId as string, {
        userId: it.userId as string,
        minutes: it.minutes as number,
        points: it.points as number,
      });
    }
    start = r.LastEvaluatedKey;
  } while (start);
  return out;
}

/** Which of the month's participant scopes (street, city) already count this person (consistent). */
export async function countedScopes(month: string, scopes: string[], userId: string): Promise<Set<string>> {
  const found = new Set<string>();
  let keys: Record<string, unknown>[] = scopes.map((s) => ({ ...monthParticipantKey(month, s, userId) }));
  for (let attempt = 0; keys.length > 0; attempt++) {
    const r = await db().send(
      new BatchGetCommand({ RequestItems: { [tableName()]: { Keys: keys, ConsistentRead: true } } }),
    );
    for (const it of r.Responses?.[tableName()] ?? []) found.add(it.scope as string);
    keys = (r.UnprocessedKeys?.[tableName()]?.Keys as Record<string, unknown>[] | undefined) ?? [];
    if (keys.length > 0) await sleep(backoff(attempt));
  }
  return found;
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

/** Index in `creditItems(...)` of the exactly-once guard: its failure means "already credited". */
export const CREDIT_GUARD_INDEX = 0;

/**
 * The items that go with one volunteer's balance move, in ONE transaction: the exactly-once credit
 * guard, the service record, the activity's and the team's totals, and — for a person not yet
 * counted this month in the activity's street or the city — the participant marker and counter.
 */
export function creditItems(a: ActivityRow, c: Credit & { at: string; newScopes: string[] }): TxItem[] {
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
  const items: TxItem[] = [
    {
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
    {
      Put: {
        TableName: tableName(),
        Item: {
          ...serviceRecordKey(c.userId, a.endsAt, a.id),
          type: 'SERVICE',
          userId: c.userId,
          ...record,
          teamId: record.teamId ?? undefined,
          themeId: record.themeId ?? undefined,
        },
        ConditionExpression: 'attribute_not_exists(pk)',
      },
    },
    {
      Update: {
        TableName: tableName(),
        Key: activityKey(a.id),
        UpdateExpression: 'ADD creditedMinutes :m, creditedPoints :p, participants :one',
        ExpressionAttributeValues: { ':m': c.minutes, ':p': c.points, ':one': 1 },
      },
    },
  ];
  if (a.teamId) {
    items.push({
      Update: {
        TableName: tableName(),
        Key: teamKey(a.teamId),
        UpdateExpression: 'ADD serviceMinutes :m',
        ConditionExpression: 'attribute_exists(pk)',
        ExpressionAttributeValues: { ':m': c.minutes },
      },
    });
  }
  for (const scope of c.newScopes) {
    items.push(
      {
        Put: {
          TableName: tableName(),
          Item: { ...monthParticipantKey(a.month, scope, c.userId), type: 'MPART', scope, userId: c.userId },
          ConditionExpression: 'attribute_not_exists(pk)',
        },
      },
      {
        Update: {
          TableName: tableName(),
          Key: monthStatKey(a.month, scope),
          UpdateExpression: 'ADD participants :one',
          ExpressionAttributeValues: { ':one': 1 },
        },
      },
    );
  }
  return items;
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
