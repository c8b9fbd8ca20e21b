import { GetCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { newId } from '../../shared/ids.js';
import { communityResidentsParent, phoneKey, residentSort, userKey } from '../../shared/db/keys.js';
import { AppError, notFound } from '../../shared/errors.js';
import type { RoleGrant } from '../../shared/schemas/auth.js';
import type { User } from '../domain/user.js';
import { db, tableName } from './client.js';
import { ConditionFailedError } from './errors.js';
import { transactWrite } from './transact.js';
import { auditItem, type AuditRecord } from './audit.js';
import { nowIso } from '../clock.js';

export type { User };

const encodeRole = (g: RoleGrant): string => `${g.role}|${g.scope}`;
const decodeRole = (s: string): RoleGrant => {
  const [role, scope] = s.split('|');
  return { role: role as RoleGrant['role'], scope: scope ?? '' };
};

export function toUser(item: Record<string, unknown>): User {
  const roles = item.roles instanceof Set ? [...(item.roles as Set<string>)] : ((item.roles as string[]) ?? []);
  return {
    id: item.id as string,
    phone: (item.phone as string | undefined) ?? '',
    name: (item.name as string) ?? '',
    managed: item.managed === true,
    communityId: (item.communityId as string | undefined) ?? null,
    roles: roles.sort().map(decodeRole),
    balance: (item.balance as number) ?? 0,
    serviceMinutes: (item.serviceMinutes as number) ?? 0,
    ver: (item.ver as number) ?? 0,
    createdAt: item.createdAt as string,
    consentVersion: (item.consentVersion as string | undefined) ?? null,
    closedAt: (item.closedAt as string | undefined) ?? null,
  };
}

export async function getUser(id: string, consistent = false): Promise<User | undefined> {
  const r = await db().send(new GetCommand({ TableName: tableName(), Key: userKey(id), ConsistentRead: consistent }));
  return r.Item ? toUser(r.Item) : undefined;
}

export async function getUserIdByPhone(phone: string): Promise<string | undefined> {
  const r = await db().send(new GetCommand({ TableName: tableName(), Key: phoneKey(phone) }));
  return r.Item?.userId as string | undefined;
}

/**
 * The user of a phone, created as a resident if new. Two first sign-ins racing create one user:
 * the phone item is the uniqueness guard. `consentVersion` (a sign-in passes the privacy notice's) is
 * recorded on a new profile, and on an existing one that has none yet (made by staff or the seed).
 * A closed account's phone item is gone, so its phone creates a new, empty account here.
 */
export async function findOrCreateUserByPhone(phone: string, name = '', consentVersion?: string): Promise<User> {
  const existing = await getUserIdByPhone(phone);
  if (existing) {
    const u = await getUser(existing, true);
    if (u && consentVersion && !u.consentVersion) return recordConsent(u.id, consentVersion);
    if (u) return u;
  }
  const id = newId();
  const now = nowIso();
  try {
    await transactWrite([
      {
        Put: {
          TableName: tableName(),
          Item: { ...phoneKey(phone), type: 'PHONE', userId: id },
          ConditionExpression: 'attribute_not_exists(pk)',
        },
      },
      {
        Put: {
          TableName: tableName(),
          Item: {
            ...userKey(id),
            type: 'USER',
            id,
            phone,
            name: name || `居民${phone.slice(-4)}`,
            balance: 0,
            serviceMinutes: 0,
            ver: 0,
            createdAt: now,
            ...(consentVersion ? { consentVersion, consentAt: now } : {}),
          },
          ConditionExpression: 'attribute_not_exists(pk)',
        },
      },
    ]);
  } catch (err) {
    if (err instanceof ConditionFailedError) {
      const raced = await getUserIdByPhone(phone);
      const u = raced ? await getUser(raced, true) : undefined;
      if (u) return u;
    }
    throw err;
  }
  return (await getUser(id, true))!;
}

/** Records consent to a privacy notice version once (the first sign-in's); a later call keeps the first. */
async function recordConsent(id: string, version: string): Promise<User> {
  const r = await db().send(
    new UpdateCommand({
      TableName: tableName(),
      Key: userKey(id),
      UpdateExpression:
        'SET consentVersion = if_not_exists(consentVersion, :v), consentAt = if_not_exists(consentAt, :at)',
      ConditionExpression: 'attribute_exists(pk)',
      ExpressionAttributeValues: { ':v': version, ':at': nowIso() },
      ReturnValues: 'ALL_NEW',
    }),
  );
  return toUser(r.Attributes!);
}

export interface ProfilePatch {
  name?: string;
  /** Set only while the current value is null (a resident chooses a community once). */
  communityId?: string;
}

export async function updateProfile(id: string, patch: ProfilePatch): Promise<User> {
  const sets: string[] = [];
  const values: Record<string, unknown> = {};
  let condition = 'attribute_exists(pk)';
  // Keep the profile findable by name in its community (byParent; see communityResidentsParent).
  if (patch.name !== undefined || patch.communityId !== undefined) {
    const cur = patch.name === undefined || patch.communityId === undefined ? await getUser(id, true) : undefined;
    const name = patch.name ?? cur?.name;
    const communityId = patch.communityId ?? cur?.communityId;
    if (communityId && name !== undefined) {
      sets.push('gpk = :gpk', 'gsk = :gsk');
      values[':gpk'] = communityResidentsParent(communityId);
      values[':gsk'] = residentSort(name, id);
    }
  }
  if (patch.name !== undefined) {
    sets.push('#name = :name');
    values[':name'] = patch.name;
  }
  if (patch.communityId !== undefined) {
    sets.push('communityId = :c');
    values[':c'] = patch.communityId;
    condition += ' AND (attribute_not_exists(communityId) OR communityId = :c)';
  }
  if (sets.length === 0) {
    const u = await getUser(id, true);
    if (!u) throw notFound('User');
    return u;
  }
  try {
    const r = await db().send(
      new UpdateCommand({
        TableName: tableName(),
        Key: userKey(id),
        UpdateExpression: `SET ${sets.join(', ')}`,
        ConditionExpression: condition,
        ExpressionAttributeNames: patch.name !== undefined ? { '#name': 'name' } : undefined,
        ExpressionAttributeValues: values,
        ReturnValues: 'ALL_NEW',
        ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
      }),
    );
    return toUser(r.Attributes!);
  } catch (err) {
    if ((err as { name?: string }).name === 'ConditionalCheckFailedException') {
      const item = (err as { Item?: unknown }).Item;
      if (!item) throw notFound('User');
      throw new AppError('conflict', 'Your community is already set; ask an organiser to move you', [
        { path: 'communityId', message: 'is already set' },
      ]);
    }
    throw err;
  }
}

/** Adds a role grant; granting one that exists is a no-op. */
export async function grantRole(userId: string, grant: RoleGrant): Promise<User> {
  try {
    const r = await db().send(
      new UpdateCommand({
        TableName: tableName(),
        Key: userKey(userId),
        UpdateExpression: 'ADD #roles :r',
        ConditionExpression: 'attribute_exists(pk)',
        ExpressionAttributeNames: { '#roles': 'roles' },
        ExpressionAttributeValues: { ':r': new Set([encodeRole(grant)]) },
        ReturnValues: 'ALL_NEW',
      }),
    );
    return toUser(r.Attributes!);
  } catch (err) {
    if ((err as { name?: string }).name === 'ConditionalCheckFailedException') throw notFound('User');
    throw err;
  }
}

/**
 * Grants (`ADD`) or revokes (`DELETE`) a role and records it in the audit trail in ONE transaction. A revoke
 * needs the grant to be held; either needs the person to exist: else 404.
 */
export async function changeRole(
  change: 'grant' | 'revoke',
  userId: string,
  grant: RoleGrant,
  audit: AuditRecord,
): Promise<void> {
  const g = encodeRole(grant);
  try {
    await transactWrite({
      role: {
        Update: {
          TableName: tableName(),
          Key: userKey(userId),
          UpdateExpression: change === 'grant' ? 'ADD #roles :r' : 'DELETE #roles :r',
          ConditionExpression:
            change === 'grant' ? 'attribute_exists(pk)' : 'attribute_exists(pk) AND contains(#roles, :g)',
          ExpressionAttributeNames: { '#roles': 'roles' },
          ExpressionAttributeValues: { ':r': new Set([g]), ...(change === 'revoke' ? { ':g': g } : {}) },
        },
      },
      audit: auditItem(audit),
    });
  } catch (err) {
    if (err instanceof ConditionFailedError && err.failedPart('role')) {
      throw notFound(change === 'grant' ? 'User' : 'Role grant');
    }
    throw err;
  }
}
