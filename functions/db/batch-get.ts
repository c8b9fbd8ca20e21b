import { sleep } from '../../shared/time.js';
import { BatchGetCommand } from '@aws-sdk/lib-dynamodb';
import type { Key } from '../../shared/db/keys.js';
import { db, tableName } from './client.js';
import { backoff } from './transact.js';

/** DynamoDB's limit of keys in one BatchGetItem. */
export const MAX_BATCH_GET_KEYS = 100;

/** The map key of an item in a batchGet answer. */
export const itemId = (k: Key): string => `${k.pk}\u0000${k.sk}`;

/** How to read: strongly consistent (the default; twice the read units) or not, and which attributes. */
export interface BatchGetOptions {
  consistent?: boolean;
  /** Attributes to read besides the key (pk, sk are always read: the answer is mapped by them). */
  attributes?: string[];
}

/**
 * Reads many items by key in as few calls as DynamoDB allows: duplicate keys are dropped, keys are
 * sent in chunks of 100 in parallel, and unprocessed keys are retried with backoff. Returns the
 * items found, by `itemId(key)`. The one BatchGetItem loop of the data layer.
 */
export async function batchGet(
  keys: Key[],
  opts: boolean | BatchGetOptions = true,
): Promise<Map<string, Record<string, unknown>>> {
  const { consistent = true, attributes } = typeof opts === 'boolean' ? { consistent: opts } : opts;
  const names = attributes ? ['pk', 'sk', ...new Set(attributes)] : undefined;
  const projection = names && {
    ProjectionExpression: names.map((_, i) => `#a${i}`).join(', '),
    ExpressionAttributeNames: Object.fromEntries(names.map((n, i) => [`#a${i}`, n])),
  };
  const unique = [...new Map(keys.map((k) => [itemId(k), { pk: k.pk, sk: k.sk }])).values()];
  const out = new Map<string, Record<string, unknown>>();
  const chunks: Key[][] = [];
  for (let i = 0; i < unique.length; i += MAX_BATCH_GET_KEYS) chunks.push(unique.slice(i, i + MAX_BATCH_GET_KEYS));
  await Promise.all(
    chunks.map(async (chunk) => {
      let pending: Record<string, unknown>[] = chunk as unknown as Record<string, unknown>[];
      for (let attempt = 0; pending.length > 0; attempt++) {
        const r = await db().send(
          new BatchGetCommand({
            RequestItems: { [tableName()]: { Keys: pending, ConsistentRead: consistent, ...projection } },
          }),
        );
        for (const it of r.Responses?.[tableName()] ?? []) out.set(itemId(it as unknown as Key), it);
        pending = (r.UnprocessedKeys?.[tableName()]?.Keys as Record<string, unknown>[] | undefined) ?? [];
        if (pending.length > 0) await sleep(backoff(attempt));
      }
    }),
  );
  return out;
}
