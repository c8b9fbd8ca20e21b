import { QueryCommand, type QueryCommandInput } from '@aws-sdk/lib-dynamodb';
import { db } from './client.js';

/**
 * Every item of a Query, page after page (a page ends at 1 MB or `Limit`). For key ranges that are
 * small by design — one activity's attendance, one month's themes, one team's members — where the
 * caller needs all of them; a list a person pages through takes a cursor instead (see cursor.ts).
 */
export async function queryAll(
  input: Omit<QueryCommandInput, 'ExclusiveStartKey'>,
): Promise<Record<string, unknown>[]> {
  const out: Record<string, unknown>[] = [];
  let start: Record<string, unknown> | undefined;
  do {
    const r = await db().send(new QueryCommand({ ...input, ExclusiveStartKey: start }));
    out.push(...(r.Items ?? []));
    start = r.LastEvaluatedKey;
  } while (start);
  return out;
}
