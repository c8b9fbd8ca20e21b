import { CreateTableCommand, DescribeTableCommand } from '@aws-sdk/client-dynamodb';
import {
  DescribeStreamCommand,
  DynamoDBStreamsClient,
  ExpiredIteratorException,
  GetRecordsCommand,
  GetShardIteratorCommand,
  TrimmedDataAccessException,
} from '@aws-sdk/client-dynamodb-streams';
import { DynamoDBDocumentClient, GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { advanceClock, resetClock, setClock } from '../../../functions/clock.js';
import type { StreamRecordLike } from '../../../functions/db/projector/source.js';
import { StreamPoller } from '../../../functions/db/stream-poller.js';
import { PROJECTOR } from '../../../functions/jobs/projector-settings.js';

const streams = mockClient(DynamoDBStreamsClient);
const doc = mockClient(DynamoDBDocumentClient);

const record = (seq: number) => ({ eventName: 'INSERT' as const, dynamodb: { SequenceNumber: String(seq), Keys: {} } });
const trimmed = () => new TrimmedDataAccessException({ message: 'records trimmed', $metadata: {} });
const expired = () => new ExpiredIteratorException({ message: 'iterator expired', $metadata: {} });

function recording() {
  const seen: string[] = [];
  const poller = new StreamPoller(
    async (records: StreamRecordLike[]) => {
      seen.push(...records.map((r) => r.dynamodb!.SequenceNumber!));
      return { batchItemFailures: [] };
    },
    { tableName: 'cloud-table' },
  );
  return { poller, seen };
}

const iteratorAsks = () =>
  streams.commandCalls(GetShardIteratorCommand).map((c) => {
    const { ShardIteratorType, SequenceNumber } = c.args[0].input;
    return SequenceNumber ? `${ShardIteratorType} ${SequenceNumber}` : ShardIteratorType;
  });

/**
 * TrimmedDataAccessException as the real service raises it: the poller's last answered batch ended at 2,
 * records 3 and 4 aged out of the stream (24 h) before it came back, 5 and 6 are still there.
 */
describe('StreamPoller when the stream trimmed records under it', () => {
  beforeEach(() => {
    doc.on(DescribeTableCommand).resolves({
      Table: { StreamSpecification: { StreamEnabled: true }, LatestStreamArn: 'arn:stream' },
    });
    doc.on(CreateTableCommand).resolves({});
    doc.on(GetCommand).resolves({ Item: { shardId: 'shard-1', seq: '2' } });
    doc.on(PutCommand).resolves({});
    streams.on(DescribeStreamCommand).resolves({
      StreamDescription: { Shards: [{ ShardId: 'shard-1', SequenceNumberRange: { StartingSequenceNumber: '1' } }] },
    });
    streams
      .on(GetShardIteratorCommand, { ShardIteratorType: 'AFTER_SEQUENCE_NUMBER', SequenceNumber: '2' })
      .resolves({ ShardIterator: 'after-2' })
      .on(GetShardIteratorCommand, { ShardIteratorType: 'TRIM_HORIZON' })
      .resolves({ ShardIterator: 'oldest' })
      .on(GetShardIteratorCommand, { ShardIteratorType: 'AFTER_SEQUENCE_NUMBER', SequenceNumber: '6' })
      .resolves({ ShardIterator: 'after-6' });
    streams
      .on(GetRecordsCommand, { ShardIterator: 'after-2' })
      .rejects(trimmed())
      .on(GetRecordsCommand, { ShardIterator: 'oldest' })
      .resolves({ Records: [record(5), record(6)], NextShardIterator: 'at-7' });
  });
  afterEach(() => {
    streams.reset();
    doc.reset();
  });

  it('resumes at the oldest record still held: nothing readable skipped, nothing handled repeated', async () => {
    streams.on(GetRecordsCommand, { ShardIterator: 'at-7' }).resolves({ Records: [], NextShardIterator: 'at-7' });
    const { poller, seen } = recording();
    expect(await poller.drain()).toBe(2);
    expect(seen).toEqual(['5', '6']);
    expect(iteratorAsks()).toEqual(['AFTER_SEQUENCE_NUMBER 2', 'TRIM_HORIZON']);
    expect(doc.commandCalls(PutCommand).map((c) => c.args[0].input.Item)).toEqual([{ shardId: 'shard-1', seq: '6' }]);
  });

  it('goes back to resuming after its checkpoint once past the trim (an expired iterator is not a trim)', async () => {
    streams
      .on(GetRecordsCommand, { ShardIterator: 'at-7' })
      .rejects(expired())
      .on(GetRecordsCommand, { ShardIterator: 'after-6' })
      .resolves({ Records: [record(7)], NextShardIterator: 'at-8' })
      .on(GetRecordsCommand, { ShardIterator: 'at-8' })
      .resolves({ Records: [], NextShardIterator: 'at-8' });
    const { poller, seen } = recording();
    expect(await poller.drain()).toBe(3);
    expect(seen).toEqual(['5', '6', '7']);
    expect(iteratorAsks()).toEqual(['AFTER_SEQUENCE_NUMBER 2', 'TRIM_HORIZON', 'AFTER_SEQUENCE_NUMBER 6']);
  });

  it('fails the drain, not the process, while every iterator comes back trimmed; the next drain reads on', async () => {
    streams.on(GetRecordsCommand, { ShardIterator: 'oldest' }).rejects(trimmed());
    const { poller, seen } = recording();
    await expect(poller.drain()).rejects.toBeInstanceOf(TrimmedDataAccessException);
    expect(seen).toEqual([]);
    streams
      .on(GetRecordsCommand, { ShardIterator: 'oldest' })
      .resolves({ Records: [record(5), record(6)], NextShardIterator: 'at-7' })
      .on(GetRecordsCommand, { ShardIterator: 'at-7' })
      .resolves({ Records: [], NextShardIterator: 'at-7' });
    expect(await poller.drain()).toBe(2);
    expect(seen).toEqual(['5', '6']);
  });
});

/**
 * One open shard whose records the test writes as it goes: GetShardIterator and GetRecords answer from what
 * was written so far, as DynamoDB Local does (an iterator is `at-<next sequence number>`).
 */
function liveShard() {
  let written = 0;
  doc.on(DescribeTableCommand).resolves({
    Table: { StreamSpecification: { StreamEnabled: true }, LatestStreamArn: 'arn:stream' },
  });
  doc.on(CreateTableCommand).resolves({});
  doc.on(GetCommand).resolves({});
  doc.on(PutCommand).resolves({});
  streams.on(DescribeStreamCommand).resolves({
    StreamDescription: { Shards: [{ ShardId: 'shard-1', SequenceNumberRange: { StartingSequenceNumber: '1' } }] },
  });
  streams.on(GetShardIteratorCommand).callsFake((input: { SequenceNumber?: string }) => ({
    ShardIterator: `at-${input.SequenceNumber ? Number(input.SequenceNumber) + 1 : 1}`,
  }));
  streams.on(GetRecordsCommand).callsFake((input: { ShardIterator: string; Limit?: number }) => {
    const from = Number(input.ShardIterator.slice(3));
    const to = Math.min(written, from - 1 + (input.Limit ?? 1000));
    const records = Array.from({ length: Math.max(0, to - from + 1) }, (_, i) => record(from + i));
    return { Records: records, NextShardIterator: `at-${Math.max(from, to + 1)}` };
  });
  return {
    write: (n: number) => {
      written += n;
    },
  };
}

/** A poller whose handler notes each batch it gets (sequence numbers) and can fail the first call at a record. */
function batching(opts: { batchSize?: number; failFirstAt?: number; filter?: (r: StreamRecordLike) => boolean } = {}) {
  const batches: number[][] = [];
  let failAt = opts.failFirstAt;
  const poller = new StreamPoller(
    async (records: StreamRecordLike[]) => {
      batches.push(records.map((r) => Number(r.dynamodb!.SequenceNumber)));
      if (failAt !== undefined) {
        const at = String(failAt);
        failAt = undefined;
        return { batchItemFailures: [{ itemIdentifier: at }] };
      }
      return { batchItemFailures: [] };
    },
    {
      tableName: 'local-table',
      ...(opts.batchSize ? { batchSize: opts.batchSize } : {}),
      ...(opts.filter ? { filter: opts.filter } : {}),
    },
  );
  return { poller, batches };
}

const checkpoints = () => doc.commandCalls(PutCommand).map((c) => c.args[0].input.Item?.seq as string);
const WINDOW = PROJECTOR.batchWindowSeconds * 1000;

/**
 * The live loop (`poll`, one turn of what `npm start` runs) batches like the cloud's event source: a batch
 * is handed over when full or when the batching window has passed since its first record was read. The
 * window is the platform clock's, frozen here and moved by the test: nothing waits for real time.
 */
describe('StreamPoller batching window (the live loop)', () => {
  beforeEach(() => setClock('2026-11-30T08:00:00Z', { freeze: true }));
  afterEach(() => {
    resetClock();
    streams.reset();
    doc.reset();
  });

  it('hands the records written within the window to the handler as one batch, once the window has passed', async () => {
    const shard = liveShard();
    const { poller, batches } = batching();
    shard.write(3); // the first holders' transactions of an upload
    expect(await poller.poll()).toBe(0);
    advanceClock(300);
    shard.write(2); // the rest, a few hundred ms later
    expect(await poller.poll()).toBe(0);
    advanceClock(WINDOW - 301);
    expect(await poller.poll()).toBe(0);
    expect(batches).toEqual([]);
    expect(checkpoints()).toEqual([]);
    advanceClock(1); // the window, counted from the first record read
    expect(await poller.poll()).toBe(5);
    expect(batches).toEqual([[1, 2, 3, 4, 5]]);
    expect(checkpoints()).toEqual(['5']);
    // The next record opens a new batch with a window of its own.
    shard.write(1);
    expect(await poller.poll()).toBe(0);
    advanceClock(WINDOW);
    expect(await poller.poll()).toBe(1);
    expect(batches).toEqual([[1, 2, 3, 4, 5], [6]]);
    expect(checkpoints()).toEqual(['5', '6']);
  });

  it('hands a full batch over at once, window or not', async () => {
    const shard = liveShard();
    const { poller, batches } = batching({ batchSize: 4 });
    shard.write(6);
    expect(await poller.poll()).toBe(4);
    expect(batches).toEqual([[1, 2, 3, 4]]);
    advanceClock(WINDOW);
    expect(await poller.poll()).toBe(2);
    expect(batches).toEqual([
      [1, 2, 3, 4],
      [5, 6],
    ]);
  });

  it('drain() applies everything at once, the batch being gathered included, as one batch', async () => {
    const shard = liveShard();
    const { poller, batches } = batching();
    shard.write(3);
    expect(await poller.poll()).toBe(0); // gathering, its window not passed
    shard.write(2);
    expect(await poller.drain()).toBe(5);
    expect(batches).toEqual([[1, 2, 3, 4, 5]]);
    expect(checkpoints()).toEqual(['5']);
    // Nothing is handed over twice afterwards.
    advanceClock(WINDOW);
    expect(await poller.poll()).toBe(0);
    expect(await poller.drain()).toBe(0);
    expect(batches).toHaveLength(1);
  });

  it('retries a batch item failure from the record it names at once, without waiting another window', async () => {
    const shard = liveShard();
    const { poller, batches } = batching({ failFirstAt: 3 });
    shard.write(4);
    expect(await poller.poll()).toBe(0);
    advanceClock(WINDOW);
    expect(await poller.poll()).toBe(2);
    expect(batches).toEqual([
      [1, 2, 3, 4],
      [3, 4],
    ]);
    expect(checkpoints()).toEqual(['2', '4']);
  });

  it('counts the window from the batch start even when the clock is set back meanwhile (the dev clock)', async () => {
    const shard = liveShard();
    const { poller, batches } = batching();
    shard.write(2);
    expect(await poller.poll()).toBe(0);
    advanceClock(-86_400_000);
    expect(await poller.poll()).toBe(2);
    expect(batches).toEqual([[1, 2]]);
  });
});

/** The event source's filter (the projector's: functions/jobs/projector-filter.ts): here, every third record is an echo. */
const notEveryThird = (r: StreamRecordLike) => Number(r.dynamodb!.SequenceNumber) % 3 !== 0;

/**
 * Event filtering as Lambda does it: records the filter rejects are never handed over, and the checkpoint
 * moves past them as if handled — a batch of nothing but rejected records invokes nothing.
 */
describe('StreamPoller with the event source’s filter', () => {
  beforeEach(() => setClock('2026-11-30T08:00:00Z', { freeze: true }));
  afterEach(() => {
    resetClock();
    streams.reset();
    doc.reset();
  });

  it('hands over only the records the filter passes; the checkpoint moves past the dropped ones', async () => {
    const shard = liveShard();
    const { poller, batches } = batching({ filter: notEveryThird });
    shard.write(6);
    expect(await poller.drain()).toBe(6); // handled: 4 handed over, 2 dropped
    expect(batches).toEqual([[1, 2, 4, 5]]);
    expect(checkpoints()).toEqual(['6']);
    expect(await poller.drain()).toBe(0);
    expect(batches).toHaveLength(1);
  });

  it('invokes nothing for a read of nothing but dropped records, and checkpoints them', async () => {
    const shard = liveShard();
    const { poller, batches } = batching({ filter: notEveryThird });
    shard.write(2);
    expect(await poller.drain()).toBe(2);
    expect(batches).toEqual([[1, 2]]);
    shard.write(1); // record 3 alone: an echo
    expect(await poller.poll()).toBe(1);
    expect(await poller.drain()).toBe(0);
    expect(batches).toEqual([[1, 2]]);
    expect(checkpoints()).toEqual(['2', '3']);
  });

  it('starts the batching window at the first record it will hand over, not at a dropped one', async () => {
    const shard = liveShard();
    const { poller, batches } = batching({ filter: (r) => Number(r.dynamodb!.SequenceNumber) > 1 });
    shard.write(1); // dropped
    expect(await poller.poll()).toBe(1);
    advanceClock(WINDOW - 1);
    shard.write(1); // record 2 opens the batch now
    expect(await poller.poll()).toBe(0);
    advanceClock(WINDOW - 1);
    expect(await poller.poll()).toBe(0);
    expect(batches).toEqual([]);
    advanceClock(1);
    expect(await poller.poll()).toBe(1);
    expect(batches).toEqual([[2]]);
    expect(checkpoints()).toEqual(['1', '2']);
  });

  it('after a batch item failure re-reads from the record named, filtering again, and checkpoints past the tail', async () => {
    const shard = liveShard();
    const { poller, batches } = batching({ filter: notEveryThird, failFirstAt: 4 });
    shard.write(6);
    expect(await poller.drain()).toBe(4); // the retry from 2: 3 dropped, 4 and 5 handed over again, 6 dropped
    expect(batches).toEqual([
      [1, 2, 4, 5],
      [4, 5],
    ]);
    expect(checkpoints()).toEqual(['2', '6']);
  });
});
