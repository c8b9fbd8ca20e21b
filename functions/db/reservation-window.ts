import { QueryCommand } from '@aws-sdk/lib-dynamodb';
import { reservationDuePartition } from '../../shared/db/keys.js';
import { db, tableName } from './client.js';
import { toRedemption, type StoredRedemption } from './redemptions.js';

/** Open reservations of one byDue shard lapsing in [from, to) (the "collect soon" notices), all pages. */
export async function reservationsLapsingBetween(shard: number, from: string, to: string): Promise<StoredRedemption[]> {
  const out: StoredRedemption[] = [];
  let start: Record<string, unknown> | undefined;
  do {
    const r = await db().send(
      new QueryCommand({
        TableName: tableName(),
        IndexName: 'byDue',
        KeyConditionExpression: 'dpk = :p AND dsk BETWEEN :from AND :to',
        ExpressionAttributeValues: { ':p': reservationDuePartition(shard), ':from': from, ':to': to },
        ExclusiveStartKey: start,
      }),
    );
    for (const it of r.Items ?? []) if (it.status === 'reserved') out.push(toRedemption(it));
    start = r.LastEvaluatedKey;
  } while (start);
  return out.filter((r) => r.expiresAt >= from && r.expiresAt < to);
}
