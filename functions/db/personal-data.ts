import { UpdateCommand, type QueryCommandInput } from '@aws-sdk/lib-dynamodb';
import {
  attendanceKey,
  boardSubjectPartition,
  inboxPartition,
  noticePrefix,
  phoneKey,
  prefixes,
  userCardsParent,
  userKey,
  userPartition,
  userRedemptionsParent,
  userSignupsParent,
  userTeamsParent,
  type Key,
} from '../../shared/db/keys.js';
import { batchGet } from './batch-get.js';
import { db, tableName } from './client.js';
import { ConditionFailedError } from './errors.js';
import { queryAll } from './query-all.js';
import { transactWrite } from './transact.js';

/** Every item of one key range, all pages (a person's own partitions: bounded by what one person does). */
const readAll = (input: Omit<QueryCommandInput, 'TableName' | 'ExclusiveStartKey'>) =>
  queryAll({ TableName: tableName(), ...input });

const byParent = (parent: string) =>
  readAll({ IndexName: 'byParent', KeyConditionExpression: 'gpk = :p', ExpressionAttributeValues: { ':p': parent } });

/** Everything kept in one person's own partitions and under their byParent lists, raw. No Scan. */
export interface PersonalItems {
  /** `USER#<id>`: profile, ledger, service records, daily caps, per-gift counts, preferences. */
  own: Record<string, unknown>[];
  cards: Record<string, unknown>[];
  teams: Record<string, unknown>[];
  signups: Record<string, unknown>[];
  attendance: Record<string, unknown>[];
  redemptions: Record<string, unknown>[];
  notifications: Record<string, unknown>[];
}

const activityIdOfService = (sk: string) => sk.split('#').pop()!;

/**
 * Reads what is kept about a person: 1 Query of their partition, 4 byParent Queries (cards, teams,
 * sign-ups, redemptions), 1 Query of their inbox, and 1 BatchGet of their attendance at the activities
 * they signed up for or were credited for (a proxy record without a sign-up is always credited or not
 * at all: the activities come from both lists).
 */
export async function readPersonalItems(userId: string): Promise<PersonalItems> {
  const [own, cards, teams, signups, redemptions, notifications] = await Promise.all([
    readAll({ KeyConditionExpression: 'pk = :p', ExpressionAttributeValues: { ':p': userPartition(userId) } }),
    byParent(userCardsParent(userId)),
    byParent(userTeamsParent(userId)),
    byParent(userSignupsParent(userId)),
    byParent(userRedemptionsParent(userId)),
    readAll({
      KeyConditionExpression: 'pk = :p AND begins_with(sk, :n)',
      ExpressionAttributeValues: { ':p': inboxPartition(userId), ':n': noticePrefix },
      ScanIndexForward: false,
    }),
  ]);
  const activityIds = new Set<string>(signups.map((s) => s.activityId as string));
  for (const it of own) {
    if (String(it.sk).startsWith(prefixes.service)) activityIds.add(activityIdOfService(String(it.sk)));
  }
  const found = await batchGet([...activityIds].map((a) => attendanceKey(a, userId)));
  return { own, cards, teams, signups, attendance: [...found.values()], redemptions, notifications };
}

/** The places a person's name is copied to, found through their own partitions and lists. */
export async function nameCopies(userId: string): Promise<{ key: Key; attr: string }[]> {
  const items = await readPersonalItems(userId);
  const boards = await readAll({
    KeyConditionExpression: 'pk = :p',
    ExpressionAttributeValues: { ':p': boardSubjectPartition('USER', userId) },
    ProjectionExpression: 'pk, sk',
  });
  const keyOf = (it: Record<string, unknown>): Key => ({ pk: it.pk as string, sk: it.sk as string });
  return [
    ...boards.map((it) => ({ key: keyOf(it), attr: 'name' })),
    ...items.teams.map((it) => ({ key: keyOf(it), attr: 'name' })),
    ...items.signups.map((it) => ({ key: keyOf(it), attr: 'name' })),
    ...items.attendance.map((it) => ({ key: keyOf(it), attr: 'name' })),
    ...items.redemptions.map((it) => ({ key: keyOf(it), attr: 'userName' })),
  ];
}

/** Overwrites one copied name; an item deleted meanwhile (a sign-up withdrawn) is left alone. */
export async function overwriteName(copy: { key: Key; attr: string }, name: string): Promise<void> {
  try {
    await db().send(
      new UpdateCommand({
        TableName: tableName(),
        Key: copy.key,
        UpdateExpression: 'SET #n = :n',
        ConditionExpression: 'attribute_exists(pk)',
        ExpressionAttributeNames: { '#n': copy.attr },
        ExpressionAttributeValues: { ':n': name },
      }),
    );
  } catch (err) {
    if ((err as { name?: string }).name !== 'ConditionalCheckFailedException') throw err;
  }
}

/**
 * Closes a profile in one transaction: the phone item goes (the phone may sign up anew), and the profile
 * keeps its id, balance and counters (the ledger and every total still add up) but loses its name, phone,
 * roles and its place in the community's name index. Returns false when it was already closed.
 */
export async function closeProfile(userId: string, phone: string, name: string, at: string): Promise<boolean> {
  try {
    await transactWrite([
      ...(phone
        ? [
            {
              Delete: {
                TableName: tableName(),
                Key: phoneKey(phone),
                ConditionExpression: 'attribute_not_exists(pk) OR userId = :u',
                ExpressionAttributeValues: { ':u': userId },
              },
            },
          ]
        : []),
      {
        Update: {
          TableName: tableName(),
          Key: userKey(userId),
          UpdateExpression: 'SET #n = :n, closedAt = :at REMOVE phone, #roles, gpk, gsk',
          ConditionExpression: 'attribute_exists(pk) AND attribute_not_exists(closedAt)',
          ExpressionAttributeNames: { '#n': 'name', '#roles': 'roles' },
          ExpressionAttributeValues: { ':n': name, ':at': at },
        },
      },
    ]);
    return true;
  } catch (err) {
    if (err instanceof ConditionFailedError) return false;
    throw err;
  }
}
