import { DeleteCommand, GetCommand, PutCommand, QueryCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { otpKey, otpRateKey, outboxKey, outboxPartition } from '../../shared/db/keys.js';
import { epochSeconds } from '../../shared/time.js';
import { db, tableName } from './client.js';
import { now as clockNow } from '../clock.js';

export interface StoredOtp {
  codeHash: string;
  expiresAtMs: number;
  tries: number;
}

/** Replaces the phone's pending code (only a hash is stored). DynamoDB TTL removes it later. */
export async function putOtp(phone: string, codeHash: string, expiresAtMs: number): Promise<void> {
  await db().send(
    new PutCommand({
      TableName: tableName(),
      Item: { ...otpKey(phone), type: 'OTP', codeHash, expiresAtMs, tries: 0, ttl: epochSeconds(expiresAtMs) + 3600 },
    }),
  );
}

export async function getOtp(phone: string): Promise<StoredOtp | undefined> {
  const r = await db().send(new GetCommand({ TableName: tableName(), Key: otpKey(phone), ConsistentRead: true }));
  if (!r.Item) return undefined;
  return {
    codeHash: r.Item.codeHash as string,
    expiresAtMs: r.Item.expiresAtMs as number,
    tries: r.Item.tries as number,
  };
}

/**
 * Takes one of the code's tries BEFORE the code is compared: a single conditional UpdateItem that
 * increments `tries` only while it is below `max` and the code has not expired. Returns the code's hash
 * for this try, 'void' when its tries are used up, or undefined when there is no code or it expired. Because the
 * check and the count are one atomic write, a burst of concurrent guesses gets at most `max`
 * comparisons between them (a read-then-count let the right code slip in while wrong ones were counted).
 */
export async function takeOtpTry(phone: string, max: number, nowMs: number): Promise<string | 'void' | undefined> {
  try {
    const r = await db().send(
      new UpdateCommand({
        TableName: tableName(),
        Key: otpKey(phone),
        UpdateExpression: 'ADD tries :one',
        ConditionExpression: 'attribute_exists(pk) AND tries < :max AND expiresAtMs > :now',
        ExpressionAttributeValues: { ':one': 1, ':max': max, ':now': nowMs },
        ReturnValues: 'ALL_NEW',
        ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
      }),
    );
    return r.Attributes?.codeHash as string;
  } catch (err) {
    if ((err as { name?: string }).name !== 'ConditionalCheckFailedException') throw err;
    const old = (err as { Item?: Record<string, { N?: string }> }).Item;
    const used = Number(old?.tries?.N ?? 0) >= max;
    const live = Number(old?.expiresAtMs?.N ?? 0) > nowMs;
    return old && used && live ? 'void' : undefined;
  }
}

/** Uses up the code: deleting it succeeds once, so one code signs in once. */
export async function consumeOtp(phone: string, codeHash: string): Promise<boolean> {
  try {
    await db().send(
      new DeleteCommand({
        TableName: tableName(),
        Key: otpKey(phone),
        ConditionExpression: 'codeHash = :h',
        ExpressionAttributeValues: { ':h': codeHash },
      }),
    );
    return true;
  } catch (err) {
    if ((err as { name?: string }).name === 'ConditionalCheckFailedException') return false;
    throw err;
  }
}

/**
 * A sliding-window rate limit held in DynamoDB, so it holds across Lambda instances: the item keeps
 * the send times of the window; a conditional write on its version makes two racing sends count twice.
 * `client` selects the per-client-address window of the phone (else the phone's window over all
 * addresses). Returns 0 when a slot was taken, else the milliseconds until the oldest send leaves the window.
 */
export async function takeOtpSlot(
  phone: string,
  max: number,
  windowMs: number,
  nowMs: number,
  client?: string,
): Promise<number> {
  const key = otpRateKey(phone, client);
  for (let attempt = 0; attempt < 10; attempt++) {
    const r = await db().send(new GetCommand({ TableName: tableName(), Key: key, ConsistentRead: true }));
    const sends = ((r.Item?.sends as number[] | undefined) ?? []).filter((t) => t > nowMs - windowMs);
    if (sends.length >= max) return Math.max(1000, Math.min(...sends) + windowMs - nowMs);
    const ver = (r.Item?.ver as number | undefined) ?? 0;
    try {
      await db().send(
        new PutCommand({
          TableName: tableName(),
          Item: {
            ...key,
            type: 'RATE',
            sends: [...sends, nowMs],
            ver: ver + 1,
            ttl: epochSeconds(nowMs + windowMs) + 60,
          },
          ConditionExpression: r.Item ? 'ver = :v' : 'attribute_not_exists(pk)',
          ExpressionAttributeValues: r.Item ? { ':v': ver } : undefined,
        }),
      );
      return 0;
    } catch (err) {
      if ((err as { name?: string }).name !== 'ConditionalCheckFailedException') throw err;
    }
  }
  return 1000;
}

export interface OutboxMessage {
  phone: string;
  code: string;
  text: string;
  sentAt: string;
}

/** Local SMS outbox: what would have been texted. Kept a day. */
export async function putOutbox(id: string, msg: OutboxMessage): Promise<void> {
  await db().send(
    new PutCommand({
      TableName: tableName(),
      Item: { ...outboxKey(msg.phone, id), type: 'OUTBOX', ...msg, ttl: epochSeconds(clockNow()) + 86_400 },
    }),
  );
}

export async function listOutbox(phone: string, limit = 20): Promise<OutboxMessage[]> {
  const r = await db().send(
    new QueryCommand({
      TableName: tableName(),
      KeyConditionExpression: 'pk = :pk',
      ExpressionAttributeValues: { ':pk': outboxPartition(phone) },
      ScanIndexForward: false,
      Limit: limit,
    }),
  );
  return (r.Items ?? []).map((i) => ({
    phone: i.phone as string,
    code: i.code as string,
    text: i.text as string,
    sentAt: i.sentAt as string,
  }));
}
