import { CreateTableCommand } from '@aws-sdk/client-dynamodb';
import { PutCommand } from '@aws-sdk/lib-dynamodb';
import { describe, expect, it } from 'vitest';
import { createTableInput } from '../../../functions/db/bootstrap.js';
import { db, tableName } from '../../../functions/db/client.js';
import type { StreamRecordLike } from '../../../functions/db/projector/source.js';
import { StreamPoller } from '../../../functions/db/stream-poller.js';

/** A poller that records what it hands over (sequence number and key) and answers "all applied". */
function recording(table: string) {
  const seen: { seq: string; pk: string }[] = [];
  const poller = new StreamPoller(
    async (records: StreamRecordLike[]) => {
      for (const r of records) {
        const keys = r.dynamodb?.Keys as { pk?: { S?: string } } | undefined;
        seen.push({ seq: r.dynamodb!.SequenceNumber!, pk: keys?.pk?.S ?? '' });
      }
      return { batchItemFailures: [] };
    },
    { tableName: table },
  );
  return { poller, seen };
}

const put = (table: string, pk: string) => db().send(new PutCommand({ TableName: table, Item: { pk, sk: 'X' } }));

/**
 * The local stream poller (functions/db/stream-poller.ts) against DynamoDB Local itself, on the cases the
 * engine really produces.
 */
describe('StreamPoller on DynamoDB Local', () => {
  it("hands over a table's first records when its iterator was taken while the shard was empty", async () => {
    // DynamoDB Local numbers stream records across all its tables. An iterator taken on an empty shard sits at
    // the shard's start; once another table writes first, this table's first record lies past it and GetRecords
    // answers TrimmedDataAccessException — what test files running side by side on one engine hit.
    const table = `${tableName()}-first`;
    const other = `${tableName()}-other`;
    await db().send(new CreateTableCommand(createTableInput(table)));
    await db().send(new CreateTableCommand(createTableInput(other)));
    const { poller, seen } = recording(table);
    expect(await poller.drain()).toBe(0); // the iterator now waits at the empty shard's start
    await put(other, 'other-1');
    await put(other, 'other-2');
    await put(table, 'mine-1');
    await put(table, 'mine-2');
    expect(await poller.drain()).toBe(2);
    expect(seen.map((r) => r.pk)).toEqual(['mine-1', 'mine-2']);
    await put(table, 'mine-3');
    expect(await poller.drain()).toBe(1);
    expect(seen.map((r) => r.pk)).toEqual(['mine-1', 'mine-2', 'mine-3']);
  });

  it('drains nothing, without failing, while the table does not exist (nothing was written to it)', async () => {
    const table = `${tableName()}-later`;
    const { poller, seen } = recording(table);
    expect(await poller.drain()).toBe(0);
    // Created afterwards: the same poller finds its stream then.
    await db().send(new CreateTableCommand(createTableInput(table)));
    await put(table, 'late-1');
    expect(await poller.drain()).toBe(1);
    expect(seen.map((r) => r.pk)).toEqual(['late-1']);
  });

  it('says how to fix a table that was created without a stream', async () => {
    const table = `${tableName()}-nostream`;
    const { StreamSpecification: _none, ...input } = createTableInput(table);
    await db().send(new CreateTableCommand(input));
    await expect(recording(table).poller.drain()).rejects.toThrow(/has no stream: create it with StreamSpecification/);
  });
});
