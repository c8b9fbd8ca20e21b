import { DynamoDBClient, TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, GetCommand, TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, describe, expect, it } from 'vitest';
import { setDb } from '../../../functions/db/client.js';
import { moveBalance } from '../../../functions/db/ledger.js';

const doc = DynamoDBDocumentClient.from(new DynamoDBClient({ region: 'ap-east-1' }));
const mock = mockClient(doc);
setDb(doc);
afterEach(() => mock.reset());

const move = { userId: 'u1', delta: 3, reason: 'garbage' as const, ref: 'r', actor: 'bin:b' };
const versionOf = (input: { TransactItems?: { Update?: { ExpressionAttributeValues?: Record<string, unknown> } }[] }) =>
  input.TransactItems![0]!.Update!.ExpressionAttributeValues![':v'];

describe('moveBalance with a profile the caller already read', () => {
  it('skips its own read and conditions on the version it was given', async () => {
    mock.on(TransactWriteCommand).resolves({});
    const r = await moveBalance(move, [], { balance: 7, ver: 4, communityId: 'c1' });
    expect(r.balanceAfter).toBe(10);
    expect(mock.commandCalls(GetCommand)).toHaveLength(0);
    expect(versionOf(mock.commandCalls(TransactWriteCommand)[0]!.args[0].input)).toBe(4);
  });

  it('reads the profile again when the given version was stale', async () => {
    mock.on(GetCommand).resolves({ Item: { id: 'u1', balance: 9, ver: 5, communityId: 'c1' } });
    mock
      .on(TransactWriteCommand)
      .rejectsOnce(
        new TransactionCanceledException({
          message: 'cancelled',
          $metadata: {},
          CancellationReasons: [{ Code: 'ConditionalCheckFailed' }, { Code: 'None' }],
        }),
      )
      .resolves({});
    const r = await moveBalance(move, [], { balance: 7, ver: 4, communityId: 'c1' });
    expect(r.balanceAfter).toBe(12);
    expect(mock.commandCalls(GetCommand)).toHaveLength(1);
    const sent = mock.commandCalls(TransactWriteCommand).map((c) => versionOf(c.args[0].input));
    expect(sent).toEqual([4, 5]);
  });
});
