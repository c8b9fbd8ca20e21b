import { reservationDuePartition } from '../../shared/db/keys.js';
import { tableName } from './client.js';
import { queryAll } from './query-all.js';
import { toRedemption, type StoredRedemption } from './redemptions.js';

/** Open reservations of one byDue shard lapsing in [from, to) (the "collect soon" notices), all pages. */
export async function reservationsLapsingBetween(shard: number, from: string, to: string): Promise<StoredRedemption[]> {
  const out: StoredRedemption[] = [];
  const all = await queryAll({
    TableName: tableName(),
    IndexName: 'byDue',
    KeyConditionExpression: 'dpk = :p AND dsk BETWEEN :from AND :to',
    ExpressionAttributeValues: { ':p': reservationDuePartition(shard), ':from': from, ':to': to },
  });
  for (const it of all) if (it.status === 'reserved') out.push(toRedemption(it));
  return out.filter((r) => r.expiresAt >= from && r.expiresAt < to);
}
