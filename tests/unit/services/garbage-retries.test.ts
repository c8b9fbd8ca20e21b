import { DynamoDBClient, TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import {
  BatchGetCommand,
  DynamoDBDocumentClient,
  GetCommand,
  QueryCommand,
  TransactWriteCommand,
  type TransactWriteCommandInput,
} from '@aws-sdk/lib-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { setDb } from '../../../functions/db/client.js';
import type { BinRecord } from '../../../functions/db/bins.js';
import { ingestScans } from '../../../functions/services/garbage.js';
import { RetryExhaustedError } from '../../../shared/errors.js';
import { HOUR } from '../../../shared/time.js';

/**
 * DynamoDB Local never throttles and never raises TransactionConflict; here the client is mocked over
 * a tiny in-memory table so those paths run, and we count what would have been applied.
 */
const doc = DynamoDBDocumentClient.from(new DynamoDBClient({ region: 'ap-east-1' }));
const mock = mockClient(doc);
setDb(doc);

const NOW = Date.parse('2026-11-21T06:00:00.000Z');
const bin: BinRecord = {
  id: '01JBIN0000000000000000000A',
  communityId: '01JC0MM000000000000000000A',
  name: '1号桶站',
  keyVersion: 1,
  createdAt: '2026-11-01T00:00:00.000Z',
};
const USER = '01JUSER000000000000000000A';

type Item = Record<string, unknown>;
let table: Map<string, Item>;
const id = (k: { pk: unknown; sk: unknown }) => `${String(k.pk)}|${String(k.sk)}`;
let applied: TransactWriteCommandInput[];

/** Applies a transaction to the in-memory table as DynamoDB would (the parts these tests look at). */
function apply(input: TransactWriteCommandInput): void {
  applied.push(input);
  for (const t of input.TransactItems ?? []) {
    if (t.Put) table.set(id(t.Put.Item as Item as { pk: string; sk: string }), t.Put.Item as Item);
    if (t.Update) {
      const key = t.Update.Key as { pk: string; sk: string };
      const v = t.Update.ExpressionAttributeValues ?? {};
      const cur = table.get(id(key)) ?? { ...key };
      if (key.sk === 'PROFILE') {
        // SET balance, ver and the caller's attributes (`#s<i> = :s<i>`: the cap counts, the projector's src).
        const names = t.Update.ExpressionAttributeNames ?? {};
        const own = Object.fromEntries(
          Object.entries(names)
            .filter(([n]) => n.startsWith('#s'))
            .map(([n, attr]) => [attr, v[`:${n.slice(1)}`]]),
        );
        table.set(id(key), { ...cur, balance: v[':b'], ver: v[':nv'], ...own });
      }
    }
  }
}

const conflict = () =>
  new TransactionCanceledException({
    message: 'Transaction cancelled',
    $metadata: {},
    CancellationReasons: [{ Code: 'TransactionConflict' }, { Code: 'None' }],
  });
const throttled = () => Object.assign(new Error('Rate exceeded'), { name: 'ThrottlingException' });
/** A cancelled transaction whose item `index` failed its condition. */
const conditionFailedAt = (index: number, size: number) =>
  new TransactionCanceledException({
    message: 'Transaction cancelled',
    $metadata: {},
    CancellationReasons: Array.from({ length: size }, (_, i) => ({
      Code: i === index ? 'ConditionalCheckFailed' : 'None',
    })),
  });

const scans = (n: number, correct = true) =>
  Array.from({ length: n }, (_, i) => ({
    scanId: `s${i}`,
    cardNo: 'CARD00000001',
    category: 'kitchen' as const,
    correct,
    scannedAt: new Date(NOW - HOUR - i * 1000).toISOString(),
  }));

const ledgerPuts = () =>
  applied.flatMap((t) => t.TransactItems ?? []).filter((t) => String(t.Put?.Item?.sk ?? '').startsWith('LEDGER#'));

beforeEach(() => {
  applied = [];
  table = new Map();
  table.set('CARD#CARD00000001|CARD', {
    pk: 'CARD#CARD00000001',
    sk: 'CARD',
    cardNo: 'CARD00000001',
    userId: USER,
    active: true,
  });
  table.set(`USER#${USER}|PROFILE`, {
    pk: `USER#${USER}`,
    sk: 'PROFILE',
    id: USER,
    name: '王秀英',
    balance: 10,
    ver: 4,
  });
  mock.on(BatchGetCommand).callsFake((input) => {
    const [name, req] = Object.entries(input.RequestItems as Record<string, { Keys: Item[] }>)[0]!;
    return {
      Responses: { [name]: req.Keys.map((k) => table.get(id(k as { pk: string; sk: string }))).filter(Boolean) },
    };
  });
  mock.on(GetCommand).callsFake((input) => ({ Item: table.get(id(input.Key)) }));
  mock.on(QueryCommand).resolves({ Items: [] });
});
afterEach(() => mock.reset());

describe('ingestScans under throttling and transaction conflicts', () => {
  it('retries a conflicted and a throttled transaction as the same request, and credits once', async () => {
    let calls = 0;
    mock.on(TransactWriteCommand).callsFake((input) => {
      calls++;
      if (calls === 1) throw conflict();
      if (calls === 2) throw throttled();
      apply(input);
      return {};
    });
    const r = await ingestScans(bin, scans(2), { now: NOW });
    expect(r).toEqual({ accepted: 2, duplicates: 0, rejected: [], pointsAwarded: 2 });
    const sent = mock.commandCalls(TransactWriteCommand).map((c) => c.args[0].input);
    expect(sent).toHaveLength(3);
    expect(new Set(sent.map((i) => i.ClientRequestToken)).size).toBe(1);
    expect(new Set(sent.map((i) => JSON.stringify(i.TransactItems))).size).toBe(1);
    expect(ledgerPuts()).toHaveLength(1);
    expect(table.get(`USER#${USER}|PROFILE`)!.balance).toBe(12);
    // one plan: the profile came with the BatchGet, the ledger core did not read it again
    expect(mock.commandCalls(GetCommand)).toHaveLength(0);
  });

  it('gives up with a retryable 503 error, having written nothing, when conflicts persist', async () => {
    mock.on(TransactWriteCommand).rejects(conflict());
    await expect(ingestScans(bin, scans(1), { now: NOW })).rejects.toBeInstanceOf(RetryExhaustedError);
    expect(applied).toHaveLength(0);
  });

  it('after a lost response, the resent batch finds its scans kept and credits nothing more', async () => {
    let calls = 0;
    mock.on(TransactWriteCommand).callsFake((input) => {
      apply(input); // the write lands …
      if (++calls === 1) throw Object.assign(new Error('socket hang up'), { name: 'TimeoutError' }); // … its answer does not
      return {};
    });
    await expect(ingestScans(bin, scans(3), { now: NOW })).rejects.toThrow('socket hang up');
    const again = await ingestScans(bin, scans(3), { now: NOW });
    expect(again).toEqual({ accepted: 0, duplicates: 3, rejected: [], pointsAwarded: 0 });
    expect(mock.commandCalls(TransactWriteCommand)).toHaveLength(1);
    expect(ledgerPuts()).toHaveLength(1);
    expect(table.get(`USER#${USER}|PROFILE`)!.balance).toBe(13);
  });

  it('when a concurrent upload kept the same scans first, re-reads and counts them as duplicates', async () => {
    mock.on(TransactWriteCommand).callsFake((input: TransactWriteCommandInput) => {
      // Another delivery of this batch commits just before ours: our dedupe Put fails.
      apply(input);
      const items = input.TransactItems!;
      const dedupeAt = items.findIndex((t) => String(t.Put?.Item?.sk ?? '').startsWith('SCAN#'));
      throw conditionFailedAt(dedupeAt, items.length);
    });
    const r = await ingestScans(bin, scans(2), { now: NOW });
    expect(r).toEqual({ accepted: 0, duplicates: 2, rejected: [], pointsAwarded: 0 });
    expect(mock.commandCalls(TransactWriteCommand)).toHaveLength(1);
    expect(ledgerPuts()).toHaveLength(1); // the other delivery's credit, only
  });

  it('when another bin filled the day’s cap meanwhile, re-plans and keeps the scans for 0 points', async () => {
    let calls = 0;
    mock.on(TransactWriteCommand).callsFake((input: TransactWriteCommandInput) => {
      if (++calls === 1) {
        // The other bin's credit moved the profile: its version and the day's cap count.
        const p = table.get(`USER#${USER}|PROFILE`)!;
        table.set(`USER#${USER}|PROFILE`, { ...p, balance: 13, ver: 5, gcap: { '2026-11-21': 3 } });
        const items = input.TransactItems!;
        throw conditionFailedAt(
          items.findIndex((t) => t.Update?.Key?.sk === 'PROFILE'),
          items.length,
        );
      }
      apply(input);
      return {};
    });
    const r = await ingestScans(bin, scans(2), { now: NOW });
    expect(r).toEqual({ accepted: 2, duplicates: 0, rejected: [], pointsAwarded: 0 });
    expect(ledgerPuts()).toHaveLength(0);
    const second = mock.commandCalls(TransactWriteCommand)[1]!.args[0].input.TransactItems!;
    expect(second.filter((t) => String(t.Put?.Item?.sk ?? '').startsWith('SCAN#'))).toHaveLength(2);
    // No points move: no ledger entry; the profile's version still moves (the projector orders a person's credits by it).
    const profile = second.find((t) => t.Update?.Key?.sk === 'PROFILE')!;
    expect(profile.Update!.ExpressionAttributeValues).toMatchObject({ ':b': 13, ':v': 5, ':nv': 6 });
    expect(second.some((t) => t.Put?.Item?.type === 'LEDGER')).toBe(false);
    expect(table.get(`USER#${USER}|PROFILE`)).toMatchObject({ balance: 13, ver: 6, gcap: { '2026-11-21': 3 } });
    // The day's share still reaches the projector, on the profile, with the version this credit wrote.
    expect(table.get(`USER#${USER}|PROFILE`)!.src).toMatchObject({
      ver: 6,
      days: [{ scans: 2, correct: 2, points: 0 }],
    });
  });
});
