import { QueryCommand } from '@aws-sdk/lib-dynamodb';
import { prefixes, userPartition } from '../../shared/db/keys.js';
import type { ServiceRecord } from '../../shared/schemas/activities.js';
import { db, tableName } from './client.js';
import { decodeCursor, encodeCursor } from './cursor.js';

const toRecord = (it: Record<string, unknown>): ServiceRecord => ({
  activityId: it.activityId as string,
  title: it.title as string,
  communityId: it.communityId as string,
  location: (it.location as string) ?? '',
  startsAt: it.startsAt as string,
  endsAt: it.endsAt as string,
  minutes: it.minutes as number,
  points: it.points as number,
  teamId: (it.teamId as string | undefined) ?? null,
  themeId: (it.themeId as string | undefined) ?? null,
  confirmedAt: it.confirmedAt as string,
});

/** A person's confirmed activities, newest first (`USER#<id>` / `SERVICE#<endsAt>#<activityId>`). */
export async function listServiceRecords(userId: string, limit: number, cursor?: string) {
  const r = await db().send(
    new QueryCommand({
      TableName: tableName(),
      KeyConditionExpression: 'pk = :pk AND begins_with(sk, :s)',
      ExpressionAttributeValues: { ':pk': userPartition(userId), ':s': prefixes.service },
      ScanIndexForward: false,
      Limit: limit,
      ExclusiveStartKey: await decodeCursor(cursor, userPartition(userId)),
    }),
  );
  return {
    items: (r.Items ?? []).map(toRecord),
    nextCursor: await encodeCursor(r.LastEvaluatedKey, userPartition(userId)),
  };
}
