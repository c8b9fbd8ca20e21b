import { GetCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import {
  cityFlagsPartition,
  flagKey,
  flagOnceKey,
  flagSort,
  flagWindowKey,
  streetFlagsParent,
} from '../../shared/db/keys.js';
import { newId } from '../../shared/ids.js';
import type { Flag, FlagDecision, FlagEvidence, FlagKind, FlagStatus } from '../../shared/schemas/flags.js';
import { nowIso } from '../clock.js';
import { auditItem, type AuditRecord } from './audit.js';
import { batchGet, itemId } from './batch-get.js';
import { db, tableName } from './client.js';
import { ConditionFailedError } from './errors.js';
import { queryFiltered } from './paging.js';
import { transactWrite } from './transact.js';

/** A flag as the projector raises it. */
export interface NewFlag {
  kind: FlagKind;
  subject: string;
  /** What makes it one flag: the act (`activity:<id>`, `entry:<id>`) or the time bucket of a burst. */
  window: string;
  communityId: string | null;
  streetId: string | null;
  level: 'street' | 'city';
  /** People the flag is about (the actor, the holder, the accounts): they never see or resolve it. */
  involved: string[];
  evidence: FlagEvidence;
}

/** A flag as stored: the API's view plus its routing. */
export interface FlagRow extends Flag {
  streetId: string | null;
  involved: string[];
}

const queueKeys = (
  status: FlagStatus,
  f: { streetId: string | null; level: string; createdAt: string; id: string },
) => {
  const sort = flagSort(f.createdAt, f.id);
  return {
    mpk: cityFlagsPartition(status),
    msk: sort,
    // Only a street-level flag sits in the street's queue; a street organiser's own act goes to the admin.
    ...(f.level === 'street' && f.streetId ? { gpk: streetFlagsParent(f.streetId, status), gsk: sort } : {}),
  };
};

/**
 * Raises a flag once per (kind, subject, window): the flag and its once-guard in one transaction. Returns
 * false when it was raised before (a replayed batch, a second detection of the same burst).
 */
export async function raiseFlag(f: NewFlag, at = nowIso()): Promise<boolean> {
  const id = newId();
  try {
    await transactWrite({
      once: {
        Put: {
          TableName: tableName(),
          Item: { ...flagOnceKey(f.kind, f.subject, f.window), type: 'FLAG_ONCE', flagId: id },
          ConditionExpression: 'attribute_not_exists(pk)',
        },
      },
      flag: {
        Put: {
          TableName: tableName(),
          Item: {
            ...flagKey(id),
            type: 'FLAG',
            id,
            kind: f.kind,
            subject: f.subject,
            window: f.window,
            communityId: f.communityId,
            streetId: f.streetId,
            level: f.level,
            // Older items may lack a field the detectors read: store what is there, never `undefined`.
            involved: [...new Set(f.involved.filter((u) => typeof u === 'string' && u))],
            evidence: Object.fromEntries(Object.entries(f.evidence).filter(([, v]) => v !== undefined)),
            createdAt: at,
            status: 'open',
            ...queueKeys('open', { ...f, createdAt: at, id }),
          },
          ConditionExpression: 'attribute_not_exists(pk)',
        },
      },
    });
    return true;
  } catch (err) {
    if (err instanceof ConditionFailedError && err.failedPart('once')) return false;
    throw err;
  }
}

/** Whether flags of these (kind, subject, window)s were raised (the burst detectors' continuation check). */
export async function raisedWindows(kind: FlagKind, subject: string, windows: string[]): Promise<Set<string>> {
  const found = await batchGet(windows.map((w) => flagOnceKey(kind, subject, w)));
  return new Set(windows.filter((w) => found.has(itemId(flagOnceKey(kind, subject, w)))));
}

const toFlag = (it: Record<string, unknown>): FlagRow => ({
  id: it.id as string,
  kind: it.kind as FlagKind,
  communityId: (it.communityId as string | null) ?? null,
  streetId: (it.streetId as string | null) ?? null,
  subject: it.subject as string,
  evidence: (it.evidence as FlagEvidence) ?? {},
  createdAt: it.createdAt as string,
  status: it.status as FlagStatus,
  level: it.level as 'street' | 'city',
  involved: (it.involved as string[]) ?? [],
  decision: (it.decision as FlagDecision | undefined) ?? null,
  note: (it.note as string | undefined) ?? null,
  resolvedAt: (it.resolvedAt as string | undefined) ?? null,
  resolvedBy: (it.resolvedBy as string | undefined) ?? null,
});

export async function getFlag(id: string): Promise<FlagRow | undefined> {
  const r = await db().send(new GetCommand({ TableName: tableName(), Key: flagKey(id), ConsistentRead: true }));
  return r.Item ? toFlag(r.Item) : undefined;
}

/**
 * A page of a review queue, oldest first: a street's (byParent) or the city's (byMonth), of one status.
 * `keep` drops what the caller may not see (its own acts) and other communities.
 */
export async function listFlags(
  queue: { streetId: string } | 'city',
  status: FlagStatus,
  keep: (f: FlagRow) => boolean,
  limit: number,
  cursor?: string,
): Promise<{ items: FlagRow[]; nextCursor: string | null }> {
  const input =
    queue === 'city'
      ? {
          TableName: tableName(),
          IndexName: 'byMonth',
          KeyConditionExpression: 'mpk = :p',
          ExpressionAttributeValues: { ':p': cityFlagsPartition(status) },
        }
      : {
          TableName: tableName(),
          IndexName: 'byParent',
          KeyConditionExpression: 'gpk = :p',
          ExpressionAttributeValues: { ':p': streetFlagsParent(queue.streetId, status) },
        };
  const keys = queue === 'city' ? ['pk', 'sk', 'mpk', 'msk'] : ['pk', 'sk', 'gpk', 'gsk'];
  const page = await queryFiltered(input, (it) => keep(toFlag(it)), limit, cursor, keys);
  return { items: page.items.map(toFlag), nextCursor: page.nextCursor };
}

/**
 * Records the decision on an open flag, moving it to the resolved queues, in ONE transaction with its
 * audit entry. False when it is no longer open (resolved meanwhile).
 */
export async function resolveFlag(
  f: FlagRow,
  d: { decision: FlagDecision; note: string; by: string; at: string },
  audit: AuditRecord,
): Promise<boolean> {
  const q = queueKeys('resolved', f);
  try {
    await transactWrite({
      flag: {
        Update: {
          TableName: tableName(),
          Key: flagKey(f.id),
          UpdateExpression:
            'SET #status = :resolved, decision = :d, note = :n, resolvedAt = :at, resolvedBy = :by, mpk = :mpk, msk = :msk' +
            (q.gpk ? ', gpk = :gpk, gsk = :gsk' : ''),
          ConditionExpression: '#status = :open',
          ExpressionAttributeNames: { '#status': 'status' },
          ExpressionAttributeValues: {
            ':resolved': 'resolved',
            ':open': 'open',
            ':d': d.decision,
            ':n': d.note,
            ':at': d.at,
            ':by': d.by,
            ':mpk': q.mpk,
            ':msk': q.msk,
            ...(q.gpk ? { ':gpk': q.gpk, ':gsk': q.gsk } : {}),
          },
        },
      },
      audit: auditItem(audit, d.at),
    });
    return true;
  } catch (err) {
    if (err instanceof ConditionFailedError && err.failedPart('flag')) return false;
    throw err;
  }
}

/** Most events a window item keeps: past it the subject is far over every threshold anyway. */
const WINDOW_MAX_MEMBERS = 2000;

/**
 * Adds events to a burst detector's time bucket and returns every event it holds. `ADD` of a string set is
 * idempotent, so a replayed batch grows nothing. A bucket already full is left as it is (still returned).
 */
export async function addToWindow(
  kind: FlagKind,
  subject: string,
  bucket: number,
  members: string[],
  ttl: number,
): Promise<string[]> {
  try {
    const r = await db().send(
      new UpdateCommand({
        TableName: tableName(),
        Key: flagWindowKey(kind, subject, bucket),
        UpdateExpression: 'SET #type = :t, #ttl = :ttl ADD m :m',
        ConditionExpression: 'attribute_not_exists(m) OR size(m) < :max',
        ExpressionAttributeNames: { '#type': 'type', '#ttl': 'ttl' },
        ExpressionAttributeValues: {
          ':t': 'FLAG_WINDOW',
          ':ttl': ttl,
          ':m': new Set(members),
          ':max': WINDOW_MAX_MEMBERS,
        },
        ReturnValues: 'ALL_NEW',
      }),
    );
    return [...((r.Attributes?.m as Set<string> | undefined) ?? [])];
  } catch (err) {
    if ((err as { name?: string }).name !== 'ConditionalCheckFailedException') throw err;
    return (await readWindows(kind, subject, [bucket])).get(bucket) ?? [];
  }
}

/** The events of a detector's buckets (consistent), by bucket. */
export async function readWindows(kind: FlagKind, subject: string, buckets: number[]): Promise<Map<number, string[]>> {
  const found = await batchGet(buckets.map((b) => flagWindowKey(kind, subject, b)));
  const out = new Map<number, string[]>();
  for (const b of buckets) {
    const it = found.get(itemId(flagWindowKey(kind, subject, b)));
    if (it?.m) out.set(b, [...(it.m as Set<string>)]);
  }
  return out;
}
