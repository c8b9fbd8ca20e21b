import { sleep } from '../../shared/time.js';
import { TransactWriteCommand, type TransactWriteCommandInput } from '@aws-sdk/lib-dynamodb';
import { RetryExhaustedError } from '../../shared/errors.js';
import { db } from './client.js';
import { ConditionFailedError, conditionFailure, isRetryable } from './errors.js';

export type TxItem = NonNullable<TransactWriteCommandInput['TransactItems']>[number];

/**
 * A transaction as named parts, in order: a part is one item, several, or absent. Its failures read
 * by name (`err.failedPart('stock')`), so adding an item never shifts what a failure means.
 */
export type TxParts = Record<string, TxItem | TxItem[] | undefined | false>;

/** The items of named parts in order, with the part name of each. */
export function partsItems(parts: TxParts): { items: TxItem[]; names: string[] } {
  const items: TxItem[] = [];
  const names: string[] = [];
  for (const [name, part] of Object.entries(parts)) {
    for (const it of !part ? [] : Array.isArray(part) ? part : [part]) {
      items.push(it);
      names.push(name);
    }
  }
  return { items, names };
}

/** DynamoDB's limit of items in one TransactWriteItems. */
export const MAX_TX_ITEMS = 100;

/** Exponential backoff with full jitter, in ms. */
export const backoff = (attempt: number): number => Math.random() * Math.min(1000, 20 * 2 ** attempt);

/**
 * Runs one all-or-nothing TransactWriteItems. Conflicts and throttling are retried with the same
 * ClientRequestToken, so a retry after a lost response is applied once. A failed condition is
 * thrown as ConditionFailedError for the caller to turn into a domain error (named, for named parts).
 */
export async function transactWrite(input: TxItem[] | TxParts, token?: string, attempts = 6): Promise<void> {
  if (!Array.isArray(input)) {
    const { items, names } = partsItems(input);
    try {
      return await transactWrite(items, token, attempts);
    } catch (err) {
      throw err instanceof ConditionFailedError ? err.named(names) : err;
    }
  }
  const items = input;
  if (items.length === 0) return;
  if (items.length > MAX_TX_ITEMS) throw new Error(`transaction of ${items.length} items exceeds ${MAX_TX_ITEMS}`);
  for (let attempt = 0; ; attempt++) {
    try {
      await db().send(new TransactWriteCommand({ TransactItems: items, ClientRequestToken: token }));
      return;
    } catch (err) {
      const failed = conditionFailure(err);
      if (failed) throw failed;
      if (!isRetryable(err)) throw err;
      if (attempt + 1 >= attempts) throw new RetryExhaustedError('the database stayed busy; try again', { cause: err });
      await sleep(backoff(attempt));
    }
  }
}
