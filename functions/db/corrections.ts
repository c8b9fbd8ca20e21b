import { GetCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { auditItem, type AuditRecord } from './audit.js';
import {
  attendanceKey,
  confirmGuardKey,
  correctionKey,
  correctionSort,
  creditKey,
  openCorrectionKey,
  openCorrectionsDuePartition,
  serviceRecordKey,
  streetCorrectionsPartition,
  userCorrectionsParent,
} from '../../shared/db/keys.js';
import type { Correction, CorrectionKind } from '../../shared/schemas/corrections.js';
import type { ActivityRow } from './activities.js';
import { db, tableName } from './client.js';
import { serviceSource, type CreditHolder } from './confirm.js';
import { decodeCursor, encodeCursor } from './cursor.js';
import { ConditionFailedError } from './errors.js';
import { queryAll } from './query-all.js';
import { transactWrite, type TxParts } from './transact.js';

/** A request as stored: the public fields and where it belongs (for the queue and its answer). */
export interface CorrectionRow extends Correction {
  communityId: string;
  streetId: string;
  name: string;
  activityTitle: string;
}

const toRow = (it: Record<string, unknown>): CorrectionRow => ({
  id: it.id as string,
  activityId: it.activityId as string,
  userId: it.userId as string,
  kind: it.kind as CorrectionKind,
  minutes: (it.minutes as number | undefined) ?? null,
  note: it.note as string,
  status: it.status as Correction['status'],
  createdAt: it.createdAt as string,
  dueAt: it.dueAt as string,
  answeredAt: (it.answeredAt as string | undefined) ?? null,
  acceptedMinutes: (it.acceptedMinutes as number | undefined) ?? null,
  reason: (it.reason as string | undefined) ?? null,
  communityId: it.communityId as string,
  streetId: it.streetId as string,
  name: (it.name as string) ?? '',
  activityTitle: (it.activityTitle as string) ?? '',
});

/**
 * Files a request: ONE transaction puts the person's open-request marker for the activity (`attribute_not_exists`:
 * one open request per person and activity) and the request, listed for the person and in the street's queue.
 * False when one is open already.
 */
export async function putCorrection(c: CorrectionRow): Promise<boolean> {
  const sort = correctionSort(c.createdAt, c.id);
  try {
    await transactWrite({
      open: {
        Put: {
          TableName: tableName(),
          Item: { ...openCorrectionKey(c.activityId, c.userId), type: 'CORR_OPEN', correctionId: c.id },
          ConditionExpression: 'attribute_not_exists(pk)',
        },
      },
      correction: {
        Put: {
          TableName: tableName(),
          Item: {
            ...correctionKey(c.id),
            type: 'CORRECTION',
            ...c,
            minutes: c.minutes ?? undefined,
            answeredAt: undefined,
            acceptedMinutes: undefined,
            reason: undefined,
            gpk: userCorrectionsParent(c.userId),
            gsk: sort,
            mpk: streetCorrectionsPartition(c.streetId),
            msk: sort,
            dpk: openCorrectionsDuePartition,
            dsk: `${c.dueAt}#${c.id}`,
          },
          ConditionExpression: 'attribute_not_exists(pk)',
        },
      },
    });
    return true;
  } catch (err) {
    if (err instanceof ConditionFailedError && err.failedPart('open')) return false;
    throw err;
  }
}

export async function getCorrection(id: string): Promise<CorrectionRow | undefined> {
  const r = await db().send(new GetCommand({ TableName: tableName(), Key: correctionKey(id), ConsistentRead: true }));
  return r.Item && r.Item.type === 'CORRECTION' ? toRow(r.Item) : undefined;
}

/** A person's requests, newest first (byParent, read backwards). */
export async function listMyCorrections(userId: string, limit: number, cursor?: string) {
  const list = userCorrectionsParent(userId);
  const r = await db().send(
    new QueryCommand({
      TableName: tableName(),
      IndexName: 'byParent',
      KeyConditionExpression: 'gpk = :p',
      ExpressionAttributeValues: { ':p': list },
      ScanIndexForward: false,
      Limit: limit,
      ExclusiveStartKey: await decodeCursor(cursor, list),
    }),
  );
  return { items: (r.Items ?? []).map(toRow), nextCursor: await encodeCursor(r.LastEvaluatedKey, list) };
}

/** A street's requests, oldest first (byMonth `CORRQ#<street>`), all pages. */
export async function streetCorrections(streetId: string): Promise<CorrectionRow[]> {
  const all = await queryAll({
    TableName: tableName(),
    IndexName: 'byMonth',
    KeyConditionExpression: 'mpk = :p',
    ExpressionAttributeValues: { ':p': streetCorrectionsPartition(streetId) },
  });
  return all.map(toRow);
}

/** Every open request city-wide with its street and due time (byDue, sparse: answered ones leave it). */
export async function openCorrections(): Promise<{ streetId: string; dueAt: string }[]> {
  const all = await queryAll({
    TableName: tableName(),
    IndexName: 'byDue',
    KeyConditionExpression: 'dpk = :p',
    ExpressionAttributeValues: { ':p': openCorrectionsDuePartition },
    ProjectionExpression: 'streetId, dueAt',
  });
  return all.map((it) => ({ streetId: it.streetId as string, dueAt: it.dueAt as string }));
}

/** The answer's own items: the request leaves `open` (exactly once) and the open-request marker goes. */
export function answerParts(
  c: Pick<CorrectionRow, 'id' | 'activityId' | 'userId'>,
  a: { status: 'accepted' | 'rejected'; at: string; by: string; acceptedMinutes?: number; reason?: string },
  /** The answer in the audit trail, committed with it. */
  audit?: AuditRecord,
): TxParts {
  return {
    correction: {
      Update: {
        TableName: tableName(),
        Key: correctionKey(c.id),
        UpdateExpression:
          'REMOVE dpk, dsk SET #s = :s, answeredAt = :at, answeredBy = :by' +
          (a.acceptedMinutes !== undefined ? ', acceptedMinutes = :m' : '') +
          (a.reason !== undefined ? ', reason = :r' : ''),
        ConditionExpression: '#s = :open',
        ExpressionAttributeNames: { '#s': 'status' },
        ExpressionAttributeValues: {
          ':s': a.status,
          ':open': 'open',
          ':at': a.at,
          ':by': a.by,
          ...(a.acceptedMinutes !== undefined ? { ':m': a.acceptedMinutes } : {}),
          ...(a.reason !== undefined ? { ':r': a.reason } : {}),
        },
      },
    },
    open: { Delete: { TableName: tableName(), Key: openCorrectionKey(c.activityId, c.userId) } },
    audit: audit && auditItem(audit, a.at),
  };
}

/** Rejects or answers without moving points. False when it was answered already. */
export async function answerCorrection(parts: TxParts): Promise<boolean> {
  try {
    await transactWrite(parts);
    return true;
  } catch (err) {
    if (err instanceof ConditionFailedError && err.failedPart('correction')) return false;
    throw err;
  }
}

/**
 * Before confirm: the answer sets the person's attendance (manual), so the confirm credits it. Conditioned on no
 * confirm having started (its guard absent), like every attendance write.
 */
export function manualAttendanceParts(
  activityId: string,
  rec: { userId: string; name: string; checkedInAt: string; checkedOutAt: string; by: string },
): TxParts {
  return {
    attendance: {
      Put: {
        TableName: tableName(),
        Item: { ...attendanceKey(activityId, rec.userId), type: 'ATTENDANCE', activityId, ...rec, manual: true },
      },
    },
    notConfirming: {
      ConditionCheck: {
        TableName: tableName(),
        Key: confirmGuardKey(activityId),
        ConditionExpression: 'attribute_not_exists(pk)',
      },
    },
  };
}

/**
 * After confirm: the credit item grows by what the correction adds (created for someone the confirm never
 * credited), in the same transaction as the balance, so a later correction credits only its own difference.
 */
export function creditGrowthParts(activityId: string, userId: string, minutes: number, points: number): TxParts {
  return {
    credit: {
      Update: {
        TableName: tableName(),
        Key: creditKey(activityId, userId),
        UpdateExpression:
          'ADD minutes :m, points :p SET #type = if_not_exists(#type, :t), activityId = :a, userId = :u',
        ExpressionAttributeNames: { '#type': 'type' },
        ExpressionAttributeValues: { ':m': minutes, ':p': points, ':t': 'CREDIT', ':a': activityId, ':u': userId },
      },
    },
  };
}

/**
 * After confirm, what the correction credits also goes into the person's service record (created for someone the
 * confirm never credited), and the record carries it to the projector as its source: `src.minutes`/`points` are
 * what this correction adds, so the boards, the team's minutes and the activity's credited totals grow by exactly
 * that (`src.firstCredit` says whether the person becomes one more participant of the activity). One Update in the
 * balance's transaction; `ver` is the profile version that transaction writes (the projector's exactly-once key).
 */
export function correctionServiceParts(
  a: ActivityRow,
  c: { userId: string; minutes: number; points: number; firstCredit: boolean; at: string; ver: number },
  holder: CreditHolder,
): TxParts {
  const fields: Record<string, unknown> = {
    title: a.title,
    communityId: a.communityId,
    location: a.location.name,
    startsAt: a.startsAt,
    endsAt: a.endsAt,
    confirmedAt: c.at,
    ...(a.teamId ? { teamId: a.teamId } : {}),
    ...(a.themeId ? { themeId: a.themeId } : {}),
  };
  const names: Record<string, string> = { '#type': 'type' };
  const values: Record<string, unknown> = {
    ':t': 'SERVICE',
    ':u': c.userId,
    ':a': a.id,
    ':m': c.minutes,
    ':p': c.points,
    ':at': c.at,
    ':src': { ...serviceSource(a, c, holder), correction: true, firstCredit: c.firstCredit },
  };
  const keep = Object.entries(fields).map(([k, v], i) => {
    names[`#f${i}`] = k;
    values[`:f${i}`] = v;
    return `#f${i} = if_not_exists(#f${i}, :f${i})`;
  });
  return {
    serviceRecord: {
      Update: {
        TableName: tableName(),
        Key: serviceRecordKey(c.userId, a.endsAt, a.id),
        UpdateExpression: `SET #type = :t, userId = :u, activityId = :a, correctedAt = :at, src = :src, ${keep.join(', ')} ADD minutes :m, points :p`,
        ExpressionAttributeNames: names,
        ExpressionAttributeValues: values,
      },
    },
  };
}
