import { randomInt, randomUUID, createHash } from 'node:crypto';
import { GetCommand, TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import { TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import {
  idempotencyKey,
  ledgerKey,
  liabilityKey,
  pickupKey,
  redemptionKey,
  reservationDuePartition,
  reservationDueSort,
  reservationShard,
  rewardCountKey,
  rewardKey,
  rewardRedemptionsParent,
  userKey,
  userRedemptionsParent,
} from '../../shared/db/keys.js';
import { newId } from '../../shared/ids.js';
import { DAY, HOUR, epochSeconds, localMonth } from '../../shared/time.js';
import { config } from '../../functions/config.js';
import { tableName } from '../../functions/db/client.js';
import { createReward } from '../../functions/services/rewards.js';
import type { User } from '../../functions/db/users.js';
import { admin, benchCommunity, inPool, residentWithPoints } from './fixtures.js';
import { expectStatus, type Flow } from './flow.js';

interface RedeemFixture {
  rewardId: string;
  key: string;
}

/**
 * A resident redeems a gift with a fresh Idempotency-Key. Each worker is one resident redeeming again
 * and again (a person taps one at a time), so balances never race and no retry muddies the count.
 */
export const redeemFlow = (token: (userId: string) => Promise<string>): Flow<RedeemFixture> => {
  let people: { user: User; token: string }[] = [];
  return {
    name: 'redemption',
    unit: 'a resident redeems a gift (a new Idempotency-Key each time)',
    requests: 300,
    async prepare(count, workers) {
      const { communityId } = await benchCommunity();
      if (people.length < workers) {
        people = await inPool(workers, 4, async () => {
          const user = await residentWithPoints(communityId, 1_000_000);
          return { user, token: await token(user.id) };
        });
      }
      const reward = await createReward(await admin(), {
        communityId,
        name: '大米',
        cost: 10,
        stock: 100_000,
      });
      return Array.from({ length: count }, () => ({ rewardId: reward.id, key: `k-${randomUUID()}` }));
    },
    async http(f, w, client) {
      const r = await client.send(
        'POST',
        `/api/rewards/${f.rewardId}/redemptions`,
        {},
        {
          authorization: `Bearer ${people[w]!.token}`,
          'idempotency-key': f.key,
        },
      );
      expectStatus('redemption', r, 201);
    },
    // What redeem() issues: the caller's profile, the idempotency record, the gift (consistent), the
    // balance (ledger core, consistent), then ONE transaction of 9 items: balance, ledger entry, the
    // community's two liability counters, stock, the person's count, redemption, idempotency, pickup code.
    async bare(f, w, ddb) {
      const T = tableName();
      const me = people[w]!.user;
      await ddb.send(new GetCommand({ TableName: T, Key: userKey(me.id) }));
      await ddb.send(new GetCommand({ TableName: T, Key: idempotencyKey(me.id, f.key), ConsistentRead: true }));
      for (;;) {
        const reward = (
          await ddb.send(new GetCommand({ TableName: T, Key: rewardKey(f.rewardId), ConsistentRead: true }))
        ).Item!;
        const profile = (
          await ddb.send(
            new GetCommand({
              TableName: T,
              Key: userKey(me.id),
              ConsistentRead: true,
              ProjectionExpression: 'id, balance, ver, communityId',
            }),
          )
        ).Item!;
        const now = new Date();
        const at = now.toISOString();
        const id = newId();
        const entryId = newId();
        const q = 1;
        const cost = reward.cost as number;
        const balanceAfter = (profile.balance as number) - cost * q;
        const expiresAt = new Date(now.getTime() + config().reservationDays * DAY).toISOString();
        const pickupCode = String(randomInt(0, 1_000_000)).padStart(6, '0');
        const hash = createHash('sha256')
          .update(JSON.stringify({ rewardId: f.rewardId, quantity: q }))
          .digest('hex');
        const result = {
          id,
          rewardId: f.rewardId,
          rewardName: reward.name,
          communityId: reward.communityId,
          quantity: q,
          cost: cost * q,
          unitCost: cost,
          status: 'reserved',
          pickupCode,
          balanceAfter,
          createdAt: at,
          expiresAt,
        };
        const month = localMonth(at, config().tzName);
        try {
          await ddb.send(
            new TransactWriteCommand({
              ClientRequestToken: newId(),
              TransactItems: [
                {
                  Update: {
                    TableName: T,
                    Key: userKey(me.id),
                    UpdateExpression: 'SET balance = :b, ver = :nv',
                    ConditionExpression: 'ver = :v',
                    ExpressionAttributeValues: {
                      ':b': balanceAfter,
                      ':nv': (profile.ver as number) + 1,
                      ':v': profile.ver,
                    },
                  },
                },
                {
                  Put: {
                    TableName: T,
                    Item: {
                      ...ledgerKey(me.id, entryId),
                      type: 'LEDGER',
                      userId: me.id,
                      actor: me.id,
                      id: entryId,
                      at,
                      delta: -cost * q,
                      reason: 'redeem',
                      ref: `redemption:${id}`,
                      balanceAfter,
                    },
                    ConditionExpression: 'attribute_not_exists(pk)',
                  },
                },
                ...['TOTAL', month].map((period) => ({
                  Update: {
                    TableName: T,
                    Key: liabilityKey(profile.communityId as string, period),
                    UpdateExpression: 'SET communityId = :c ADD #r0 :r0',
                    ExpressionAttributeNames: { '#r0': 'redeem' },
                    ExpressionAttributeValues: { ':r0': -cost * q, ':c': profile.communityId },
                  },
                })),
                {
                  Update: {
                    TableName: T,
                    Key: rewardKey(f.rewardId),
                    UpdateExpression: 'SET stock = stock - :q ADD redeemed :q',
                    ConditionExpression:
                      'attribute_exists(pk) AND active = :t AND cost = :cost AND stock >= :q' +
                      ' AND (attribute_not_exists(availableFrom) OR availableFrom <= :now)' +
                      ' AND (attribute_not_exists(availableUntil) OR availableUntil > :now)',
                    ExpressionAttributeValues: { ':q': q, ':t': true, ':cost': cost, ':now': at },
                    ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
                  },
                },
                {
                  Update: {
                    TableName: T,
                    Key: rewardCountKey(me.id, f.rewardId),
                    UpdateExpression: 'SET rewardId = :r ADD #n :q',
                    ExpressionAttributeNames: { '#n': 'count' },
                    ExpressionAttributeValues: { ':r': f.rewardId, ':q': q },
                  },
                },
                {
                  Put: {
                    TableName: T,
                    Item: {
                      ...redemptionKey(id),
                      type: 'REDEMPTION',
                      ...result,
                      userId: me.id,
                      userName: me.name,
                      gpk: userRedemptionsParent(me.id),
                      gsk: id,
                      mpk: rewardRedemptionsParent(f.rewardId),
                      msk: id,
                      dpk: reservationDuePartition(reservationShard(id)),
                      dsk: reservationDueSort(expiresAt, id),
                    },
                    ConditionExpression: 'attribute_not_exists(pk)',
                  },
                },
                {
                  Put: {
                    TableName: T,
                    Item: {
                      ...idempotencyKey(me.id, f.key),
                      type: 'IDEM',
                      requestHash: hash,
                      redemptionId: id,
                      response: result,
                      ttl: epochSeconds(now.getTime() + 48 * HOUR),
                    },
                    ConditionExpression: 'attribute_not_exists(pk)',
                  },
                },
                {
                  Put: {
                    TableName: T,
                    Item: {
                      ...pickupKey(reward.communityId as string, pickupCode),
                      type: 'PICKUP',
                      redemptionId: id,
                      rewardId: f.rewardId,
                      rewardName: reward.name,
                      quantity: q,
                      userId: me.id,
                      userName: me.name,
                      createdAt: at,
                      expiresAt,
                    },
                    ConditionExpression: 'attribute_not_exists(pk)',
                  },
                },
              ],
            }),
          );
          return;
        } catch (err) {
          // A pickup code already in use: the service draws a new one and tries again, and so do we.
          const taken =
            err instanceof TransactionCanceledException &&
            err.CancellationReasons?.[8]?.Code === 'ConditionalCheckFailed';
          if (!taken) throw err;
        }
      }
    },
  };
};
