import { TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, GetCommand, TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import { setDb } from '../../../functions/db/client.js';
import type { User } from '../../../functions/db/users.js';
import { redeem } from '../../../functions/services/redemptions.js';

// DynamoDB Local runs transactions one at a time and never reports TransactionConflict; the cloud does
// when a rush hits one gift. These tests play the cloud's answers.
const ddb = mockClient(DynamoDBDocumentClient);
afterAll(() => {
  ddb.restore();
  setDb(undefined);
});

const COMMUNITY = '01KAAAAAAAAAAAAAAAAAAAAAAC';
const REWARD = '01KAAAAAAAAAAAAAAAAAAAAAAR';
const me: User = {
  id: '01KAAAAAAAAAAAAAAAAAAAAAAU',
  phone: '13900000001',
  name: '王秀英',
  communityId: COMMUNITY,
  roles: [],
  balance: 100,
  serviceMinutes: 0,
  ver: 3,
  createdAt: '2026-11-01T00:00:00.000Z',
  consentVersion: null,
  closedAt: null,
};

const conflict = () =>
  new TransactionCanceledException({
    message: 'Transaction cancelled',
    $metadata: {},
    CancellationReasons: [{ Code: 'None' }, { Code: 'None' }, { Code: 'TransactionConflict' }],
  });

beforeEach(() => {
  ddb.reset();
  setDb(undefined);
  ddb.on(GetCommand).callsFake((input: { Key: { pk: string } }) => {
    const pk = input.Key.pk;
    if (pk.startsWith('REWARD#')) {
      return {
        Item: { id: REWARD, communityId: COMMUNITY, name: '大米', cost: 10, stock: 3, active: true, createdAt: 'x' },
      };
    }
    if (pk.startsWith('USER#')) return { Item: { id: me.id, balance: 100, ver: 3 } };
    return {}; // no idempotency record yet
  });
});

describe('redeem under TransactionConflict', () => {
  it('retries the same transaction with the same token and charges once', async () => {
    ddb.on(TransactWriteCommand).rejectsOnce(conflict()).rejectsOnce(conflict()).resolves({});
    const r = await redeem(me, REWARD, 1, 'key-12345678');
    expect(r).toMatchObject({ rewardId: REWARD, cost: 10, balanceAfter: 90, status: 'reserved' });
    const all = ddb.commandCalls(TransactWriteCommand).map((c) => c.args[0].input);
    // Three tries of the redemption, then one write of the pickup-code notice (its own exactly-once guard).
    expect(all).toHaveLength(4);
    expect(all[3]!.TransactItems!.map((t) => t.Put?.Item?.type)).toEqual(
      expect.arrayContaining(['NOTICE_GUARD', 'NOTICE']),
    );
    const writes = all.slice(0, 3);
    // Same token and same items: if an earlier attempt did land, DynamoDB applies it only once.
    expect(new Set(writes.map((w) => w.ClientRequestToken)).size).toBe(1);
    expect(writes[1]).toEqual(writes[0]);
    expect(writes[2]).toEqual(writes[0]);
    const profile = writes[0]!.TransactItems!.find(
      (t) => t.Update?.Key?.pk === `USER#${me.id}` && t.Update.Key.sk === 'PROFILE',
    );
    expect(profile!.Update!.ExpressionAttributeValues).toMatchObject({ ':b': 90, ':v': 3, ':nv': 4 });
    const ledger = writes[0]!.TransactItems!.filter((t) => t.Put?.Item?.type === 'LEDGER');
    expect(ledger).toHaveLength(1);
    expect(ledger[0]!.Put!.Item).toMatchObject({ delta: -10, reason: 'redeem', ref: `redemption:${r.id}` });
  });

  it('keeps the stock, count, record, pickup code and idempotency record in the one transaction', async () => {
    ddb.on(TransactWriteCommand).resolves({});
    const r = await redeem(me, REWARD, 2, 'key-abcdefgh');
    const [w] = ddb.commandCalls(TransactWriteCommand).map((c) => c.args[0].input);
    const keys = w!.TransactItems!.map((t) => {
      const k = (t.Update?.Key ?? t.Put?.Item) as { pk: string; sk: string };
      return `${k.pk.split('#')[0]}/${k.sk.split('#')[0]}`;
    });
    // The ledger core's items (profile, entry, liability counters) first, then ours.
    expect(keys.slice(0, 2)).toEqual(['USER/PROFILE', 'USER/LEDGER']);
    expect(keys.slice(-5)).toEqual(['REWARD/META', 'USER/REDEEMED', 'REDEMPTION/META', 'IDEM/IDEM', 'PICKUP/CODE']);
    const own = w!.TransactItems!.slice(-5);
    const stock = own[0]!.Update!;
    expect(stock.ConditionExpression).toContain('stock >= :q');
    expect(stock.ExpressionAttributeValues).toMatchObject({ ':q': 2, ':cost': 10 });
    expect(own[3]!.Put!.Item).toMatchObject({ redemptionId: r.id, response: r });
  });

  it('gives up with a retryable error (a 503 for the client) when the conflict does not clear', async () => {
    ddb.on(TransactWriteCommand).rejects(conflict());
    await expect(redeem(me, REWARD, 1, 'key-zzzzzzzz')).rejects.toMatchObject({ name: 'RetryExhaustedError' });
  });
});
