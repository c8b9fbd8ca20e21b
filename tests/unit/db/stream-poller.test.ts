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
import type { StreamRecordLike } from '../../../functions/db/projector/source.js';
import { StreamPoller } from '../../../functions/db/stream-poller.js';

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
