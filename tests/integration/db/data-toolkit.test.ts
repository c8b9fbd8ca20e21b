import { describe, expect, it } from 'vitest';
import { batchGet, itemId } from '../../../functions/db/batch-get.js';
import { tableName } from '../../../functions/db/client.js';
import { queryAll, queryPages } from '../../../functions/db/query-all.js';
import { transactWrite } from '../../../functions/db/transact.js';
import { useTable } from '../../fixtures/api.js';

useTable();

const put = (pk: string, sk: string, extra: Record<string, unknown> = {}) => ({
  Put: { TableName: tableName(), Item: { pk, sk, ...extra } },
});

describe('queryAll', () => {
  it('reads every page of a key range, in key order', async () => {
    await transactWrite(Array.from({ length: 7 }, (_, i) => put('TOOLKIT#q', `ITEM#${i}`, { n: i })));
    await transactWrite([put('TOOLKIT#q', 'OTHER#0'), put('TOOLKIT#other', 'ITEM#9')]);
    const all = await queryAll({
      TableName: tableName(),
      KeyConditionExpression: 'pk = :pk AND begins_with(sk, :p)',
      ExpressionAttributeValues: { ':pk': 'TOOLKIT#q', ':p': 'ITEM#' },
      Limit: 2, // four pages
      ConsistentRead: true,
    });
    expect(all.map((it) => it.n)).toEqual([0, 1, 2, 3, 4, 5, 6]);
  });
});

describe('queryPages', () => {
  it('yields a key range page by page and stops reading when the caller stops', async () => {
    await transactWrite(Array.from({ length: 5 }, (_, i) => put('TOOLKIT#pages', `ITEM#${i}`, { n: i })));
    const input = {
      TableName: tableName(),
      KeyConditionExpression: 'pk = :pk',
      ExpressionAttributeValues: { ':pk': 'TOOLKIT#pages' },
      Limit: 2,
      ConsistentRead: true,
    };
    const pages: unknown[][] = [];
    for await (const page of queryPages(input)) pages.push(page.map((it) => it.n));
    expect(pages).toEqual([[0, 1], [2, 3], [4]]);
    const firstOnly: unknown[][] = [];
    for await (const page of queryPages(input)) {
      firstOnly.push(page.map((it) => it.n));
      break;
    }
    expect(firstOnly).toEqual([[0, 1]]);
  });
});

describe('batchGet', () => {
  it('reads 250 keys (three calls of at most 100), drops duplicates and answers by key', async () => {
    const keys = Array.from({ length: 250 }, (_, i) => ({ pk: 'TOOLKIT#b', sk: `ITEM#${String(i).padStart(3, '0')}` }));
    for (let i = 0; i < keys.length; i += 100) {
      await transactWrite(keys.slice(i, i + 100).map((k, j) => put(k.pk, k.sk, { n: i + j, secret: 'x' })));
    }
    const found = await batchGet([...keys, keys[0]!, { pk: 'TOOLKIT#b', sk: 'MISSING' }]);
    expect(found.size).toBe(250);
    expect(found.get(itemId(keys[123]!))).toMatchObject({ n: 123, secret: 'x' });
  });

  it('reads only the attributes asked for, besides the key', async () => {
    await transactWrite([put('TOOLKIT#p', 'A', { name: '王', status: 'x', secret: 's' })]);
    const found = await batchGet([{ pk: 'TOOLKIT#p', sk: 'A' }], { consistent: false, attributes: ['name', 'status'] });
    // `name` and `status` are reserved words: the projection names them through placeholders.
    expect(found.get(itemId({ pk: 'TOOLKIT#p', sk: 'A' }))).toEqual({
      pk: 'TOOLKIT#p',
      sk: 'A',
      name: '王',
      status: 'x',
    });
  });
});
