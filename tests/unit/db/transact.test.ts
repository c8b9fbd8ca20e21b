import { DynamoDBDocumentClient, GetCommand, TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import { DynamoDBClient, TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, describe, expect, it } from 'vitest';
import { setDb } from '../../../functions/db/client.js';
import { moveBalance } from '../../../functions/db/ledger.js';
import { transactWrite } from '../../../functions/db/transact.js';
import { RetryExhaustedError } from '../../../shared/errors.js';
import { ConditionFailedError } from '../../../functions/db/errors.js';

const doc = DynamoDBDocumentClient.from(new DynamoDBClient({ region: 'ap-east-1' }));
const mock = mockClient(doc);
setDb(doc);

const conflict = () =>
  new TransactionCanceledException({
    message: 'Transaction cancelled',
    $metadata: {},
    CancellationReasons: [{ Code: 'TransactionConflict' }, { Code: 'None' }],
  });
const throttled = () => Object.assign(new Error('Rate exceeded'), { name: 'ThrottlingException' });

afterEach(() => mock.reset());

describe('transactWrite', () => {
  it('retries conflicts and throttling with the same ClientRequestToken, then succeeds once', async () => {
    mock.on(TransactWriteCommand).rejectsOnce(conflict()).rejectsOnce(throttled()).resolves({});
    await transactWrite(
      [{ ConditionCheck: { TableName: 't', Key: { pk: 'a', sk: 'b' }, ConditionExpression: 'x' } }],
      'tok-1',
    );
    const calls = mock.commandCalls(TransactWriteCommand);
    expect(calls).toHaveLength(3);
    expect(new Set(calls.map((c) => c.args[0].input.ClientRequestToken))).toEqual(new Set(['tok-1']));
  });

  it('gives up with RetryExhaustedError when the conflict persists', async () => {
    mock.on(TransactWriteCommand).rejects(conflict());
    await expect(
      transactWrite(
        [{ ConditionCheck: { TableName: 't', Key: { pk: 'a', sk: 'b' }, ConditionExpression: 'x' } }],
        't',
        3,
      ),
    ).rejects.toBeInstanceOf(RetryExhaustedError);
    expect(mock.commandCalls(TransactWriteCommand)).toHaveLength(3);
  });
});

describe('moveBalance under injected conflicts', () => {
  it('writes one transaction that lands once after conflicts (no second credit)', async () => {
    mock.on(GetCommand).resolves({ Item: { id: 'u1', balance: 10, ver: 3 } });
    mock.on(TransactWriteCommand).rejectsOnce(conflict()).rejectsOnce(conflict()).resolves({});
    const r = await moveBalance({ userId: 'u1', delta: 5, reason: 'garbage', ref: 'r', actor: 'a' });
    expect(r.balanceAfter).toBe(15);
    const calls = mock.commandCalls(TransactWriteCommand);
    // The retries are the same request (same token, same items): DynamoDB applies it once.
    expect(new Set(calls.map((c) => c.args[0].input.ClientRequestToken)).size).toBe(1);
    expect(new Set(calls.map((c) => JSON.stringify(c.args[0].input.TransactItems))).size).toBe(1);
    expect(mock.commandCalls(GetCommand)).toHaveLength(1);
  });

  const cancelled = (reasons: { Code: string; Item?: Record<string, { S: string }> }[]) =>
    new TransactionCanceledException({ message: 'Transaction cancelled', $metadata: {}, CancellationReasons: reasons });
  const mine = { ConditionCheck: { TableName: 't', Key: { pk: 'm', sk: 'm' }, ConditionExpression: 'c' } };

  it("hands the caller its own part's failure by name, with the part's old item, and does not retry", async () => {
    mock.on(GetCommand).resolves({ Item: { id: 'u1', balance: 10, ver: 3 } });
    // Balance, ledger entry, then the caller's part.
    mock
      .on(TransactWriteCommand)
      .rejects(
        cancelled([
          { Code: 'None' },
          { Code: 'None' },
          { Code: 'ConditionalCheckFailed', Item: { status: { S: 'fulfilled' } } },
        ]),
      );
    const err = await moveBalance({ userId: 'u1', delta: 5, reason: 'refund', ref: 'r', actor: 'a' }, { mine }).catch(
      (e: unknown) => e,
    );
    expect(err).toBeInstanceOf(ConditionFailedError);
    expect((err as ConditionFailedError).failedPart('mine')).toBe(true);
    expect((err as ConditionFailedError).oldItem('mine')).toEqual({ status: 'fulfilled' });
    expect((err as ConditionFailedError).failedPart('ledgerCore')).toBe(false);
    expect(mock.commandCalls(TransactWriteCommand)).toHaveLength(1);
  });

  it('re-reads and retries when only its own balance condition failed (someone moved it first)', async () => {
    mock.on(GetCommand).resolves({ Item: { id: 'u1', balance: 10, ver: 3 } });
    mock
      .on(TransactWriteCommand)
      .rejectsOnce(cancelled([{ Code: 'ConditionalCheckFailed' }, { Code: 'None' }, { Code: 'None' }]))
      .resolves({});
    await moveBalance({ userId: 'u1', delta: 5, reason: 'refund', ref: 'r', actor: 'a' }, { mine });
    expect(mock.commandCalls(TransactWriteCommand)).toHaveLength(2);
    expect(mock.commandCalls(GetCommand)).toHaveLength(2);
  });
});

describe('transactWrite of named parts', () => {
  const check = (pk: string) => ({
    ConditionCheck: { TableName: 't', Key: { pk, sk: 'x' }, ConditionExpression: 'c' },
  });

  it('writes the parts in order, skips absent ones, and names the part whose condition failed', async () => {
    mock.on(TransactWriteCommand).rejects(
      new TransactionCanceledException({
        message: 'Transaction cancelled',
        $metadata: {},
        CancellationReasons: [{ Code: 'None' }, { Code: 'None' }, { Code: 'ConditionalCheckFailed' }],
      }),
    );
    const err = await transactWrite({ first: check('a'), absent: false, many: [check('b'), check('c')] }).catch(
      (e: unknown) => e,
    );
    const sent = mock.commandCalls(TransactWriteCommand)[0]!.args[0].input.TransactItems!;
    expect(sent.map((t) => t.ConditionCheck!.Key!.pk)).toEqual(['a', 'b', 'c']);
    expect(err).toBeInstanceOf(ConditionFailedError);
    expect((err as ConditionFailedError).failedPart('many')).toBe(true);
    expect((err as ConditionFailedError).failedPart('first')).toBe(false);
    expect((err as ConditionFailedError).message).toContain('many');
  });
});
