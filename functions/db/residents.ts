import { QueryCommand } from '@aws-sdk/lib-dynamodb';
import { communityResidentsParent, phoneKey, residentSort, userKey } from '../../shared/db/keys.js';
import { AppError, notFound } from '../../shared/errors.js';
import { db, tableName } from './client.js';
import { ConditionFailedError } from './errors.js';
import { transactWrite } from './transact.js';
import { auditItem, type AuditRecord } from './audit.js';
import { getUser, toUser, type User } from './users.js';

/**
 * A resident without a phone (代管居民): a profile with no phone item, marked `managed`, findable by name in its
 * community. Nobody can sign in as them until staff give them a phone (`givePhone`).
 */
export async function putManagedResident(
  r: {
    id: string;
    name: string;
    communityId: string;
    note?: string;
    createdBy: string;
    at: string;
  },
  audit?: AuditRecord,
): Promise<User> {
  const item = {
    ...userKey(r.id),
    type: 'USER',
    id: r.id,
    name: r.name,
    communityId: r.communityId,
    managed: true,
    ...(r.note ? { note: r.note } : {}),
    createdBy: r.createdBy,
    balance: 0,
    serviceMinutes: 0,
    ver: 0,
    createdAt: r.at,
    gpk: communityResidentsParent(r.communityId),
    gsk: residentSort(r.name, r.id),
  };
  await transactWrite({
    resident: { Put: { TableName: tableName(), Item: item, ConditionExpression: 'attribute_not_exists(pk)' } },
    audit: audit && auditItem(audit, r.at),
  });
  return toUser(item);
}

/**
 * Gives a managed resident a phone: the phone item (the sign-in's uniqueness guard) and the profile change in one
 * transaction, so the phone is never half taken. A phone with an account, or a resident who already has a phone
 * (or is no longer managed), is 409 `conflict`.
 */
export async function givePhone(userId: string, phone: string, audit?: AuditRecord): Promise<User> {
  try {
    await transactWrite({
      phone: {
        Put: {
          TableName: tableName(),
          Item: { ...phoneKey(phone), type: 'PHONE', userId },
          ConditionExpression: 'attribute_not_exists(pk)',
        },
      },
      profile: {
        Update: {
          TableName: tableName(),
          Key: userKey(userId),
          UpdateExpression: 'SET phone = :p REMOVE managed',
          ConditionExpression: 'attribute_exists(pk) AND managed = :t',
          ExpressionAttributeValues: { ':p': phone, ':t': true },
        },
      },
      audit: audit && auditItem(audit),
    });
  } catch (err) {
    if (err instanceof ConditionFailedError) {
      if (err.failedPart('phone')) {
        throw new AppError('conflict', 'This phone already has an account', [
          { path: 'phone', message: 'already has an account', code: 'phone_taken' },
        ]);
      }
      throw new AppError('conflict', 'This resident already has a phone');
    }
    throw err;
  }
  const u = await getUser(userId, true);
  if (!u) throw notFound('User');
  return u;
}

/** Residents of a community whose name starts with `prefix` (byParent, name order); `limit` at most. */
export async function findResidentsByName(communityId: string, prefix: string, limit: number): Promise<User[]> {
  const r = await db().send(
    new QueryCommand({
      TableName: tableName(),
      IndexName: 'byParent',
      KeyConditionExpression: prefix ? 'gpk = :p AND begins_with(gsk, :q)' : 'gpk = :p',
      ExpressionAttributeValues: { ':p': communityResidentsParent(communityId), ...(prefix ? { ':q': prefix } : {}) },
      Limit: limit,
    }),
  );
  return (r.Items ?? []).map(toUser);
}
