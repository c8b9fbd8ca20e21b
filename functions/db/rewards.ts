import { GetCommand, QueryCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { communityRewardsParent, rewardImageKey, rewardKey } from '../../shared/db/keys.js';
import { AppError, notFound } from '../../shared/errors.js';
import type { Reward } from '../../shared/schemas/rewards.js';
import { db, tableName } from './client.js';
import { decodeCursor, encodeCursor } from './cursor.js';
import { ConditionFailedError } from './errors.js';
import { auditItem, type AuditRecord } from './audit.js';
import { transactWrite, type TxItem } from './transact.js';

/** The stored gift → its API shape. Absent optional attributes read as null (they are never stored as null). */
export function toReward(item: Record<string, unknown>): Reward {
  return {
    id: item.id as string,
    communityId: item.communityId as string,
    name: item.name as string,
    description: (item.description as string | undefined) ?? null,
    cost: item.cost as number,
    stock: item.stock as number,
    limitPerUser: (item.limitPerUser as number | undefined) ?? null,
    imageUrl: (item.imageUrl as string | undefined) ?? null,
    availableFrom: (item.availableFrom as string | undefined) ?? null,
    availableUntil: (item.availableUntil as string | undefined) ?? null,
    active: item.active as boolean,
    redeemed: (item.redeemed as number | undefined) ?? 0,
    createdAt: item.createdAt as string,
  };
}

/** A picture kept as its own item: `{ contentType, data (base64) }`. */
export interface RewardImage {
  contentType: string;
  data: string;
}

const imagePut = (rewardId: string, image: RewardImage): TxItem => ({
  Put: { TableName: tableName(), Item: { ...rewardImageKey(rewardId), type: 'REWARD_IMAGE', ...image } },
});

/** Creates a gift (and its uploaded picture, in the same transaction). */
export async function putReward(reward: Reward, image?: RewardImage, audit?: AuditRecord): Promise<void> {
  const item: Record<string, unknown> = {
    ...rewardKey(reward.id),
    type: 'REWARD',
    gpk: communityRewardsParent(reward.communityId),
    gsk: reward.id,
  };
  // Nulls are left out so the redemption condition can test `attribute_not_exists(availableFrom)`.
  for (const [k, v] of Object.entries(reward)) if (v !== null) item[k] = v;
  await transactWrite({
    reward: { Put: { TableName: tableName(), Item: item, ConditionExpression: 'attribute_not_exists(pk)' } },
    image: image && imagePut(reward.id, image),
    audit: audit && auditItem(audit, reward.createdAt),
  });
}

export async function getReward(id: string, consistent = false): Promise<Reward | undefined> {
  const r = await db().send(new GetCommand({ TableName: tableName(), Key: rewardKey(id), ConsistentRead: consistent }));
  return r.Item ? toReward(r.Item) : undefined;
}

export async function getRewardImage(id: string): Promise<RewardImage | undefined> {
  const r = await db().send(new GetCommand({ TableName: tableName(), Key: rewardImageKey(id) }));
  return r.Item ? { contentType: r.Item.contentType as string, data: r.Item.data as string } : undefined;
}

/** A community's gifts in creation order (byParent). */
export async function listRewards(
  communityId: string,
  limit: number,
  cursor?: string,
): Promise<{ items: Reward[]; nextCursor: string | null }> {
  const r = await db().send(
    new QueryCommand({
      TableName: tableName(),
      IndexName: 'byParent',
      KeyConditionExpression: 'gpk = :g',
      ExpressionAttributeValues: { ':g': communityRewardsParent(communityId) },
      Limit: limit,
      ExclusiveStartKey: await decodeCursor(cursor, communityRewardsParent(communityId)),
    }),
  );
  return {
    items: (r.Items ?? []).map(toReward),
    nextCursor: await encodeCursor(r.LastEvaluatedKey, communityRewardsParent(communityId)),
  };
}

/** Fields a patch sets (`null` removes the attribute) plus a stock change. */
export interface RewardChange {
  stockDelta?: number;
  set: Partial<Record<'name' | 'cost' | 'active' | 'description' | 'limitPerUser' | 'imageUrl', unknown>> &
    Partial<Record<'availableFrom' | 'availableUntil', string | null>>;
  image?: RewardImage;
  /** The change in the audit trail, written in the same transaction. */
  audit?: AuditRecord;
}

/**
 * Changes a gift in one conditional update: the stock moves by `stockDelta` with ADD (so it never
 * overwrites a concurrent redemption's decrement) and a decrease is refused when it would go below 0.
 */
export async function patchReward(id: string, change: RewardChange): Promise<Reward> {
  const names: Record<string, string> = {};
  const values: Record<string, unknown> = {};
  const sets: string[] = [];
  const removes: string[] = [];
  let i = 0;
  for (const [k, v] of Object.entries(change.set)) {
    if (v === undefined) continue;
    names[`#f${i}`] = k;
    if (v === null) removes.push(`#f${i}`);
    else {
      values[`:f${i}`] = v;
      sets.push(`#f${i} = :f${i}`);
    }
    i++;
  }
  let condition = 'attribute_exists(pk)';
  const adds: string[] = [];
  if (change.stockDelta) {
    adds.push('stock :d');
    values[':d'] = change.stockDelta;
    if (change.stockDelta < 0) {
      condition += ' AND stock >= :need';
      values[':need'] = -change.stockDelta;
    }
  }
  const parts = [
    sets.length ? `SET ${sets.join(', ')}` : '',
    removes.length ? `REMOVE ${removes.join(', ')}` : '',
    adds.length ? `ADD ${adds.join(', ')}` : '',
  ].filter(Boolean);
  if (parts.length === 0 && !change.image) {
    const r = await getReward(id, true);
    if (!r) throw notFound('Reward');
    return r;
  }
  const update = {
    TableName: tableName(),
    Key: rewardKey(id),
    // An image-only change still touches the gift so a missing gift fails the condition.
    UpdateExpression: parts.length ? parts.join(' ') : 'SET #t = #t',
    ConditionExpression: condition,
    ExpressionAttributeNames: parts.length ? (i > 0 ? names : undefined) : { '#t': 'type' },
    ExpressionAttributeValues: Object.keys(values).length ? values : undefined,
  };
  try {
    if (change.image || change.audit) {
      await transactWrite({
        reward: { Update: update },
        image: change.image && imagePut(id, change.image),
        audit: change.audit && auditItem(change.audit),
      });
    } else {
      const r = await db().send(new UpdateCommand({ ...update, ReturnValues: 'ALL_NEW' }));
      return toReward(r.Attributes!);
    }
  } catch (err) {
    const failed =
      err instanceof ConditionFailedError || (err as { name?: string }).name === 'ConditionalCheckFailedException';
    if (!failed) throw err;
    const now = await getReward(id, true);
    if (!now) throw notFound('Reward');
    throw new AppError('conflict', `Only ${now.stock} left in stock; it cannot go below 0`, [
      { path: 'stockDelta', message: `must be at least -${now.stock}` },
    ]);
  }
  return (await getReward(id, true))!;
}
