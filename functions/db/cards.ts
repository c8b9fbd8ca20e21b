import { GetCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { cardKey, userCardsParent, userKey } from '../../shared/db/keys.js';
import { AppError, notFound } from '../../shared/errors.js';
import type { Card } from '../../shared/schemas/cards.js';
import { db, tableName } from './client.js';
import { decodeCursor, encodeCursor } from './cursor.js';
import { nowIso } from '../clock.js';
import { auditItem, type AuditRecord } from './audit.js';
import { ConditionFailedError } from './errors.js';
import { transactWrite, type TxItem } from './transact.js';

/**
 * The holder's profile lists the cards bound to them (`cards`, a string set), changed in the SAME
 * transaction as the card item: so a card on the list is bound to that person, and a bin credit checks it
 * with a condition on the profile it writes anyway instead of an extra ConditionCheck of the card item
 * (2 write units a scan). Cards bound before the list existed are not on it and are checked on the card.
 */
const profileCards = (userId: string, op: 'ADD' | 'DELETE', cardNo: string): TxItem => ({
  Update: {
    TableName: tableName(),
    Key: userKey(userId),
    UpdateExpression: `${op} cards :c`,
    ConditionExpression: 'attribute_exists(pk)',
    ExpressionAttributeValues: { ':c': new Set([cardNo]) },
  },
});

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
      profile: profileCards(userId, 'ADD', cardNo),
      audit: audit && auditItem(audit, boundAt),
    });
    return { cardNo, userId, boundAt, active: true };
  } catch (err) {
    if (!(err instanceof ConditionFailedError)) throw err;
    if (!err.failedPart('card')) throw notFound('User');
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
  withProfile = true,
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
      // A holder whose profile is gone (never the case through the API) still gets the card unbound.
      profile: withProfile ? profileCards(userId, 'DELETE', cardNo) : undefined,
      audit: audit && auditItem(audit, at),
    });
    return true;
  } catch (err) {
    if (err instanceof ConditionFailedError && err.failedPart('card')) return false;
    if (err instanceof ConditionFailedError && err.failedPart('profile') && withProfile) {
      return unbindCard(cardNo, userId, actorId, audit, false);
    }
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
