import { activityPartition, monthActivitiesPartition, prefixes } from '../../shared/db/keys.js';
import { toActivityRow, type ActivityRow } from './activities.js';
import { tableName } from './client.js';
import { queryAll } from './query-all.js';

/**
 * Activities of `month` (byMonth) whose startsAt lies in [from, to): one key range of the month's partition,
 * since its sort key begins with startsAt. The reminder job reads the (at most two) months the window spans.
 */
export async function activitiesStartingBetween(month: string, from: string, to: string): Promise<ActivityRow[]> {
  const out: ActivityRow[] = [];
  const all = await queryAll({
    TableName: tableName(),
    IndexName: 'byMonth',
    KeyConditionExpression: 'mpk = :m AND msk BETWEEN :from AND :to',
    ExpressionAttributeValues: { ':m': monthActivitiesPartition(month), ':from': from, ':to': to },
  });
  for (const it of all) if (it.type === 'ACTIVITY') out.push(toActivityRow(it));
  return out.filter((a) => a.startsAt >= from && a.startsAt < to);
}

/** Every sign-up of an activity with its status (all pages of the activity's own partition). */
export async function allSignups(activityId: string): Promise<{ userId: string; status: string; at: string }[]> {
  const out: { userId: string; status: string; at: string }[] = [];
  const all = await queryAll({
    TableName: tableName(),
    KeyConditionExpression: 'pk = :pk AND begins_with(sk, :s)',
    ExpressionAttributeValues: { ':pk': activityPartition(activityId), ':s': prefixes.signup },
    ConsistentRead: true,
  });
  for (const it of all) {
    out.push({ userId: it.userId as string, status: it.status as string, at: it.at as string });
  }
  return out;
}
