import { sleep } from '../../shared/time.js';
import {
  CreateTableCommand,
  DescribeTableCommand,
  DynamoDBClient,
  ResourceInUseException,
} from '@aws-sdk/client-dynamodb';
import {
  DescribeStreamCommand,
  DynamoDBStreamsClient,
  GetRecordsCommand,
  GetShardIteratorCommand,
  type Shard,
  type _Record,
} from '@aws-sdk/client-dynamodb-streams';
import { DynamoDBDocumentClient, GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import { config } from '../config.js';
import type { BatchResult } from './projector/project.js';
import type { StreamRecordLike } from './projector/source.js';

export type StreamHandler = (records: StreamRecordLike[]) => Promise<BatchResult>;

interface ShardState {
  shard: Shard;
  iterator: string | undefined;
  /** Everything up to this sequence number was handed over and answered without failures. */
  checkpoint: string | undefined;
  /** Read to its end (a closed shard whose last records are handled). */
  finished: boolean;
  /** Failed answers in a row (a retry re-reads from the failed record). */
  failures: number;
  /** The next iterator starts at the oldest record the shard holds, checkpoint or not (after a trim). */
  fromOldest: boolean;
  /** TrimmedDataAccessExceptions in a row. */
  trims: number;
}

/** Retries of a failed batch within one drain (Lambda retries too) before the drain gives up. */
const MAX_RETRIES = 5;

/**
 * Feeds the table's stream to a handler the way Lambda's event source does, against DynamoDB Local:
 * DescribeTable → DescribeStream → GetShardIterator → GetRecords, parents before children, batches of
 * up to `batchSize`; a batch item failure re-reads from the record it names (the handler's replay
 * safety makes the repeat harmless). Checkpoints per shard are kept in a side table
 * `<table>-stream-checkpoints` (not in the table itself: a checkpoint write there would be one more stream
 * record to read, for ever), written after each answered batch, so a restarted poller resumes after the
 * last batch it finished — and replays at most that batch if it died in between.
 */
export class StreamPoller {
  private readonly streams: DynamoDBStreamsClient;
  /** Its own client: the checkpoints are the poller's bookkeeping, not the projector's bill (Lambda keeps them). */
  private readonly doc: DynamoDBDocumentClient;
  private readonly table: string;
  private readonly checkpoints: string;
  private checkpointTable: Promise<void> | undefined;
  private streamArn: string | undefined;
  private shards = new Map<string, ShardState>();
  private describedAt = 0;
  private running: Promise<void> | undefined;
  private stopped = false;
  private draining: Promise<number> | undefined;

  constructor(
    private readonly handler: StreamHandler,
    opts: { tableName?: string; endpoint?: string; batchSize?: number; checkpointTable?: string } = {},
  ) {
    const c = config();
    const endpoint = opts.endpoint ?? c.dynamodbEndpoint;
    const client = {
      region: c.region,
      endpoint,
      ...(endpoint ? { credentials: { accessKeyId: 'local', secretAccessKey: 'local' } } : {}),
    };
    this.streams = new DynamoDBStreamsClient(client);
    this.doc = DynamoDBDocumentClient.from(new DynamoDBClient(client));
    this.table = opts.tableName ?? c.tableName;
    this.checkpoints = opts.checkpointTable ?? `${this.table}-stream-checkpoints`;
    this.batchSize = opts.batchSize ?? 1000;
  }

  private readonly batchSize: number;

  /** Polls until stopped: drains, then waits `idleMs` while nothing new arrives. */
  start(idleMs = 250): void {
    this.stopped = false;
    this.running ??= (async () => {
      while (!this.stopped) {
        try {
          if ((await this.drain()) === 0) await sleep(idleMs);
        } catch (err) {
          console.error(JSON.stringify({ level: 'error', msg: 'stream poller', error: String(err) }));
          await sleep(1000);
        }
      }
    })();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    await this.running;
    this.running = undefined;
  }

  /**
   * Hands every record written so far to the handler; returns how many. Concurrent calls share one
   * run. Throws when the handler keeps failing a batch (the next drain retries it).
   */
  drain(): Promise<number> {
    this.draining ??= this.drainOnce().finally(() => (this.draining = undefined));
    return this.draining;
  }

  private async drainOnce(): Promise<number> {
    let total = 0;
    for (;;) {
      // No table, no records: nothing was written that a projection could miss.
      if (!(await this.describe(total > 0))) return total;
      let progressed = 0;
      for (const s of this.readyShards()) progressed += await this.pump(s);
      total += progressed;
      if (progressed === 0) return total;
    }
  }

  /** Learns the stream's shards; false while the table does not exist. */
  private async describe(force: boolean): Promise<boolean> {
    if (!force && this.streamArn && Date.now() - this.describedAt < 1000) return true;
    this.streamArn ??= await this.currentStream();
    if (!this.streamArn) return false;
    await (this.checkpointTable ??= this.ensureCheckpointTable());
    let start: string | undefined;
    do {
      const r = await this.streams.send(
        new DescribeStreamCommand({ StreamArn: this.streamArn, ExclusiveStartShardId: start }),
      );
      for (const shard of r.StreamDescription?.Shards ?? []) {
        const known = this.shards.get(shard.ShardId!);
        if (known) known.shard = shard;
        else {
          const saved = await this.doc.send(
            new GetCommand({ TableName: this.checkpoints, Key: { shardId: shard.ShardId! }, ConsistentRead: true }),
          );
          this.shards.set(shard.ShardId!, {
            shard,
            iterator: undefined,
            checkpoint: saved.Item?.seq as string | undefined,
            finished: false,
            failures: 0,
            fromOldest: false,
            trims: 0,
          });
        }
      }
      start = r.StreamDescription?.LastEvaluatedShardId;
    } while (start);
    this.describedAt = Date.now();
    return true;
  }

  /**
   * The table's current stream, from DescribeTable; undefined when the table does not exist (a test file
   * that never made its table still drains before each GET). Not ListStreams: it answers an empty list
   * alike for a missing table and for a table without a stream, and it lists the streams of earlier tables
   * of the same name too.
   */
  private async currentStream(): Promise<string | undefined> {
    let table;
    try {
      table = (await this.doc.send(new DescribeTableCommand({ TableName: this.table }))).Table;
    } catch (err) {
      if ((err as { name?: string }).name === 'ResourceNotFoundException') return undefined;
      throw err;
    }
    if (!table?.StreamSpecification?.StreamEnabled || !table.LatestStreamArn) {
      throw new Error(
        `table ${this.table} has no stream: create it with StreamSpecification (functions/db/bootstrap.ts createTableInput)`,
      );
    }
    return table.LatestStreamArn;
  }

  /** Shards whose parent is unknown (trimmed) or read to its end: a key's records stay in order. */
  private readyShards(): ShardState[] {
    return [...this.shards.values()].filter((s) => {
      if (s.finished) return false;
      const parent = s.shard.ParentShardId ? this.shards.get(s.shard.ParentShardId) : undefined;
      return !parent || parent.finished;
    });
  }

  private async iterator(s: ShardState): Promise<string | undefined> {
    if (s.iterator) return s.iterator;
    const r = await this.streams.send(
      new GetShardIteratorCommand({
        StreamArn: this.streamArn,
        ShardId: s.shard.ShardId,
        ...(s.checkpoint && !s.fromOldest
          ? { ShardIteratorType: 'AFTER_SEQUENCE_NUMBER', SequenceNumber: s.checkpoint }
          : { ShardIteratorType: 'TRIM_HORIZON' }),
      }),
    );
    s.fromOldest = false;
    return (s.iterator = r.ShardIterator);
  }

  /** Reads one shard to where it is now; returns the records handed over. */
  private async pump(s: ShardState): Promise<number> {
    let n = 0;
    for (;;) {
      const it = await this.iterator(s);
      if (!it) {
        s.finished = true;
        return n;
      }
      let r;
      try {
        r = await this.streams.send(new GetRecordsCommand({ ShardIterator: it, Limit: this.batchSize }));
      } catch (err) {
        const name = (err as { name?: string }).name;
        if (name === 'ExpiredIteratorException') {
          s.iterator = undefined; // a fresh one after the checkpoint
          continue;
        }
        if (name !== 'TrimmedDataAccessException') throw err;
        // The iterator points before the oldest record the shard still holds. Everything handed over lies
        // before the iterator, so that oldest record (TRIM_HORIZON) is the first one not handed over:
        // resuming there skips nothing still readable and repeats nothing handled. DynamoDB Local raises it
        // when the iterator was taken on an empty shard: its sequence numbers are counted across all tables,
        // so the table's first record lands after its shard's start once another table wrote in between.
        // (In the cloud the records in between are older than the stream's 24 h and gone.)
        s.iterator = undefined;
        s.fromOldest = true;
        if (++s.trims >= MAX_RETRIES) {
          // Still trimmed under us (records expiring as fast as we ask): the next drain starts over.
          s.trims = 0;
          throw err;
        }
        continue;
      }
      s.trims = 0;
      const records = (r.Records ?? []) as _Record[];
      if (records.length === 0) {
        s.iterator = r.NextShardIterator;
        if (!s.iterator) s.finished = true;
        return n;
      }
      const answer = await this.handler(records as unknown as StreamRecordLike[]);
      const failed = answer.batchItemFailures[0]?.itemIdentifier;
      if (failed) {
        // Resume at the record named, as Lambda does; everything before it is done.
        const i = records.findIndex((x) => x.dynamodb?.SequenceNumber === failed);
        if (i > 0) await this.save(s, records[i - 1]!.dynamodb!.SequenceNumber!);
        s.iterator = undefined;
        if (++s.failures >= MAX_RETRIES) {
          s.failures = 0;
          throw new Error(`the projector failed a batch at ${failed} ${MAX_RETRIES} times; it is read again later`);
        }
        await sleep(50 * s.failures);
        continue;
      }
      s.failures = 0;
      await this.save(s, records[records.length - 1]!.dynamodb!.SequenceNumber!);
      s.iterator = r.NextShardIterator;
      n += records.length;
    }
  }

  private async save(s: ShardState, seq: string): Promise<void> {
    s.checkpoint = seq;
    await this.doc.send(new PutCommand({ TableName: this.checkpoints, Item: { shardId: s.shard.ShardId!, seq } }));
  }

  private async ensureCheckpointTable(): Promise<void> {
    try {
      await this.doc.send(
        new CreateTableCommand({
          TableName: this.checkpoints,
          BillingMode: 'PAY_PER_REQUEST',
          AttributeDefinitions: [{ AttributeName: 'shardId', AttributeType: 'S' }],
          KeySchema: [{ AttributeName: 'shardId', KeyType: 'HASH' }],
        }),
      );
    } catch (err) {
      if (!(err instanceof ResourceInUseException) && (err as { name?: string }).name !== 'ResourceInUseException') {
        throw err;
      }
    }
  }
}
