import { QueryCommand, type QueryCommandInput } from '@aws-sdk/lib-dynamodb';
import { db } from './client.js';

/**
 * The pages of a Query, one at a time (a page ends at 1 MB or `Limit`), for a job that works through
 * a long key range page by page and may stop early (`break` ends the Query). The one read-every-page
 * loop of the data layer.
 */
export async function* queryPages(
  input: Omit<QueryCommandInput, 'ExclusiveStartKey'>,
): AsyncGenerator<Record<string, unknown>[]> {
  let start: Record<string, unknown> | undefined;
  do {
    const r = await db().send(new QueryCommand({ ...input, ExclusiveStartKey: start }));
    yield r.Items ?? [];
    start = r.LastEvaluatedKey;
  } while (start);
}

/**
 * Every item of a Query, all pages. For key ranges that are small by design — one activity's
 * attendance, one month's themes, one team's members — where the caller needs all of them; a list a
 * person pages through takes a cursor instead (see cursor.ts).
 */
export async function queryAll(
  input: Omit<QueryCommandInput, 'ExclusiveStartKey'>,
): Promise<Record<string, unknown>[]> {
  const out: Record<string, unknown>[] = [];
  for await (const page of queryPages(input)) out.push(...page);
  return out;
}
