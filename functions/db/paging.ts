import { QueryCommand, type QueryCommandInput } from '@aws-sdk/lib-dynamodb';
import { db } from './client.js';
import { decodeCursor, encodeCursor } from './cursor.js';

/** The list a cursor belongs to: the index and the partition value of the key condition. */
function listOf(input: Omit<QueryCommandInput, 'ExclusiveStartKey' | 'Limit'>): string {
  const name = /^\s*(\w+)\s*=\s*(:\w+)/.exec(input.KeyConditionExpression ?? '')?.[2];
  return `${input.IndexName ?? 'table'}|${String(name ? input.ExpressionAttributeValues?.[name] : '')}`;
}

/**
 * One page of a Query whose items are then filtered in code: reads on until `limit` items match or
 * the key range ends, and returns a cursor that resumes right after the last item returned.
 * `keyAttrs` are the table key plus the index key of the Query (what ExclusiveStartKey needs).
 */
export async function queryFiltered(
  input: Omit<QueryCommandInput, 'ExclusiveStartKey' | 'Limit'>,
  keep: (item: Record<string, unknown>) => boolean,
  limit: number,
  cursor: string | undefined,
  keyAttrs: string[],
): Promise<{ items: Record<string, unknown>[]; nextCursor: string | null }> {
  const items: Record<string, unknown>[] = [];
  const list = listOf(input);
  let start = await decodeCursor(cursor, list);
  for (;;) {
    const r = await db().send(new QueryCommand({ ...input, ExclusiveStartKey: start, Limit: Math.max(limit, 50) }));
    const page = r.Items ?? [];
    for (let i = 0; i < page.length; i++) {
      const it = page[i]!;
      if (!keep(it)) continue;
      items.push(it);
      if (items.length === limit) {
        const more = i < page.length - 1 || r.LastEvaluatedKey !== undefined;
        const key = Object.fromEntries(keyAttrs.map((k) => [k, it[k]]));
        return { items, nextCursor: more ? await encodeCursor(key, list) : null };
      }
    }
    start = r.LastEvaluatedKey;
    if (!start) return { items, nextCursor: null };
  }
}
