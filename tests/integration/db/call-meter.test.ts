import { BatchGetCommand, GetCommand, PutCommand, QueryCommand, TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import { describe, expect, it } from 'vitest';
import { callShape, meterCalls, shapesPerRequest } from '../../../functions/db/call-meter.js';
import { db, tableName } from '../../../functions/db/client.js';
import { useTable } from '../../fixtures/api.js';

useTable();

const item = (sk: string) => ({ pk: 'METER#t', sk, type: 'TEST' });

describe('meterCalls', () => {
  it('counts each call once with the items it names and the items it read back', async () => {
    const meter = meterCalls(db());
    try {
      await db().send(
        new TransactWriteCommand({
          TransactItems: ['a', 'b'].map((sk) => ({ Put: { TableName: tableName(), Item: item(sk) } })),
        }),
      );
      await db().send(new GetCommand({ TableName: tableName(), Key: { pk: 'METER#t', sk: 'a' } }));
      await db().send(new GetCommand({ TableName: tableName(), Key: { pk: 'METER#t', sk: 'missing' } }));
      await db().send(
        new QueryCommand({
          TableName: tableName(),
          KeyConditionExpression: 'pk = :p',
          ExpressionAttributeValues: { ':p': 'METER#t' },
        }),
      );
      await db().send(
        new BatchGetCommand({
          RequestItems: { [tableName()]: { Keys: ['a', 'b', 'c'].map((sk) => ({ pk: 'METER#t', sk })) } },
        }),
      );
      // A refused write is still a call.
      await expect(
        db().send(
          new PutCommand({ TableName: tableName(), Item: item('a'), ConditionExpression: 'attribute_not_exists(pk)' }),
        ),
      ).rejects.toThrow();

      expect(meter.calls()).toEqual([
        { op: 'TransactWriteItems', items: 2, read: 0 },
        { op: 'GetItem', items: 1, read: 1 },
        { op: 'GetItem', items: 1, read: 0 },
        { op: 'Query', items: 1, read: 2 },
        { op: 'BatchGetItem', items: 3, read: 2 },
        { op: 'PutItem', items: 1, read: 0 },
      ]);
      expect(meter.calls().map(callShape)).toEqual([
        'TransactWriteItems×2',
        'GetItem',
        'GetItem',
        'Query',
        'BatchGetItem×3',
        'PutItem',
      ]);
      expect(shapesPerRequest(meter.calls(), 2)).toEqual({
        'BatchGetItem×3': 0.5,
        GetItem: 1,
        PutItem: 0.5,
        Query: 0.5,
        'TransactWriteItems×2': 0.5,
      });

      meter.reset();
      expect(meter.calls()).toEqual([]);
    } finally {
      meter.stop();
    }
    // Stopped: the client is as before, nothing more is counted.
    await db().send(new GetCommand({ TableName: tableName(), Key: { pk: 'METER#t', sk: 'a' } }));
    expect(meter.calls()).toEqual([]);
  });

  it('keeps two meters on one client apart from each other', async () => {
    const a = meterCalls(db());
    const b = meterCalls(db());
    await db().send(new GetCommand({ TableName: tableName(), Key: { pk: 'METER#t', sk: 'a' } }));
    a.stop();
    await db().send(new GetCommand({ TableName: tableName(), Key: { pk: 'METER#t', sk: 'a' } }));
    b.stop();
    expect(a.calls()).toHaveLength(1);
    expect(b.calls()).toHaveLength(2);
  });
});
