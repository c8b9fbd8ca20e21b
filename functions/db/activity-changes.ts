import { UpdateCommand } from '@aws-sdk/lib-dynamodb';
import {
  activityKey,
  activitySort,
  attendanceKey,
  communityActivitiesParent,
  confirmGuardKey,
  monthActivitiesPartition,
  signupKey,
  waitKey,
} from '../../shared/db/keys.js';
import type { Location } from '../../shared/schemas/activities.js';
import { db, tableName } from './client.js';
import { ConditionFailedError } from './errors.js';
import { transactWrite, type TxItem } from './transact.js';

/** People moved in one edit's transaction at most (3 items each; DynamoDB allows 100 per transaction). */
export const MOVES_PER_TX = 30;

/** The fields an edit sets; absent fields stay. `description: null` removes it. */
export interface ActivityFields {
  title?: string;
  description?: string | null;
  location?: Location;
  startsAt?: string;
  endsAt?: string;
  month?: string;
  capacity?: number;
}

export interface ActivityEdit {
  activityId: string;
  communityId: string;
  set: ActivityFields;
  /** What the edit was planned on; a change of any of them meanwhile fails the edit (`activity`), to plan again. */
  read: { startsAt: string; signups: number; waitlisted: number; rev: number };
  /** Confirmed people moved to the waitlist with these waitIds (capacity lowered). */
  demote: { userId: string; waitId: string }[];
  /** Waiting people given a place (capacity raised). */
  promote: { userId: string; waitId: string }[];
  /** Count this edit as a new revision (the first transaction of an edit does; its follow-ups do not). */
  bumpRev: boolean;
  at: string;
}

/**
 * One step of an edit as ONE transaction: the activity's fields and counters (conditioned on what the plan
 * read), the sign-ups that change status and their waitlist items. Named parts, so a failure says which
 * condition moved. Returns the activity's revision after it, or undefined when the plan is stale (re-read).
 */
export async function applyActivityEdit(e: ActivityEdit): Promise<number | undefined> {
  const names: Record<string, string> = { '#s': 'status' };
  const values: Record<string, unknown> = {
    ':pub': 'published',
    ':start': e.read.startsAt,
    ':n': e.read.signups,
    ':w': e.read.waitlisted,
    ':ds': e.promote.length - e.demote.length,
    ':dw': e.demote.length - e.promote.length,
    ':at': e.at,
  };
  const rev = e.read.rev + (e.bumpRev ? 1 : 0);
  values[':rev'] = rev;
  values[':rev0'] = e.read.rev;
  const sets: string[] = ['updatedAt = :at', 'rev = :rev'];
  const removes: string[] = [];
  for (const [k, v] of Object.entries(e.set)) {
    if (v === undefined) continue;
    if (v === null || v === '') removes.push(`#f_${k}`);
    else {
      sets.push(`#f_${k} = :f_${k}`);
      values[`:f_${k}`] = v;
    }
    names[`#f_${k}`] = k;
  }
  if (e.set.startsAt) {
    // The listings are keyed by startsAt: the item moves with it (and to another month's partition).
    const sort = activitySort(e.set.startsAt, e.activityId);
    sets.push('gsk = :sort', 'msk = :sort');
    values[':sort'] = sort;
    values[':gpk'] = communityActivitiesParent(e.communityId);
    sets.push('gpk = :gpk');
    if (e.set.month) {
      sets.push('mpk = :mpk');
      values[':mpk'] = monthActivitiesPartition(e.set.month);
    }
  }
  const activity: TxItem = {
    Update: {
      TableName: tableName(),
      Key: activityKey(e.activityId),
      UpdateExpression:
        `SET ${sets.join(', ')} ${removes.length ? `REMOVE ${removes.join(', ')} ` : ''}` +
        'ADD signups :ds, waitlisted :dw',
      ConditionExpression:
        '#s = :pub AND startsAt = :start AND signups = :n AND waitlisted = :w AND ' +
        (e.read.rev > 0 ? 'rev = :rev0' : '(attribute_not_exists(rev) OR rev = :rev0)'),
      ExpressionAttributeNames: names,
      ExpressionAttributeValues: values,
    },
  };
  const demoted = e.demote.flatMap(({ userId, waitId }): TxItem[] => [
    {
      Update: {
        TableName: tableName(),
        Key: signupKey(e.activityId, userId),
        UpdateExpression: 'SET #s = :w, waitId = :wid, demotedAt = :at',
        ConditionExpression: '#s = :c',
        ExpressionAttributeNames: { '#s': 'status' },
        ExpressionAttributeValues: { ':w': 'waitlisted', ':c': 'confirmed', ':wid': waitId, ':at': e.at },
      },
    },
    {
      Put: {
        TableName: tableName(),
        Item: { ...waitKey(e.activityId, waitId), type: 'WAIT', activityId: e.activityId, userId, at: e.at },
        ConditionExpression: 'attribute_not_exists(pk)',
      },
    },
    {
      // Someone who already checked in (from 30 min before the start) keeps the place.
      ConditionCheck: {
        TableName: tableName(),
        Key: attendanceKey(e.activityId, userId),
        ConditionExpression: 'attribute_not_exists(pk)',
      },
    },
  ]);
  const promoted = e.promote.flatMap(({ userId, waitId }): TxItem[] => [
    {
      Delete: {
        TableName: tableName(),
        Key: waitKey(e.activityId, waitId),
        ConditionExpression: 'attribute_exists(pk)',
      },
    },
    {
      Update: {
        TableName: tableName(),
        Key: signupKey(e.activityId, userId),
        UpdateExpression: 'SET #s = :c, promotedAt = :at REMOVE waitId',
        ConditionExpression: '#s = :w AND waitId = :wid',
        ExpressionAttributeNames: { '#s': 'status' },
        ExpressionAttributeValues: { ':c': 'confirmed', ':w': 'waitlisted', ':wid': waitId, ':at': e.at },
      },
    },
  ]);
  try {
    await transactWrite({ activity, demoted, promoted });
    return rev;
  } catch (err) {
    if (err instanceof ConditionFailedError) return undefined;
    throw err;
  }
}

