import { GetCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import {
  activityKey,
  activityPartition,
  activitySort,
  attendanceKey,
  prefixes,
  signupKey,
  userSignupsParent,
  waitKey,
} from '../../shared/db/keys.js';
import { newId } from '../../shared/ids.js';
import { AppError, notFound, RetryExhaustedError } from '../../shared/errors.js';
import type { SignupStatus } from '../../shared/schemas/activities.js';
import type { ActivityRow } from './activities.js';
import { db, tableName } from './client.js';
import { decodeCursor, encodeCursor } from './cursor.js';
import { queryAll } from './query-all.js';
import { ConditionFailedError } from './errors.js';
import { transactWrite, type TxItem } from './transact.js';
import { nowIso } from '../clock.js';

export interface SignupRow {
  activityId: string;
  userId: string;
  name: string;
  status: SignupStatus;
  /** Sort key part of the person's place in the waitlist while waitlisted. */
  waitId: string | null;
  at: string;
  /** When the person last moved from the waitlist to a place (absent: confirmed at sign-up). */
  promotedAt: string | null;
  title: string;
  communityId: string;
  startsAt: string;
  endsAt: string;
}

const toSignup = (it: Record<string, unknown>): SignupRow => ({
  activityId: it.activityId as string,
  userId: it.userId as string,
  name: (it.name as string) ?? '',
  status: it.status as SignupStatus,
  waitId: (it.waitId as string | undefined) ?? null,
  at: it.at as string,
  promotedAt: (it.promotedAt as string | undefined) ?? null,
  title: it.title as string,
  communityId: it.communityId as string,
  startsAt: it.startsAt as string,
  endsAt: it.endsAt as string,
});

/** How many times a sign-up or cancellation re-reads after losing a race before giving up. */
const ATTEMPTS = 20;

export async function getSignup(activityId: string, userId: string): Promise<SignupRow | undefined> {
  const r = await db().send(
    new GetCommand({ TableName: tableName(), Key: signupKey(activityId, userId), ConsistentRead: true }),
  );
  return r.Item ? toSignup(r.Item) : undefined;
}

/** 1-based place in the waitlist: the waiting items up to and including mine (one COUNT Query). */
export async function waitlistPosition(activityId: string, waitId: string): Promise<number> {
  const r = await db().send(
    new QueryCommand({
      TableName: tableName(),
      KeyConditionExpression: 'pk = :pk AND sk BETWEEN :lo AND :hi',
      ExpressionAttributeValues: {
        ':pk': activityPartition(activityId),
        ':lo': prefixes.wait,
        ':hi': `${prefixes.wait}${waitId}`,
      },
      Select: 'COUNT',
      ConsistentRead: true,
    }),
  );
  return r.Count ?? 0;
}

/**
 * Signs a person up: confirmed while places are left, else at the end of the waitlist. The
 * counter update carries the condition that decided it (`signups < capacity` or not), so people
 * racing for the last place get exactly `capacity` confirmations; the loser re-reads and retries.
 */
export async function signUp(
  a: ActivityRow,
  user: { id: string; name: string },
): Promise<{ status: SignupStatus; position: number | null }> {
  for (let attempt = 0; attempt < ATTEMPTS; attempt++) {
    const r = await db().send(
      new GetCommand({
        TableName: tableName(),
        Key: activityKey(a.id),
        ConsistentRead: true,
        ProjectionExpression: 'signups, waitlisted, #cap, #s',
        ExpressionAttributeNames: { '#s': 'status', '#cap': 'capacity' },
      }),
    );
    if (!r.Item) throw notFound('Activity');
    if (r.Item.status === 'cancelled') throw new AppError('conflict', 'This activity is cancelled');
    const signups = (r.Item.signups as number) ?? 0;
    const waitlisted = (r.Item.waitlisted as number) ?? 0;
    // The item's capacity, not the caller's copy: an organiser may have just lowered it.
    const capacity = (r.Item.capacity as number) ?? a.capacity;
    const confirmed = signups < capacity && waitlisted === 0;
    const at = nowIso();
    const waitId = confirmed ? undefined : newId();
    const base = {
      ...signupKey(a.id, user.id),
      type: 'SIGNUP',
      activityId: a.id,
      userId: user.id,
      name: user.name,
      status: confirmed ? 'confirmed' : 'waitlisted',
      waitId,
      at,
      title: a.title,
      communityId: a.communityId,
      startsAt: a.startsAt,
      endsAt: a.endsAt,
      gpk: userSignupsParent(user.id),
      gsk: activitySort(a.startsAt, a.id),
    };
    const signup: TxItem = {
      Put: { TableName: tableName(), Item: base, ConditionExpression: 'attribute_not_exists(pk)' },
    };
    // The counter this sign-up moves, and its waitlist entry.
    const items: TxItem[] = [
      confirmed
        ? {
            Update: {
              TableName: tableName(),
              Key: activityKey(a.id),
              UpdateExpression: 'ADD signups :one',
              ConditionExpression: 'attribute_exists(pk) AND #s <> :x AND signups < #cap AND waitlisted = :zero',
              ExpressionAttributeNames: { '#s': 'status', '#cap': 'capacity' },
              ExpressionAttributeValues: { ':one': 1, ':zero': 0, ':x': 'cancelled' },
            },
          }
        : {
            Update: {
              TableName: tableName(),
              Key: activityKey(a.id),
              UpdateExpression: 'ADD waitlisted :one',
              ConditionExpression: 'attribute_exists(pk) AND #s <> :x AND (signups >= #cap OR waitlisted > :zero)',
              ExpressionAttributeNames: { '#s': 'status', '#cap': 'capacity' },
              ExpressionAttributeValues: { ':one': 1, ':zero': 0, ':x': 'cancelled' },
            },
          },
    ];
    if (waitId) {
      items.push({
        Put: {
          TableName: tableName(),
          Item: { ...waitKey(a.id, waitId), type: 'WAIT', activityId: a.id, userId: user.id, at },
          ConditionExpression: 'attribute_not_exists(pk)',
        },
      });
    }
    try {
      await transactWrite({ signup, counters: items });
      return confirmed
        ? { status: 'confirmed', position: null }
        : { status: 'waitlisted', position: await waitlistPosition(a.id, waitId!) };
    } catch (err) {
      if (!(err instanceof ConditionFailedError)) throw err;
      if (err.failedPart('signup')) throw new AppError('conflict', 'You have already signed up for this activity');
      // The counters moved under us: read them again.
    }
  }
  throw new RetryExhaustedError('too many people are signing up at once; try again');
}

/** The first person in the waitlist, if any (consistent, so a promotion just made is seen). */
async function firstWaiting(activityId: string): Promise<{ waitId: string; userId: string } | undefined> {
  const r = await db().send(
    new QueryCommand({
      TableName: tableName(),
      KeyConditionExpression: 'pk = :pk AND begins_with(sk, :w)',
      ExpressionAttributeValues: { ':pk': activityPartition(activityId), ':w': prefixes.wait },
      Limit: 1,
      ConsistentRead: true,
    }),
  );
  const it = r.Items?.[0];
  return it ? { waitId: (it.sk as string).slice(prefixes.wait.length), userId: it.userId as string } : undefined;
}

/**
 * Cancels a sign-up. A confirmed person's place goes to the first in the waitlist in the same
 * transaction (their waitlist item, their sign-up and the counters move together); racing
 * cancellations each promote a different person, in order. Nobody cancels after checking in.
 */
export async function cancelSignup(activityId: string, userId: string): Promise<{ promoted: string | null }> {
  for (let attempt = 0; attempt < ATTEMPTS; attempt++) {
    const s = await getSignup(activityId, userId);
    if (!s) throw notFound('Sign-up');
    const notCheckedIn: TxItem = {
      ConditionCheck: {
        TableName: tableName(),
        Key: attendanceKey(activityId, userId),
        ConditionExpression: 'attribute_not_exists(pk)',
      },
    };
    const deleteMine: TxItem = {
      Delete: {
        TableName: tableName(),
        Key: signupKey(activityId, userId),
        ConditionExpression: '#s = :s',
        ExpressionAttributeNames: { '#s': 'status' },
        ExpressionAttributeValues: { ':s': s.status },
      },
    };
    // What moves with the sign-up's deletion: the waitlist, the counters, a promoted successor.
    const items: TxItem[] = [];
    let promoted: string | null = null;
    if (s.status === 'waitlisted') {
      items.push(
        {
          Delete: {
            TableName: tableName(),
            Key: waitKey(activityId, s.waitId!),
            ConditionExpression: 'attribute_exists(pk)',
          },
        },
        {
          Update: {
            TableName: tableName(),
            Key: activityKey(activityId),
            UpdateExpression: 'ADD waitlisted :minus',
            ConditionExpression: 'waitlisted > :zero',
            ExpressionAttributeValues: { ':minus': -1, ':zero': 0 },
          },
        },
      );
    } else {
      const next = await firstWaiting(activityId);
      if (!next) {
        items.push({
          Update: {
            TableName: tableName(),
            Key: activityKey(activityId),
            UpdateExpression: 'ADD signups :minus',
            ConditionExpression: 'waitlisted = :zero AND signups > :zero',
            ExpressionAttributeValues: { ':minus': -1, ':zero': 0 },
          },
        });
      } else {
        promoted = next.userId;
        items.push(
          {
            Delete: {
              TableName: tableName(),
              Key: waitKey(activityId, next.waitId),
              ConditionExpression: 'attribute_exists(pk)',
            },
          },
          {
            Update: {
              TableName: tableName(),
              Key: signupKey(activityId, next.userId),
              UpdateExpression: 'SET #s = :c, promotedAt = :at REMOVE waitId',
              ConditionExpression: '#s = :w AND waitId = :wid',
              ExpressionAttributeNames: { '#s': 'status' },
              ExpressionAttributeValues: {
                ':c': 'confirmed',
                ':w': 'waitlisted',
                ':wid': next.waitId,
                ':at': nowIso(),
              },
            },
          },
          {
            Update: {
              TableName: tableName(),
              Key: activityKey(activityId),
              UpdateExpression: 'ADD waitlisted :minus',
              ConditionExpression: 'waitlisted > :zero',
              ExpressionAttributeValues: { ':minus': -1, ':zero': 0 },
            },
          },
        );
      }
    }
    try {
      await transactWrite({ notCheckedIn, deleteMine, moves: items });
      return { promoted };
    } catch (err) {
      if (!(err instanceof ConditionFailedError)) throw err;
      if (err.failedPart('notCheckedIn'))
        throw new AppError('conflict', 'You have checked in; ask the organiser instead of cancelling');
      // My sign-up, the waitlist or the counters changed under us: read again.
    }
  }
  throw new RetryExhaustedError('too many changes at once; try again');
}

/** Every sign-up of an activity, both statuses (consistent, all pages): edits and cancellations tell them all. */
export async function allSignupRows(activityId: string): Promise<SignupRow[]> {
  const all = await queryAll({
    TableName: tableName(),
    KeyConditionExpression: 'pk = :pk AND begins_with(sk, :s)',
    ExpressionAttributeValues: { ':pk': activityPartition(activityId), ':s': prefixes.signup },
    ConsistentRead: true,
  });
  return all.map(toSignup);
}

/** The waitlist in order (consistent, all pages): its items' waitIds and people. */
export async function waitingLine(activityId: string): Promise<{ waitId: string; userId: string }[]> {
  const all = await queryAll({
    TableName: tableName(),
    KeyConditionExpression: 'pk = :pk AND begins_with(sk, :w)',
    ExpressionAttributeValues: { ':pk': activityPartition(activityId), ':w': prefixes.wait },
    ConsistentRead: true,
  });
  return all.map((it) => ({ waitId: (it.sk as string).slice(prefixes.wait.length), userId: it.userId as string }));
}

/** Everyone signed up, in key order (organiser's console). */
export async function listSignups(activityId: string, limit: number, cursor?: string) {
  const r = await db().send(
    new QueryCommand({
      TableName: tableName(),
      KeyConditionExpression: 'pk = :pk AND begins_with(sk, :s)',
      ExpressionAttributeValues: { ':pk': activityPartition(activityId), ':s': prefixes.signup },
      Limit: limit,
      ExclusiveStartKey: await decodeCursor(cursor, activityPartition(activityId)),
    }),
  );
  return {
    items: (r.Items ?? []).map(toSignup),
    nextCursor: await encodeCursor(r.LastEvaluatedKey, activityPartition(activityId)),
  };
}

/** A person's sign-ups in activity time order (byParent), optionally only from an instant on. */
export async function listMySignups(userId: string, from: string | undefined, limit: number, cursor?: string) {
  const r = await db().send(
    new QueryCommand({
      TableName: tableName(),
      IndexName: 'byParent',
      KeyConditionExpression: from ? 'gpk = :p AND gsk >= :from' : 'gpk = :p',
      ExpressionAttributeValues: { ':p': userSignupsParent(userId), ...(from ? { ':from': from } : {}) },
      Limit: limit,
      ExclusiveStartKey: await decodeCursor(cursor, userSignupsParent(userId)),
    }),
  );
  return {
    items: (r.Items ?? []).map(toSignup),
    nextCursor: await encodeCursor(r.LastEvaluatedKey, userSignupsParent(userId)),
  };
}
