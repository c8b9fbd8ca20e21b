import { BatchGetCommand } from '@aws-sdk/lib-dynamodb';
import { userKey } from '../../shared/db/keys.js';
import { db, tableName } from './client.js';
import { backoff } from './transact.js';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Name and community of many people: BatchGetItem, 100 keys per call. */
export async function getUserSummaries(
  ids: string[],
): Promise<Map<string, { id: string; name: string; communityId: string | null }>> {
  const out = new Map<string, { id: string; name: string; communityId: string | null }>();
  const unique = [...new Set(ids)];
  for (let i = 0; i < unique.length; i += 100) {
    let keys: Record<string, unknown>[] = unique.slice(i, i + 100).map((id) => ({ ...userKey(id) }));
    for (let attempt = 0; keys.length > 0; attempt++) {
      const r = await db().send(
        new BatchGetCommand({
          RequestItems: {
            [tableName()]: {
              Keys: keys,
              ProjectionExpression: 'id, #n, communityId',
              ExpressionAttributeNames: { '#n': 'name' },
            },
          },
        }),
      );
      for (const it of r.Responses?.[tableName()] ?? []) {
        out.set(it.id as string, {
          id: it.id as string,
          name: (it.name as string) ?? '',
          communityId: (it.communityId as string | undefined) ?? null,
        });
      }
      keys = (r.UnprocessedKeys?.[tableName()]?.Keys as Record<string, unknown>[] | undefined) ?? [];
      if (keys.length > 0) await sleep(backoff(attempt));
    }
  }
  return out;
}
