import { GetCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { activityPartition, noShowKey, prefixes, userNoShowKey, userPartition } from '../../shared/db/keys.js';
import { db, tableName } from './client.js';
import { ConditionFailedError } from './errors.js';
import { queryAll } from './query-all.js';
import { transactWrite } from './transact.js';

export interface NoShowRow {
  activityId: string;
  userId: string;
  name: string;
  /** When it happened: the activity's end. */
  at: string;
  recordedAt: string;
  excusedAt: string | null;
}

const toNoShow = (it: Record<string, unknown>): NoShowRow => ({
  activityId: it.activityId as string,
  userId: it.userId as string,
  name: (it.name as string) ?? '',
  at: it.at as string,
  recordedAt: it.recordedAt as string,
  excusedAt: (it.excusedAt as string | undefined) ?? null,
});

/**
 * Records a no-show exactly once: ONE transaction puts the activity's item (`attribute_not_exists`, also when
 * it was excused since) and the person's dated copy. A resumed or repeated confirm fails the guard and writes
 * nothing. Returns whether this call recorded it.
 */
export async function recordNoShow(
  r: { activityId: string; userId: string; name: string; at: string; title: string },
  recordedAt: string,
): Promise<boolean> {
  try {
    await transactWrite({
      guard: {
        Put: {
          TableName: tableName(),
          Item: {
            ...noShowKey(r.activityId, r.userId),
            type: 'NOSHOW',
            activityId: r.activityId,
            userId: r.userId,
            name: r.name,
            at: r.at,
            recordedAt,
          },
          ConditionExpression: 'attribute_not_exists(pk)',
        },
      },
      mine: {
        Put: {
          TableName: tableName(),
          Item: {
            ...userNoShowKey(r.userId, r.at, r.activityId),
            type: 'USER_NOSHOW',
            activityId: r.activityId,
            userId: r.userId,
            title: r.title,
            at: r.at,
          },
        },
      },
    });
    return true;
  } catch (err) {
    if (err instanceof ConditionFailedError && err.failedPart('guard')) return false;
    throw err;
  }
}

/** The activity's no-shows that stand (not excused), consistent. */
export async function activityNoShows(activityId: string): Promise<NoShowRow[]> {
  const all = await queryAll({
    TableName: tableName(),
    KeyConditionExpression: 'pk = :pk AND begins_with(sk, :n)',
    ExpressionAttributeValues: { ':pk': activityPartition(activityId), ':n': prefixes.noShow },
    ConsistentRead: true,
  });
  return all.map(toNoShow).filter((n) => !n.excusedAt);
}

/**
 * Excuses a no-show: the activity's item stays (marked, so a resumed confirm never records it again) and the
 * person's dated copy goes, in one transaction. False when there is no standing no-show to excuse.
 */
export async function excuseNoShow(activityId: string, userId: string, by: string, at: string): Promise<boolean> {
  const r = await db().send(
    new GetCommand({ TableName: tableName(), Key: noShowKey(activityId, userId), ConsistentRead: true }),
  );
  if (!r.Item || r.Item.excusedAt) return false;
  const n = toNoShow(r.Item);
  try {
    await transactWrite({
      noShow: {
        Update: {
          TableName: tableName(),
          Key: noShowKey(activityId, userId),
          UpdateExpression: 'SET excusedAt = :at, excusedBy = :by',
          ConditionExpression: 'attribute_exists(pk) AND attribute_not_exists(excusedAt)',
          ExpressionAttributeValues: { ':at': at, ':by': by },
        },
      },
      mine: { Delete: { TableName: tableName(), Key: userNoShowKey(userId, n.at, activityId) } },
    });
    return true;
  } catch (err) {
    if (err instanceof ConditionFailedError && err.failedPart('noShow')) return false;
    throw err;
  }
}

/** A person's standing no-shows that happened at or after `since` (one key range of their partition). */
export async function noShowsSince(userId: string, since: string): Promise<{ count: number; latest: string | null }> {
  const r = await db().send(
    new QueryCommand({
      TableName: tableName(),
      KeyConditionExpression: 'pk = :pk AND sk BETWEEN :lo AND :hi',
      ExpressionAttributeValues: {
        ':pk': userPartition(userId),
        ':lo': `${prefixes.noShow}${since}`,
        ':hi': `${prefixes.noShow}\uffff`,
      },
      ScanIndexForward: false,
      ConsistentRead: true,
    }),
  );
  const items = r.Items ?? [];
  return { count: items.length, latest: (items[0]?.at as string | undefined) ?? null };
}
