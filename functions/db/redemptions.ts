import type { AttributeValue } from '@aws-sdk/client-dynamodb';
import { GetCommand, QueryCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { queryPages } from './query-all.js';
import { unmarshall } from '@aws-sdk/util-dynamodb';
import {
  idempotencyKey,
  pickupKey,
  pickupPartition,
  prefixes,
  redemptionKey,
  reservationDuePartition,
  reservationDueSort,
  reservationShard,
  rewardCountKey,
  rewardKey,
  rewardRedemptionsParent,
  userRedemptionsParent,
} from '../../shared/db/keys.js';
import { AppError } from '../../shared/errors.js';
import type {
  CancelReason,
  OpenReservation,
  RedeemResult,
  Redemption,
  RedemptionStatus,
  Reward,
} from '../../shared/schemas/rewards.js';
import { db, tableName } from './client.js';
import { decodeCursor, encodeCursor } from './cursor.js';
import { ConditionFailedError } from './errors.js';
import { moveBalance } from './ledger.js';
import { auditItem, type AuditRecord } from './audit.js';
import { transactWrite, type TxParts } from './transact.js';
import { now } from '../clock.js';

/** A stored redemption: the API shape plus who may see what. */
export interface StoredRedemption extends Redemption {
  userName: string;
  pickupCode: string;
  balanceAfter: number;
}

export function toRedemption(item: Record<string, unknown>): StoredRedemption {
  return {
    id: item.id as string,
    rewardId: item.rewardId as string,
    rewardName: item.rewardName as string,
    imageUrl: (item.imageUrl as string | undefined) ?? null,
    communityId: item.communityId as string,
    userId: item.userId as string,
    userName: (item.userName as string | undefined) ?? '',
    quantity: item.quantity as number,
    cost: item.cost as number,
    unitCost: item.unitCost as number,
    status: item.status as RedemptionStatus,
    pickupCode: item.pickupCode as string,
    balanceAfter: item.balanceAfter as number,
    createdAt: item.createdAt as string,
    expiresAt: item.expiresAt as string,
    fulfilledAt: (item.fulfilledAt as string | undefined) ?? null,
    cancelledAt: (item.cancelledAt as string | undefined) ?? null,
    cancelReason: (item.cancelReason as CancelReason | undefined) ?? null,
  };
}

// ---- reserve ---------------------------------------------------------------------------------

/** The Idempotency-Key of this request was taken by another request (maybe its own twin, racing). */
export class IdempotencyKeyTaken extends Error {
  constructor() {
    super('idempotency key already used');
    this.name = 'IdempotencyKeyTaken';
  }
}

/** Nothing was written, and trying again with fresh data may succeed: the pickup code or the price changed. */
export class ReserveRetry extends Error {
  constructor(readonly why: 'pickup-code-taken' | 'cost-changed') {
    super(why);
    this.name = 'ReserveRetry';
  }
}

export interface ReserveInput {
  redemptionId: string;
  /** The gift as read before the transaction (its cost is what is charged; the transaction checks it). */
  reward: Reward;
  user: { id: string; name: string };
  quantity: number;
  pickupCode: string;
  idempotency: { key: string; requestHash: string; ttl: number };
  now: string;
  expiresAt: string;
}

/**
 * Reserves a gift in ONE transaction through the ledger core: debit + ledger entry `redeem`, stock
 * decrement (active, in window, same price, enough stock), the person's count under the limit, the
 * redemption record, its pickup code, and the idempotency record. Each failed condition becomes the
 * problem the client can act on.
 */
export async function reserve(input: ReserveInput): Promise<RedeemResult> {
  const { reward, user, quantity: q, redemptionId: id, now } = input;
  const total = reward.cost * q;
  // `attribute_not_exists(count)` would let a first request for more than the limit through.
  if (reward.limitPerUser !== null && q > reward.limitPerUser) {
    throw new AppError('limit-reached', `Each person may redeem at most ${reward.limitPerUser} of this gift`);
  }
  let result: RedeemResult | undefined;
  try {
    await moveBalance(
      { userId: user.id, delta: -total, reason: 'redeem', ref: `redemption:${id}`, actor: user.id },
      ([move]) => {
        result = {
          id,
          rewardId: reward.id,
          rewardName: reward.name,
          communityId: reward.communityId,
          quantity: q,
          cost: total,
          unitCost: reward.cost,
          status: 'reserved',
          pickupCode: input.pickupCode,
          balanceAfter: move!.balanceAfter,
          createdAt: now,
          expiresAt: input.expiresAt,
        };
        const limit = reward.limitPerUser;
        return {
          stock: {
            Update: {
              TableName: tableName(),
              Key: rewardKey(reward.id),
              UpdateExpression: 'SET stock = stock - :q ADD redeemed :q',
              ConditionExpression:
                'attribute_exists(pk) AND active = :t AND cost = :cost AND stock >= :q' +
                ' AND (attribute_not_exists(availableFrom) OR availableFrom <= :now)' +
                ' AND (attribute_not_exists(availableUntil) OR availableUntil > :now)',
              ExpressionAttributeValues: { ':q': q, ':t': true, ':cost': reward.cost, ':now': now },
              ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
            },
          },
          count: {
            Update: {
              TableName: tableName(),
              Key: rewardCountKey(user.id, reward.id),
              UpdateExpression: 'SET rewardId = :r ADD #n :q',
              ExpressionAttributeNames: { '#n': 'count' },
              ExpressionAttributeValues: { ':r': reward.id, ':q': q, ...(limit !== null ? { ':max': limit - q } : {}) },
              ...(limit !== null
                ? {
                    ConditionExpression: 'attribute_not_exists(#n) OR #n <= :max',
                    ReturnValuesOnConditionCheckFailure: 'ALL_OLD' as const,
                  }
                : {}),
            },
          },
          record: {
            Put: {
              TableName: tableName(),
              Item: {
                ...redemptionKey(id),
                type: 'REDEMPTION',
                ...result,
                imageUrl: reward.imageUrl ?? undefined,
                userId: user.id,
                userName: user.name,
                gpk: userRedemptionsParent(user.id),
                gsk: id,
                mpk: rewardRedemptionsParent(reward.id),
                msk: id,
                // Sparse byDue entry: present only while reserved, so the expiry job reads open ones only.
                dpk: reservationDuePartition(reservationShard(id)),
                dsk: reservationDueSort(input.expiresAt, id),
              },
              ConditionExpression: 'attribute_not_exists(pk)',
            },
          },
          idem: {
            Put: {
              TableName: tableName(),
              Item: {
                ...idempotencyKey(user.id, input.idempotency.key),
                type: 'IDEM',
                requestHash: input.idempotency.requestHash,
                redemptionId: id,
                response: result,
                ttl: input.idempotency.ttl,
              },
              ConditionExpression: 'attribute_not_exists(pk)',
            },
          },
          pickup: {
            Put: {
              TableName: tableName(),
              Item: {
                ...pickupKey(reward.communityId, input.pickupCode),
                type: 'PICKUP',
                redemptionId: id,
                rewardId: reward.id,
                rewardName: reward.name,
                quantity: q,
                userId: user.id,
                userName: user.name,
                createdAt: now,
                expiresAt: input.expiresAt,
              },
              ConditionExpression: 'attribute_not_exists(pk)',
            },
          },
        };
      },
    );
  } catch (err) {
    if (err instanceof ConditionFailedError) throw reserveFailure(err, input);
    throw err;
  }
  return result!;
}

/** Which condition stopped the reservation, most telling first. */
function reserveFailure(err: ConditionFailedError, input: ReserveInput): Error {
  const q = input.quantity;
  if (err.failedPart('idem')) return new IdempotencyKeyTaken();
  if (err.failedPart('stock')) {
    const old = err.oldItem('stock');
    if (!old) return new AppError('not-found', 'Reward not found');
    if (old.cost !== input.reward.cost) return new ReserveRetry('cost-changed');
    const from = old.availableFrom as string | undefined;
    const until = old.availableUntil as string | undefined;
    if (old.active !== true) return new AppError('outside-window', 'This gift is not offered at the moment');
    if (from && from > input.now) return new AppError('outside-window', `This gift can be redeemed from ${from}`);
    if (until && until <= input.now)
      return new AppError('outside-window', `This gift could be redeemed until ${until}`);
    const stock = (old.stock as number) ?? 0;
    return new AppError(
      'out-of-stock',
      stock === 0 ? 'This gift is all gone' : `Only ${stock} left; you asked for ${q}`,
    );
  }
  if (err.failedPart('count')) {
    const had = (err.oldItem('count')?.count as number | undefined) ?? 0;
    return new AppError(
      'limit-reached',
      `Each person may redeem ${input.reward.limitPerUser} of this gift; you already have ${had}`,
    );
  }
  if (err.failedPart('pickup')) return new ReserveRetry('pickup-code-taken');
  // `record` cannot collide (a fresh ULID); anything else is a bug to surface, not a client problem.
  return err;
}

/** What an Idempotency-Key remembers: the request's hash and the answer it got. */
export interface IdempotencyRecord {
  requestHash: string;
  redemptionId: string;
  response: RedeemResult;
}

export async function getIdempotencyRecord(userId: string, key: string): Promise<IdempotencyRecord | undefined> {
  const r = await db().send(
    new GetCommand({ TableName: tableName(), Key: idempotencyKey(userId, key), ConsistentRead: true }),
  );
  // TTL deletion lags up to days; an expired record is treated as gone.
  if (!r.Item || (r.Item.ttl as number) * 1000 < now()) return undefined;
  return {
    requestHash: r.Item.requestHash as string,
    redemptionId: r.Item.redemptionId as string,
    response: r.Item.response as RedeemResult,
  };
}

/** How many of a gift a person holds (reserved + fulfilled). */
export async function getRedeemedCount(userId: string, rewardId: string): Promise<number> {
  const r = await db().send(
    new GetCommand({ TableName: tableName(), Key: rewardCountKey(userId, rewardId), ConsistentRead: true }),
  );
  return (r.Item?.count as number | undefined) ?? 0;
}

// ---- read ------------------------------------------------------------------------------------

export async function getRedemption(id: string, consistent = true): Promise<StoredRedemption | undefined> {
  const r = await db().send(
    new GetCommand({ TableName: tableName(), Key: redemptionKey(id), ConsistentRead: consistent }),
  );
  return r.Item ? toRedemption(r.Item) : undefined;
}

type Page<T> = { items: T[]; nextCursor: string | null };

async function queryRedemptions(
  index: 'byParent' | 'byMonth',
  partition: string,
  opts: { status?: RedemptionStatus; limit: number; cursor?: string },
): Promise<Page<StoredRedemption>> {
  const pkName = index === 'byParent' ? 'gpk' : 'mpk';
  const r = await db().send(
    new QueryCommand({
      TableName: tableName(),
      IndexName: index,
      KeyConditionExpression: `${pkName} = :p`,
      ...(opts.status ? { FilterExpression: '#s = :s', ExpressionAttributeNames: { '#s': 'status' } } : {}),
      ExpressionAttributeValues: { ':p': partition, ...(opts.status ? { ':s': opts.status } : {}) },
      ScanIndexForward: false,
      Limit: opts.limit,
      ExclusiveStartKey: await decodeCursor(opts.cursor, `${index}|${partition}`),
    }),
  );
  return {
    items: (r.Items ?? []).map(toRedemption),
    nextCursor: await encodeCursor(r.LastEvaluatedKey, `${index}|${partition}`),
  };
}

/** A person's redemptions, newest first (byParent). */
export const listUserRedemptions = (
  userId: string,
  opts: { status?: RedemptionStatus; limit: number; cursor?: string },
) => queryRedemptions('byParent', userRedemptionsParent(userId), opts);

/** A gift's redemptions, newest first (byMonth, partition per gift). */
export const listRewardRedemptions = (
  rewardId: string,
  opts: { status?: RedemptionStatus; limit: number; cursor?: string },
) => queryRedemptions('byMonth', rewardRedemptionsParent(rewardId), opts);

/** A community's open reservations (its pickup-code partition), or the one holding `code`. */
export async function listOpenReservations(
  communityId: string,
  opts: { code?: string; limit: number; cursor?: string },
): Promise<Page<OpenReservation>> {
  const r = await db().send(
    new QueryCommand({
      TableName: tableName(),
      KeyConditionExpression: opts.code ? 'pk = :p AND sk = :s' : 'pk = :p AND begins_with(sk, :s)',
      ExpressionAttributeValues: {
        ':p': pickupPartition(communityId),
        ':s': opts.code ? pickupKey(communityId, opts.code).sk : prefixes.pickup,
      },
      ConsistentRead: true,
      Limit: opts.limit,
      ExclusiveStartKey: await decodeCursor(opts.cursor, pickupPartition(communityId)),
    }),
  );
  return {
    items: (r.Items ?? []).map((it) => ({
      redemptionId: it.redemptionId as string,
      rewardId: it.rewardId as string,
      rewardName: it.rewardName as string,
      quantity: it.quantity as number,
      userId: it.userId as string,
      userName: it.userName as string,
      createdAt: it.createdAt as string,
      expiresAt: it.expiresAt as string,
    })),
    nextCursor: await encodeCursor(r.LastEvaluatedKey, pickupPartition(communityId)),
  };
}

/** Open reservations of one byDue shard that expired before `now`, oldest first, a page at a time. */
export async function* dueReservations(
  shard: number,
  now: string,
  pageSize: number,
): AsyncGenerator<StoredRedemption[]> {
  const pages = queryPages({
    TableName: tableName(),
    IndexName: 'byDue',
    KeyConditionExpression: 'dpk = :p AND dsk < :now',
    ExpressionAttributeValues: { ':p': reservationDuePartition(shard), ':now': now },
    Limit: pageSize,
  });
  for await (const page of pages) yield page.map(toRedemption);
}

// ---- fulfil and cancel -----------------------------------------------------------------------

const pickupDelete = (r: StoredRedemption) => ({
  Delete: {
    TableName: tableName(),
    Key: pickupKey(r.communityId, r.pickupCode),
    // Never remove a code another reservation holds.
    ConditionExpression: 'attribute_not_exists(pk) OR redemptionId = :id',
    ExpressionAttributeValues: { ':id': r.id },
  },
});

/**
 * Takes one try at a reservation's pickup code BEFORE it is compared: increments `codeTries` only while
 * the reservation is reserved and below `max` tries, in one conditional write, so a burst of guesses
 * gets at most `max` comparisons in all. Answers 'ok', 'locked' (tries used up) or the status it has.
 */
export async function takePickupTry(id: string, max: number): Promise<'ok' | 'locked' | string> {
  try {
    await db().send(
      new UpdateCommand({
        TableName: tableName(),
        Key: redemptionKey(id),
        UpdateExpression: 'ADD codeTries :one',
        ConditionExpression: '#s = :r AND (attribute_not_exists(codeTries) OR codeTries < :max)',
        ExpressionAttributeNames: { '#s': 'status' },
        ExpressionAttributeValues: { ':one': 1, ':r': 'reserved', ':max': max },
        ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
      }),
    );
    return 'ok';
  } catch (err) {
    if ((err as { name?: string }).name !== 'ConditionalCheckFailedException') throw err;
    const old = (err as { Item?: Record<string, AttributeValue> }).Item;
    const status = old ? (unmarshall(old).status as string) : 'gone';
    return status === 'reserved' ? 'locked' : status;
  }
}

/**
 * Hands a reservation over: reserved → fulfilled, only with its code and only while reserved. Racing
 * a cancel or the expiry job, exactly one of them changes the status.
 */
export async function fulfil(
  r: StoredRedemption,
  code: string,
  actor: string,
  now: string,
  audit?: AuditRecord,
): Promise<void> {
  try {
    await transactWrite({
      redemption: {
        Update: {
          TableName: tableName(),
          Key: redemptionKey(r.id),
          UpdateExpression: 'SET #s = :f, fulfilledAt = :now, fulfilledBy = :by REMOVE dpk, dsk',
          ConditionExpression: '#s = :r AND pickupCode = :code',
          ExpressionAttributeNames: { '#s': 'status' },
          ExpressionAttributeValues: { ':f': 'fulfilled', ':r': 'reserved', ':now': now, ':by': actor, ':code': code },
          ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
        },
      },
      pickup: pickupDelete(r),
      audit: audit && auditItem(audit, now),
    });
  } catch (err) {
    if (!(err instanceof ConditionFailedError)) throw err;
    const old = err.oldItem('redemption');
    if (old && old.status === 'reserved' && old.pickupCode !== code) {
      throw new AppError('invalid-code', 'This pickup code does not match');
    }
    throw new AppError('conflict', `This redemption is ${(old?.status as string | undefined) ?? 'gone'}, not reserved`);
  }
}

/**
 * Cancels a reservation and gives back points (ledger `refund`), stock and the person's count, in one
 * transaction conditional on `status = reserved`: a second cancel, the expiry job and a fulfilment
 * racing it find it no longer reserved, so the refund happens exactly once.
 */
export async function cancel(
  r: StoredRedemption,
  reason: CancelReason,
  actor: string,
  now: string,
  /** More parts that must commit with the refund (the lapsed-reservation notice); they come last. */
  extra: TxParts = {},
  /** A cancel by staff is recorded in the audit trail, in the same transaction. */
  audit?: AuditRecord,
): Promise<{ balanceAfter: number }> {
  try {
    const move = await moveBalance(
      { userId: r.userId, delta: r.cost, reason: 'refund', ref: `redemption:${r.id}`, actor },
      {
        redemption: {
          Update: {
            TableName: tableName(),
            Key: redemptionKey(r.id),
            UpdateExpression: 'SET #s = :c, cancelledAt = :now, cancelReason = :why, cancelledBy = :by REMOVE dpk, dsk',
            ConditionExpression: '#s = :r',
            ExpressionAttributeNames: { '#s': 'status' },
            ExpressionAttributeValues: {
              ':c': 'cancelled',
              ':r': 'reserved',
              ':now': now,
              ':why': reason,
              ':by': actor,
            },
            ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
          },
        },
        stock: {
          Update: {
            TableName: tableName(),
            Key: rewardKey(r.rewardId),
            UpdateExpression: 'ADD stock :q, redeemed :neg',
            ConditionExpression: 'attribute_exists(pk)',
            ExpressionAttributeValues: { ':q': r.quantity, ':neg': -r.quantity },
          },
        },
        count: {
          Update: {
            TableName: tableName(),
            Key: rewardCountKey(r.userId, r.rewardId),
            UpdateExpression: 'ADD #n :neg',
            ExpressionAttributeNames: { '#n': 'count' },
            ExpressionAttributeValues: { ':neg': -r.quantity },
          },
        },
        pickup: pickupDelete(r),
        ...extra,
        audit: audit && auditItem(audit, now),
      },
    );
    return { balanceAfter: move.balanceAfter };
  } catch (err) {
    if (!(err instanceof ConditionFailedError)) throw err;
    const status = err.oldItem('redemption')?.status as string | undefined;
    throw new AppError('conflict', `This redemption is ${status ?? 'gone'}, not reserved`);
  }
}
