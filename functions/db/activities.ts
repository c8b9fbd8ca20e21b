import { GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import {
  activityKey,
  activitySort,
  communityActivitiesParent,
  monthActivitiesPartition,
} from '../../shared/db/keys.js';
import type { Activity, Location } from '../../shared/schemas/activities.js';
import type { ThemeKind } from '../../shared/schemas/themes.js';
import { db, tableName } from './client.js';
import { queryAll } from './query-all.js';
import { queryFiltered } from './paging.js';
import { auditItem, type AuditRecord } from './audit.js';
import { ConditionFailedError } from './errors.js';
import { transactWrite } from './transact.js';

/** The activity item: the public fields plus what only the server sees. */
export interface ActivityRow extends Activity {
  themeKind: ThemeKind | null;
  /** Key of the rotating check-in code (never returned). */
  secret: string;
  createdBy: string;
  /** How often the activity was edited (PATCH): names each edit's `activity-changed` notice. */
  rev: number;
}

export function toActivityRow(it: Record<string, unknown>): ActivityRow {
  return {
    id: it.id as string,
    communityId: it.communityId as string,
    streetId: it.streetId as string,
    title: it.title as string,
    description: (it.description as string | undefined) ?? null,
    themeId: (it.themeId as string | undefined) ?? null,
    themeKind: (it.themeKind as ThemeKind | undefined) ?? null,
    teamId: (it.teamId as string | undefined) ?? null,
    location: it.location as Location,
    startsAt: it.startsAt as string,
    endsAt: it.endsAt as string,
    month: it.month as string,
    capacity: it.capacity as number,
    pointsPerHour: it.pointsPerHour as number,
    signups: (it.signups as number) ?? 0,
    waitlisted: (it.waitlisted as number) ?? 0,
    status: (it.status as Activity['status']) ?? 'published',
    creditedMinutes: (it.creditedMinutes as number) ?? 0,
    creditedPoints: (it.creditedPoints as number) ?? 0,
    participants: (it.participants as number) ?? 0,
    confirmedAt: (it.confirmedAt as string | undefined) ?? null,
    createdAt: it.createdAt as string,
    ...(it.cancelledAt
      ? { cancelledAt: it.cancelledAt as string, cancelReason: (it.cancelReason as string) ?? '' }
      : {}),
    secret: it.secret as string,
    createdBy: it.createdBy as string,
    rev: (it.rev as number | undefined) ?? 0,
  };
}

/** The public view: everything but the check-in secret and bookkeeping. */
export function toActivity(r: ActivityRow): Activity {
  const { secret: _s, createdBy: _c, themeKind: _k, rev: _r, ...pub } = r;
  return pub;
}

/** Stores a new activity, listed by community (byParent) and by month (byMonth), both in time order. */
export async function putActivity(a: ActivityRow): Promise<void> {
  const sort = activitySort(a.startsAt, a.id);
  await db().send(
    new PutCommand({
      TableName: tableName(),
      Item: {
        ...activityKey(a.id),
        type: 'ACTIVITY',
        ...a,
        description: a.description ?? undefined,
        themeId: a.themeId ?? undefined,
        themeKind: a.themeKind ?? undefined,
        teamId: a.teamId ?? undefined,
        confirmedAt: undefined,
        gpk: communityActivitiesParent(a.communityId),
        gsk: sort,
        mpk: monthActivitiesPartition(a.month),
        msk: sort,
      },
      ConditionExpression: 'attribute_not_exists(pk)',
    }),
  );
}

export async function getActivity(id: string, consistent = false): Promise<ActivityRow | undefined> {
  const r = await db().send(
    new GetCommand({ TableName: tableName(), Key: activityKey(id), ConsistentRead: consistent }),
  );
  return r.Item && r.Item.type === 'ACTIVITY' ? toActivityRow(r.Item) : undefined;
}

export interface ActivityFilter {
  communityId?: string;
  streetId?: string;
  themeId?: string;
  /** Only those not ended at this instant (ISO). */
  endingAfter?: string;
}

const matches = (f: ActivityFilter) => (it: Record<string, unknown>) =>
  (!f.communityId || it.communityId === f.communityId) &&
  (!f.streetId || it.streetId === f.streetId) &&
  (!f.themeId || it.themeId === f.themeId) &&
  (!f.endingAfter || (it.endsAt as string) > f.endingAfter);

/** The activities of a month in time order (byMonth), filtered. */
export async function listActivitiesOfMonth(month: string, f: ActivityFilter, limit: number, cursor?: string) {
  const r = await queryFiltered(
    {
      TableName: tableName(),
      IndexName: 'byMonth',
      KeyConditionExpression: 'mpk = :m',
      ExpressionAttributeValues: { ':m': monthActivitiesPartition(month) },
    },
    matches(f),
    limit,
    cursor,
    ['pk', 'sk', 'mpk', 'msk'],
  );
  return { items: r.items.map(toActivityRow), nextCursor: r.nextCursor };
}

/**
 * A community's activities in time order (byParent); with `startingFrom` the key range starts
 * there (an activity lasts at most 12 h, so upcoming ones start after now − 12 h).
 */
export async function listActivitiesOfCommunity(
  communityId: string,
  f: ActivityFilter & { startingFrom?: string },
  limit: number,
  cursor?: string,
) {
  const r = await queryFiltered(
    {
      TableName: tableName(),
      IndexName: 'byParent',
      KeyConditionExpression: f.startingFrom ? 'gpk = :p AND gsk >= :from' : 'gpk = :p',
      ExpressionAttributeValues: {
        ':p': communityActivitiesParent(communityId),
        ...(f.startingFrom ? { ':from': f.startingFrom } : {}),
      },
    },
    matches(f),
    limit,
    cursor,
    ['pk', 'sk', 'gpk', 'gsk'],
  );
  return { items: r.items.map(toActivityRow), nextCursor: r.nextCursor };
}

/** What the month report needs of every activity of a month (byMonth, projected, all pages). */
export interface ActivityTotals {
  id: string;
  communityId: string;
  streetId: string;
  themeId: string | null;
  themeKind: ThemeKind | null;
  status: Activity['status'];
  creditedMinutes: number;
  participants: number;
}

export async function monthActivityTotals(month: string): Promise<ActivityTotals[]> {
  const out: ActivityTotals[] = [];
  const all = await queryAll({
    TableName: tableName(),
    IndexName: 'byMonth',
    KeyConditionExpression: 'mpk = :m',
    ExpressionAttributeValues: { ':m': monthActivitiesPartition(month) },
    ProjectionExpression: 'id, communityId, streetId, themeId, themeKind, #s, creditedMinutes, participants',
    ExpressionAttributeNames: { '#s': 'status' },
  });
  for (const it of all) {
    out.push({
      id: it.id as string,
      communityId: it.communityId as string,
      streetId: it.streetId as string,
      themeId: (it.themeId as string | undefined) ?? null,
      themeKind: (it.themeKind as ThemeKind | undefined) ?? null,
      status: (it.status as Activity['status']) ?? 'published',
      creditedMinutes: (it.creditedMinutes as number) ?? 0,
      participants: (it.participants as number) ?? 0,
    });
  }
  return out;
}

/**
 * Marks an activity confirmed, once every volunteer has been credited, and records the confirm in the audit
 * trail in the same transaction. Only the first marking writes (a confirm finished by a retry is recorded once).
 */
export async function markConfirmed(id: string, at: string, by: string, audit?: AuditRecord): Promise<void> {
  try {
    await transactWrite({
      activity: {
        Update: {
          TableName: tableName(),
          Key: activityKey(id),
          UpdateExpression: 'SET #s = :c, confirmedAt = :at, confirmedBy = :by',
          ConditionExpression: 'attribute_exists(pk) AND #s <> :c',
          ExpressionAttributeNames: { '#s': 'status' },
          ExpressionAttributeValues: { ':c': 'confirmed', ':at': at, ':by': by },
        },
      },
      audit: audit && auditItem(audit, at),
    });
  } catch (err) {
    if (err instanceof ConditionFailedError && err.failedPart('activity')) return; // confirmed already
    // A lost answer: the caller holds the confirm lease, so nobody else marks it; if the mark is there, it was ours
    // (and its audit item with it). Without this, a retry would only ever hear 409 already-confirmed.
    if ((await getActivity(id, true).catch(() => undefined))?.status === 'confirmed') return;
    throw err;
  }
}