/** Keeps the copies on sign-ups ("my sign-ups" lists them in time order) in step with an edited activity. */
export async function updateSignupCopy(
  activityId: string,
  userId: string,
  copy: { title: string; startsAt: string; endsAt: string },
): Promise<void> {
  try {
    await db().send(
      new UpdateCommand({
        TableName: tableName(),
        Key: signupKey(activityId, userId),
        UpdateExpression: 'SET title = :t, startsAt = :s, endsAt = :e, gsk = :g',
        ConditionExpression: 'attribute_exists(pk)',
        ExpressionAttributeValues: {
          ':t': copy.title,
          ':s': copy.startsAt,
          ':e': copy.endsAt,
          ':g': activitySort(copy.startsAt, activityId),
        },
      }),
    );
  } catch (err) {
    // A person who cancelled meanwhile has no copy to keep.
    if ((err as { name?: string }).name !== 'ConditionalCheckFailedException') throw err;
  }
}

export type CancelOutcome = 'cancelled' | 'not-published' | 'confirming';

/**
 * Cancels a published activity: ONE transaction sets the status, conditioned on it being published and on no
 * confirm having started (its guard absent) — a confirm and a cancel racing cannot both win.
 */
export async function markCancelled(
  activityId: string,
  c: { reason: string; by: string; at: string },
): Promise<CancelOutcome> {
  try {
    await transactWrite({
      activity: {
        Update: {
          TableName: tableName(),
          Key: activityKey(activityId),
          UpdateExpression: 'SET #s = :x, cancelledAt = :at, cancelReason = :r, cancelledBy = :by',
          ConditionExpression: '#s = :pub',
          ExpressionAttributeNames: { '#s': 'status' },
          ExpressionAttributeValues: {
            ':x': 'cancelled',
            ':pub': 'published',
            ':at': c.at,
            ':r': c.reason,
            ':by': c.by,
          },
        },
      },
      notConfirming: {
        ConditionCheck: {
          TableName: tableName(),
          Key: confirmGuardKey(activityId),
          ConditionExpression: 'attribute_not_exists(pk)',
        },
      },
    });
    return 'cancelled';
  } catch (err) {
    if (!(err instanceof ConditionFailedError)) throw err;
    return err.failedPart('notConfirming') ? 'confirming' : 'not-published';
  }
}
