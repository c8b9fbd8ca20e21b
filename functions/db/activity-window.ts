import { QueryCommand } from '@aws-sdk/lib-dynamodb';
import { activityPartition, monthActivitiesPartition, prefixes } from '../../shared/db/keys.js';
import { toActivityRow, type ActivityRow } from './activities.js';
import { db, tableName } from './client.js';

/**
 * Activities of `month` (byMonth) whose startsAt lies in [from, to): one key range of the month's partition,
 * since its sort key begins with startsAt. The reminder job reads the (at most two) months the window spans.
 */
export async function activitiesStartingBetween(month: string, from: string, to: string): Promise<ActivityRow[]> {
  const out: ActivityRow[] = [];
  let start: Record<string, unknown> | undefined;
  do {
    const r = await db().send(
      new QueryCommand({
        TableName: tableName(),
        IndexName: 'byMonth',
        KeyConditionExpression: 'mpk = :m AND msk BETWEEN :from AND :to',
        ExpressionAttributeValues: { ':m': monthActivitiesPartition(month), ':from': from, ':to': to },
        ExclusiveStartKey: start,
      }),
    );
    for (const it of r.Items ?? []) if (it.type === 'ACTIVITY') out.push(toActivityRow(it));
    start = r.LastEvaluatedKey;
  } while (start);
  return out.filter((a) => a.startsAt >= from && a.startsAt < to);
}

/** Every sign-up of an activity with its status (all pages of the activity's own partition). */
export async function allSignups(activityId: string): Promise<{ userId: string; status: string; at: string }[]> {
  const out: { userId: string; status: string; at: string }[] = [];
  let start: Record<string, unknown> | undefined;
  do {
    const r = await db().send(
      new QueryCommand({
        TableName: tableName(),
        KeyConditionExpression: 'pk = :pk AND begins_with(sk, :s)',
        ExpressionAttributeValues: { ':pk': activityPartition(activityId), ':s': prefixes.signup },
        ConsistentRead: true,
        ExclusiveStartKey: start,
      }),
    );
    for (const it of r.Items ?? []) {
      out.push({ userId: it.userId as string, status: it.status as string, at: it.at as string });
    }
    start = r.LastEvaluatedKey;
  } while (start);
  return out;
}
