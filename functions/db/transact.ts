import { sleep } from '../../shared/time.js';
import { TransactWriteCommand, type TransactWriteCommandInput } from '@aws-sdk/lib-dynamodb';
import { RetryExhaustedError } from '../../shared/errors.js';
import { db } from './client.js';
import { conditionFailure, isRetryable } from './errors.js';

export type TxItem = NonNullable<TransactWriteCommandInput['TransactItems']>[number];

/** DynamoDB's limit of items in one TransactWriteItems. */
export const MAX_TX_ITEMS = 100;

/** Exponential backoff with full jitter, in ms. */
export const backoff = (attempt: number): number => Math.random() * Math.min(1000, 20 * 2 ** attempt);

/**
 * Runs one all-or-nothing TransactWriteItems. Conflicts and throttling are retried with the same
 * ClientRequestToken, so a retry after a lost response is applied once. A failed condition is
 * thrown as ConditionFailedError for the caller to turn into a domain error.
 */
export async function transactWrite(items: TxItem[], token?: string, attempts = 6): Promise<void> {
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
