import { GetCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { activityPartition, attendanceKey, confirmGuardKey, prefixes } from '../../shared/db/keys.js';
import { AppError } from '../../shared/errors.js';
import { db, tableName } from './client.js';
import { queryAll } from './query-all.js';
import { decodeCursor, encodeCursor } from './cursor.js';
import { ConditionFailedError } from './errors.js';
import { auditItem, type AuditRecord } from './audit.js';
import { transactWrite, type TxItem } from './transact.js';

/** A check-in / check-out as stored; `minutes` are derived when read. */
export interface AttendanceRow {
  userId: string;
  name: string;
  checkedInAt: string;
  checkedOutAt: string | null;
  manual: boolean;
  /** Sent later with its scan time (offline check-in); absent on older rows. */
  offline?: boolean;
}

const toAttendance = (it: Record<string, unknown>): AttendanceRow => ({
  userId: it.userId as string,
  name: (it.name as string) ?? '',
  checkedInAt: it.checkedInAt as string,
  checkedOutAt: (it.checkedOutAt as string | undefined) ?? null,
  manual: it.manual === true,
  offline: it.offline === true,
});

/** Attendance may change only until confirmation starts: every write checks the guard is absent. */
const notConfirmed = (activityId: string): TxItem => ({
  ConditionCheck: {
    TableName: tableName(),
    Key: confirmGuardKey(activityId),
    ConditionExpression: 'attribute_not_exists(pk)',
  },
});

const alreadyConfirmed = () =>
  new AppError('already-confirmed', 'The hours of this activity are being or have been confirmed');

/** A first check-in; twice → already-checked-in. */
export async function putCheckin(
  activityId: string,
  rec: {
    userId: string;
    name: string;
    checkedInAt: string;
    communityId?: string;
    deviceId?: string;
    offline?: true;
    lat?: number;
    lng?: number;
  },
): Promise<void> {
  try {
    await transactWrite({
      attendance: {
        Put: {
          TableName: tableName(),
          Item: { ...attendanceKey(activityId, rec.userId), type: 'ATTENDANCE', activityId, manual: false, ...rec },
          ConditionExpression: 'attribute_not_exists(pk)',
        },
      },
      notConfirmed: notConfirmed(activityId),
    });
  } catch (err) {
    if (err instanceof ConditionFailedError && err.failedPart('attendance')) {
      throw new AppError('already-checked-in', 'You have already checked in');
    }
    if (err instanceof ConditionFailedError) throw alreadyConfirmed();
    throw err;
  }
}

/** Sets the check-out once; without a check-in → not-checked-in, twice → conflict. */
export async function putCheckout(activityId: string, userId: string, checkedOutAt: string): Promise<AttendanceRow> {
  try {
    await transactWrite({
      attendance: {
        Update: {
          TableName: tableName(),
          Key: attendanceKey(activityId, userId),
          UpdateExpression: 'SET checkedOutAt = :o',
          ConditionExpression: 'attribute_exists(pk) AND attribute_not_exists(checkedOutAt)',
          ExpressionAttributeValues: { ':o': checkedOutAt },
          ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
        },
      },
      notConfirmed: notConfirmed(activityId),
    });
  } catch (err) {
    if (err instanceof ConditionFailedError && err.failedPart('attendance')) {
      if (!err.oldItem('attendance')) throw new AppError('not-checked-in', 'Check in first');
      throw new AppError('conflict', 'You have already checked out');
    }
    if (err instanceof ConditionFailedError) throw alreadyConfirmed();
    throw err;
  }
  return (await getAttendance(activityId, userId))!;
}

/**
 * Takes back the check-out `checkedOutAt` (the volunteer's own mistake): the check-in stands again and minutes are
 * counted at the next check-out. Only that very check-out, only on a self-recorded record, only before confirm.
 */
export async function removeCheckout(activityId: string, userId: string, checkedOutAt: string): Promise<void> {
  try {
    await transactWrite({
      attendance: {
        Update: {
          TableName: tableName(),
          Key: attendanceKey(activityId, userId),
          UpdateExpression: 'REMOVE checkedOutAt',
          ConditionExpression: 'checkedOutAt = :o AND manual = :f',
          ExpressionAttributeValues: { ':o': checkedOutAt, ':f': false },
        },
      },
      notConfirmed: notConfirmed(activityId),
    });
  } catch (err) {
    if (err instanceof ConditionFailedError && err.failedPart('attendance')) {
      throw new AppError('conflict', 'This check-out changed meanwhile; reload and try again');
    }
    if (err instanceof ConditionFailedError) throw alreadyConfirmed();
    throw err;
  }
}

/** An organiser's record for someone without a phone; replaces any earlier record. */
export async function putManualAttendance(
  activityId: string,
  rec: AttendanceRow & { by: string },
  audit?: AuditRecord,
): Promise<void> {
  try {
    await transactWrite({
      attendance: {
        Put: {
          TableName: tableName(),
          Item: {
            ...attendanceKey(activityId, rec.userId),
            type: 'ATTENDANCE',
            activityId,
            ...rec,
            checkedOutAt: rec.checkedOutAt ?? undefined,
            manual: true,
          },
        },
      },
      notConfirmed: notConfirmed(activityId),
      audit: audit && auditItem(audit),
    });
  } catch (err) {
    if (err instanceof ConditionFailedError) throw alreadyConfirmed();
    throw err;
  }
}

export async function getAttendance(activityId: string, userId: string): Promise<AttendanceRow | undefined> {
  const r = await db().send(
    new GetCommand({ TableName: tableName(), Key: attendanceKey(activityId, userId), ConsistentRead: true }),
  );
  return r.Item ? toAttendance(r.Item) : undefined;
}

/** One page of an activity's attendance, in user-id order. */
export async function listAttendance(activityId: string, limit: number, cursor?: string) {
  const r = await db().send(
    new QueryCommand({
      TableName: tableName(),
      KeyConditionExpression: 'pk = :pk AND begins_with(sk, :a)',
      ExpressionAttributeValues: { ':pk': activityPartition(activityId), ':a': prefixes.attendance },
      Limit: limit,
      ExclusiveStartKey: await decodeCursor(cursor, activityPartition(activityId)),
      ConsistentRead: true,
    }),
  );
  return {
    items: (r.Items ?? []).map(toAttendance),
    nextCursor: await encodeCursor(r.LastEvaluatedKey, activityPartition(activityId)),
  };
}

/** The whole attendance (confirmation), consistent. */
export async function allAttendance(activityId: string): Promise<AttendanceRow[]> {
  const out: AttendanceRow[] = [];
  const all = await queryAll({
    TableName: tableName(),
    KeyConditionExpression: 'pk = :pk AND begins_with(sk, :a)',
    ExpressionAttributeValues: { ':pk': activityPartition(activityId), ':a': prefixes.attendance },
    ConsistentRead: true,
  });
  out.push(...all.map(toAttendance));
  return out;
}
