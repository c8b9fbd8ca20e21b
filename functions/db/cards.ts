import { GetCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { cardKey, userCardsParent } from '../../shared/db/keys.js';
import { AppError } from '../../shared/errors.js';
import type { Card } from '../../shared/schemas/cards.js';
import { db, tableName } from './client.js';
import { decodeCursor, encodeCursor } from './cursor.js';
import { nowIso } from '../clock.js';
import { auditItem, type AuditRecord } from './audit.js';
import { ConditionFailedError } from './errors.js';
import { transactWrite } from './transact.js';

/** A card item as stored: the holder, and whether the binding still stands. */
export interface CardRecord extends Card {
  active: boolean;
}

export function toCardRecord(item: Record<string, unknown>): CardRecord {
  return {
    cardNo: item.cardNo as string,
    userId: item.userId as string,
    boundAt: item.boundAt as string,
    active: item.active === true,
  };
}

export async function getCard(cardNo: string): Promise<CardRecord | undefined> {
  const r = await db().send(new GetCommand({ TableName: tableName(), Key: cardKey(cardNo), ConsistentRead: true }));
  return r.Item ? toCardRecord(r.Item) : undefined;
}

/**
 * Binds a card to a person. A card that is free (never bound, or unbound) can be bound; binding it
 * again to its current holder changes nothing; a card bound to someone else is a 409 `conflict`.
 */
export async function bindCard(
  cardNo: string,
  userId: string,
  actorId: string,
  audit?: AuditRecord,
): Promise<CardRecord> {
  const boundAt = nowIso();
  try {
    await transactWrite({
      card: {
        Put: {
          TableName: tableName(),
          Item: {
            ...cardKey(cardNo),
            type: 'CARD',
            cardNo,
            userId,
            active: true,
            boundAt,
            boundBy: actorId,
            gpk: userCardsParent(userId),
            gsk: `CARD#${cardNo}`,
          },
          ConditionExpression: 'attribute_not_exists(pk) OR active = :f',
          ExpressionAttributeValues: { ':f': false },
        },
      },
      audit: audit && auditItem(audit, boundAt),
    });
    return { cardNo, userId, boundAt, active: true };
  } catch (err) {
    if (!(err instanceof ConditionFailedError && err.failedPart('card'))) throw err;
    const current = await getCard(cardNo);
    if (current?.active && current.userId === userId) return current;
    throw new AppError('conflict', 'This card is bound to someone else; unbind it first', [
      { path: 'cardNo', message: 'is bound to someone else' },
    ]);
  }
}

/**
 * Unbinds a card from `userId` (later scans of it are rejected) and takes it off the holder's list.
 * Returns false when it was not bound to that person any more (already unbound or rebound meanwhile).
 */
export async function unbindCard(
  cardNo: string,
  userId: string,
  actorId: string,
  audit?: AuditRecord,
): Promise<boolean> {
  const at = nowIso();
  try {
    await transactWrite({
      card: {
        Update: {
          TableName: tableName(),
          Key: cardKey(cardNo),
          UpdateExpression: 'SET active = :f, unboundAt = :at, unboundBy = :by REMOVE gpk, gsk',
          ConditionExpression: 'active = :t AND userId = :u',
          ExpressionAttributeValues: { ':f': false, ':t': true, ':u': userId, ':at': at, ':by': actorId },
        },
      },
      audit: audit && auditItem(audit, at),
    });
    return true;
  } catch (err) {
    if (err instanceof ConditionFailedError && err.failedPart('card')) return false;
    throw err;
  }
}

/** A person's bound cards (byParent), in card-number order. */
export async function listUserCards(
  userId: string,
  limit = 100,
  cursor?: string,
): Promise<{ items: Card[]; nextCursor: string | null }> {
  const r = await db().send(
    new QueryCommand({
      TableName: tableName(),
      IndexName: 'byParent',
      KeyConditionExpression: 'gpk = :p',
      ExpressionAttributeValues: { ':p': userCardsParent(userId) },
      Limit: limit,
      ExclusiveStartKey: await decodeCursor(cursor, userCardsParent(userId)),
    }),
  );
  return {
    items: (r.Items ?? []).map((it) => {
      const { cardNo, userId: holder, boundAt } = toCardRecord(it);
      return { cardNo, userId: holder, boundAt };
    }),
    nextCursor: await encodeCursor(r.LastEvaluatedKey, userCardsParent(userId)),
  };
}
