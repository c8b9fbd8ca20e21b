import { GetCommand, PutCommand, QueryCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import {
  inboxPartition,
  noticeGuardKey,
  noticeKey,
  noticePrefix,
  preferencesKey,
  smsDuePartition,
  smsDueSort,
  smsShard,
  unreadKey,
} from '../../shared/db/keys.js';
import type { NoticeKind, NoticeLanguage } from '../../shared/schemas/notifications.js';
import { db, tableName } from './client.js';
import { queryAll, queryPages } from './query-all.js';
import { decodeCursor, encodeCursor } from './cursor.js';
import { ConditionFailedError } from './errors.js';
import { transactWrite, type TxParts } from './transact.js';

/** Values a notice's title and body are filled with (rendered in the reader's language when read). */
export type NoticeVars = Record<string, string | number>;

export interface StoredNotice {
  id: string;
  userId: string;
  kind: NoticeKind;
  subject: string;
  ref: string;
  vars: NoticeVars;
  createdAt: string;
  readAt: string | null;
  /** The phone a text goes to, while one is due (quiet hours, or not yet sent). */
  smsPhone: string | null;
  smsDueAt: string | null;
  smsSentAt: string | null;
}

export interface NewNotice {
  id: string;
  userId: string;
  kind: NoticeKind;
  subject: string;
  ref: string;
  vars: NoticeVars;
  createdAt: string;
  /** Set when the person takes this kind by SMS: the text is due then (now, or 08:00 after quiet hours). */
  sms?: { phone: string; dueAt: string };
}

function toNotice(it: Record<string, unknown>): StoredNotice {
  return {
    id: it.id as string,
    userId: it.userId as string,
    kind: it.kind as NoticeKind,
    subject: it.subject as string,
    ref: it.ref as string,
    vars: (it.vars as NoticeVars | undefined) ?? {},
    createdAt: it.createdAt as string,
    readAt: (it.readAt as string | undefined) ?? null,
    smsPhone: (it.smsPhone as string | undefined) ?? null,
    smsDueAt: (it.smsDueAt as string | undefined) ?? null,
    smsSentAt: (it.smsSentAt as string | undefined) ?? null,
  };
}

/**
 * Adds a notice to the inbox exactly once per (person, kind, subject): ONE transaction puts the guard
 * (`attribute_not_exists`), the notice and +1 on the unread counter. Returns false when the guard exists —
 * a repeated job, a retried delivery or a racing twin already sent it — and then nothing was written.
 */
export async function putNotice(n: NewNotice): Promise<boolean> {
  try {
    await transactWrite(noticeParts(n));
    return true;
  } catch (err) {
    if (err instanceof ConditionFailedError && err.failedPart('guard')) return false;
    throw err;
  }
}

/**
 * The transaction parts of a notice (the exactly-once `guard`, the `notice`, the `unread` counter), for a
 * write that must carry its notice with it — e.g. the refund of a lapsed reservation, so the person is
 * told exactly when the points come back.
 */
export function noticeParts(n: NewNotice): TxParts {
  const pending = n.sms
    ? {
        smsPhone: n.sms.phone,
        smsDueAt: n.sms.dueAt,
        dpk: smsDuePartition(smsShard(n.id)),
        dsk: smsDueSort(n.sms.dueAt, n.id),
      }
    : {};
  return {
    guard: {
      Put: {
        TableName: tableName(),
        Item: { ...noticeGuardKey(n.userId, n.kind, n.subject), type: 'NOTICE_GUARD', noticeId: n.id },
        ConditionExpression: 'attribute_not_exists(pk)',
      },
    },
    notice: {
      Put: {
        TableName: tableName(),
        Item: {
          ...noticeKey(n.userId, n.id),
          type: 'NOTICE',
          id: n.id,
          userId: n.userId,
          kind: n.kind,
          subject: n.subject,
          ref: n.ref,
          vars: n.vars,
          createdAt: n.createdAt,
          ...pending,
        },
        ConditionExpression: 'attribute_not_exists(pk)',
      },
    },
    unread: {
      Update: {
        TableName: tableName(),
        Key: unreadKey(n.userId),
        UpdateExpression: 'ADD unread :one SET #type = :t',
        ExpressionAttributeNames: { '#type': 'type' },
        ExpressionAttributeValues: { ':one': 1, ':t': 'UNREAD' },
      },
    },
  };
}

/** Whether a notice of (kind, subject) was already sent to the person. */
export async function noticeSent(userId: string, kind: NoticeKind, subject: string): Promise<boolean> {
  const r = await db().send(new GetCommand({ TableName: tableName(), Key: noticeGuardKey(userId, kind, subject) }));
  return r.Item !== undefined;
}

export async function getNotice(userId: string, noticeId: string): Promise<StoredNotice | undefined> {
  const r = await db().send(
    new GetCommand({ TableName: tableName(), Key: noticeKey(userId, noticeId), ConsistentRead: true }),
  );
  return r.Item ? toNotice(r.Item) : undefined;
}

/** A page of the inbox, newest first. */
export async function listNotices(
  userId: string,
  limit: number,
  cursor: string | undefined,
): Promise<{ items: StoredNotice[]; nextCursor: string | null }> {
  const r = await db().send(
    new QueryCommand({
      TableName: tableName(),
      KeyConditionExpression: 'pk = :pk AND begins_with(sk, :p)',
      ExpressionAttributeValues: { ':pk': inboxPartition(userId), ':p': noticePrefix },
      ScanIndexForward: false,
      Limit: limit,
      ExclusiveStartKey: await decodeCursor(cursor, inboxPartition(userId)),
    }),
  );
  return {
    items: (r.Items ?? []).map(toNotice),
    nextCursor: await encodeCursor(r.LastEvaluatedKey, inboxPartition(userId)),
  };
}

export async function unreadCount(userId: string): Promise<number> {
  const r = await db().send(new GetCommand({ TableName: tableName(), Key: unreadKey(userId), ConsistentRead: true }));
  return Math.max(0, (r.Item?.unread as number | undefined) ?? 0);
}

/** Marks one notice read and lowers the counter, once: a notice already read (or absent) changes nothing. */
export async function markRead(userId: string, noticeId: string, at: string): Promise<boolean> {
  try {
    await transactWrite([
      {
        Update: {
          TableName: tableName(),
          Key: noticeKey(userId, noticeId),
          UpdateExpression: 'SET readAt = :at',
          ConditionExpression: 'attribute_exists(pk) AND attribute_not_exists(readAt)',
          ExpressionAttributeValues: { ':at': at },
        },
      },
      {
        Update: {
          TableName: tableName(),
          Key: unreadKey(userId),
          UpdateExpression: 'ADD unread :minus',
          ExpressionAttributeValues: { ':minus': -1 },
        },
      },
    ]);
    return true;
  } catch (err) {
    if (err instanceof ConditionFailedError) return false;
    throw err;
  }
}

/** Ids of the unread notices of an inbox (one Query of the person's own partition, filtered). */
export async function unreadIds(userId: string): Promise<string[]> {
  const ids: string[] = [];
  const all = await queryAll({
    TableName: tableName(),
    KeyConditionExpression: 'pk = :pk AND begins_with(sk, :p)',
    FilterExpression: 'attribute_not_exists(readAt)',
    ProjectionExpression: 'id',
    ExpressionAttributeValues: { ':pk': inboxPartition(userId), ':p': noticePrefix },
  });
  for (const it of all) ids.push(it.id as string);
  return ids;
}

/**
 * Takes a due text for sending: removes it from the byDue queue and stamps `smsSentAt`, conditional on it
 * still being queued. Exactly one caller wins; the loser gets undefined and sends nothing. Claiming BEFORE
 * sending means a crash in between loses that text rather than sending it twice.
 */
export async function claimSms(userId: string, noticeId: string, at: string): Promise<StoredNotice | undefined> {
  try {
    const r = await db().send(
      new UpdateCommand({
        TableName: tableName(),
        Key: noticeKey(userId, noticeId),
        UpdateExpression: 'REMOVE dpk, dsk SET smsSentAt = :at',
        ConditionExpression: 'attribute_exists(dpk)',
        ExpressionAttributeValues: { ':at': at },
        ReturnValues: 'ALL_NEW',
      }),
    );
    return toNotice(r.Attributes!);
  } catch (err) {
    if ((err as { name?: string }).name === 'ConditionalCheckFailedException') return undefined;
    throw err;
  }
}

/** Puts a claimed text back in the queue, when the send itself failed (the gateway said no). */
export async function requeueSms(userId: string, noticeId: string, dueAt: string): Promise<void> {
  await db().send(
    new UpdateCommand({
      TableName: tableName(),
      Key: noticeKey(userId, noticeId),
      UpdateExpression: 'SET dpk = :dpk, dsk = :dsk, smsDueAt = :due REMOVE smsSentAt',
      ConditionExpression: 'attribute_exists(pk)',
      ExpressionAttributeValues: {
        ':dpk': smsDuePartition(smsShard(noticeId)),
        ':dsk': smsDueSort(dueAt, noticeId),
        ':due': dueAt,
      },
    }),
  );
}

/** Texts of one queue shard due at or before `at`, oldest first, a page at a time. */
export async function* dueSms(
  shard: number,
  at: string,
  pageSize: number,
): AsyncGenerator<{ userId: string; id: string }[]> {
  const pages = queryPages({
    TableName: tableName(),
    IndexName: 'byDue',
    KeyConditionExpression: 'dpk = :p AND dsk <= :at',
    ExpressionAttributeValues: { ':p': smsDuePartition(shard), ':at': `${at}~` },
    Limit: pageSize,
  });
  for await (const page of pages) yield page.map((it) => ({ userId: it.userId as string, id: it.id as string }));
}

export interface StoredPreferences {
  language: NoticeLanguage;
  sms: NoticeKind[];
}

/** The saved preferences, or undefined when the person never chose (the caller applies the defaults). */
export async function getPreferences(userId: string): Promise<StoredPreferences | undefined> {
  const r = await db().send(new GetCommand({ TableName: tableName(), Key: preferencesKey(userId) }));
  if (!r.Item) return undefined;
  return { language: r.Item.language as NoticeLanguage, sms: (r.Item.sms as NoticeKind[] | undefined) ?? [] };
}

export async function putPreferences(userId: string, p: StoredPreferences, at: string): Promise<void> {
  await db().send(
    new PutCommand({
      TableName: tableName(),
      Item: { ...preferencesKey(userId), type: 'PREFS', language: p.language, sms: p.sms, updatedAt: at },
    }),
  );
}
