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
import { now } from '../clock.js';
import { config } from '../config.js';
import { PROJECTOR } from '../jobs/projector-settings.js';
import type { BatchResult } from './projector/project.js';
import type { StreamRecordLike } from './projector/source.js';

export type StreamHandler = (records: StreamRecordLike[]) => Promise<BatchResult>;

/** One call of the handler, as an observer sees it (the bench counts the projector's invocations). */
export interface HandedBatch {
  records: number;
  /** Wall time of the call (a measurement, not a rule: real time, not the platform clock). */
  ms: number;
  /** It answered a batch item failure or threw (the records from there on are handed over again). */
  failed: boolean;
}

interface ShardState {
  shard: Shard;
  /** Where the next GetRecords reads: after the last record read (handed over or pending). */
  iterator: string | undefined;
  /** Everything up to this sequence number was handed over and answered without failures. */
  checkpoint: string | undefined;
  /** Read, not handed over yet: the batch being gathered (the live loop waits the batching window). */
  pending: _Record[];
  /** The last record read since the checkpoint, handed over, pending or filtered out: the next read starts after it. */
  readTo: string | undefined;
  /** Records read since the checkpoint that the filter dropped (handled without the handler, as Lambda does). */
  filteredOut: number;
  /** `now()` when the first pending record was read: the batching window counts from here. */
  pendingSince: number | undefined;
  /** No record will follow the ones read (a closed shard read to its end). */
  atEnd: boolean;
  /** Read to its end and everything handed over: its children may be read. */
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
 *
 * Two ways to hand records over:
 * - the live loop (`start`, what `npm start` and the bench's stack run) batches like the cloud's event
 *   source: a shard's records are gathered until `batchSize` is reached or the batching window
 *   (PROJECTOR.batchWindowSeconds, the same constant the CDK construct gives `maxBatchingWindow`) has
 *   passed since the first of them was read — so one bin upload's holder transactions reach the handler as
 *   one batch here too, and the bench meters the coalesced writes the cloud would make;
 * - `drain()` (tests, the bench between phases) hands over everything written so far at once, window or not.
 * The window is read from the platform clock (functions/clock.ts), so tests move it instead of waiting.
 */
export class StreamPoller {
  private readonly streams: DynamoDBStreamsClient;
  /** Its own client: the checkpoints are the poller's bookkeeping, not the projector's bill (Lambda keeps them). */
  private readonly doc: DynamoDBDocumentClient;
  private readonly table: string;
  private readonly checkpoints: string;
  private readonly batchSize: number;
  private readonly windowMs: number;
  private readonly filter: ((record: StreamRecordLike) => boolean) | undefined;
  private checkpointTable: Promise<void> | undefined;
  private streamArn: string | undefined;
  private shards = new Map<string, ShardState>();
  private describedAt = 0;
  private running: Promise<void> | undefined;
  private stopped = false;
  private draining: Promise<number> | undefined;
  /** The tail of the passes (drains and live polls): one at a time, so a shard is read by one of them. */
  private busy: Promise<unknown> = Promise.resolve();
  private readonly observers = new Set<(batch: HandedBatch) => void>();

  constructor(
    private readonly handler: StreamHandler,
    opts: {
      tableName?: string;
      endpoint?: string;
      batchSize?: number;
      batchWindowMs?: number;
      checkpointTable?: string;
      /**
       * The event source's filter: records it rejects are never handed over, and are checkpointed as
       * handled (Lambda's event filtering). The projector's poller passes the one the CDK construct
       * deploys (functions/jobs/projector-filter.ts); without it every record goes to the handler.
       */
      filter?: (record: StreamRecordLike) => boolean;
    } = {},
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
    this.batchSize = opts.batchSize ?? PROJECTOR.batchSize;
    this.windowMs = opts.batchWindowMs ?? PROJECTOR.batchWindowSeconds * 1000;
    this.filter = opts.filter;
  }

  /**
   * Polls until stopped, batching like the cloud's event source (see the class): reads every `idleMs`,
   * hands a shard's batch over once full or once its window has passed, and polls again at once after
   * handing something over.
   */
  start(idleMs = 250): void {
    this.stopped = false;
    this.running ??= (async () => {
      while (!this.stopped) {
        try {
          if ((await this.poll()) === 0) await sleep(this.untilDue(idleMs));
        } catch (err) {
          console.error(JSON.stringify({ level: 'error', msg: 'stream poller', error: String(err) }));
          await sleep(1000);
        }
      }
    })();
  }

  /** Stops the live loop. Records it was gathering are not checkpointed: a restart (or a drain) hands them over. */
  async stop(): Promise<void> {
    this.stopped = true;
    await this.running;
    this.running = undefined;
  }

  /**
   * Hands every record written so far to the handler, the batch the live loop is gathering included,
   * without waiting for a window; returns how many. Concurrent calls share one run. Throws when the
   * handler keeps failing a batch (the next drain retries it).
   */
  drain(): Promise<number> {
    this.draining ??= this.exclusive(() => this.pass(true)).finally(() => (this.draining = undefined));
    return this.draining;
  }

  /**
   * One turn of the live loop: reads what is new into the batches being gathered and hands over those
   * that are full or whose window has passed; returns how many records it handed over.
   */
  poll(): Promise<number> {
    return this.exclusive(() => this.pass(false));
  }

  /** Calls `fn` after each handler call (the bench counts invocations and their wall time); returns the unsubscribe. */
  observe(fn: (batch: HandedBatch) => void): () => void {
    this.observers.add(fn);
    return () => this.observers.delete(fn);
  }

  private exclusive<T>(fn: () => Promise<T>): Promise<T> {
    const run = this.busy.then(fn, fn);
    this.busy = run.catch(() => undefined);
    return run;
  }

  /** How long the live loop may sleep: `idleMs`, or less when a gathered batch falls due sooner. */
  private untilDue(idleMs: number): number {
    let ms = idleMs;
    for (const s of this.shards.values()) {
      if (s.pendingSince !== undefined) ms = Math.min(ms, Math.max(0, s.pendingSince + this.windowMs - now()));
    }
    return ms;
  }

  /** The window of the batch being gathered has passed (or the clock was set back past its start). */
  private windowPassed(s: ShardState): boolean {
    const waited = now() - (s.pendingSince ?? now());
    return waited < 0 || waited >= this.windowMs;
  }

  private async pass(immediate: boolean): Promise<number> {
    let total = 0;
    for (;;) {
      // No table, no records: nothing was written that a projection could miss.
      if (!(await this.describe(total > 0))) return total;
      let progressed = 0;
      for (const s of this.readyShards()) progressed += await this.pump(s, immediate);
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
            pending: [],
            readTo: undefined,
            filteredOut: 0,
            pendingSince: undefined,
            atEnd: false,
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
    // After the last record read (an iterator that expired under the batch being gathered) or the checkpoint.
    const after = s.readTo ?? s.checkpoint;
    const r = await this.streams.send(
      new GetShardIteratorCommand({
        StreamArn: this.streamArn,
        ShardId: s.shard.ShardId,
        ...(after && !s.fromOldest
          ? { ShardIteratorType: 'AFTER_SEQUENCE_NUMBER', SequenceNumber: after }
          : { ShardIteratorType: 'TRIM_HORIZON' }),
      }),
    );
    s.fromOldest = false;
    return (s.iterator = r.ShardIterator);
  }

  /**
   * Reads one shard to where it is now and hands its records over: at once (`immediate`, a drain), or as
   * the event source does (full, or the window passed; a retry after a failure goes at once, as Lambda's
   * does). Returns the records handed over and answered.
   */
  private async pump(s: ShardState, immediate: boolean): Promise<number> {
    let n = 0;
    for (;;) {
      const more = !s.atEnd && s.pending.length < this.batchSize ? await this.read(s) : false;
      if (s.pending.length === 0) {
        // Nothing to hand over, maybe records the filter dropped: those are handled (checkpointed) now.
        n += await this.passOver(s);
        if (more) continue;
        if (s.atEnd) s.finished = true;
        return n;
      }
      const full = s.pending.length >= this.batchSize;
      // What is in the shard now joins the batch, until it is full or (live) its window has passed.
      if (more && !full && (immediate || !this.windowPassed(s))) continue;
      const due = full || immediate || s.atEnd || s.failures > 0 || this.windowPassed(s);
      if (!due) return n; // the live loop comes back for it
      n += await this.handOver(s);
    }
  }

  /** One GetRecords into the batch being gathered; true when it brought records. */
  private async read(s: ShardState): Promise<boolean> {
    for (;;) {
      const it = await this.iterator(s);
      if (!it) {
        s.atEnd = true;
        return false;
      }
      let r;
      try {
        r = await this.streams.send(
          new GetRecordsCommand({ ShardIterator: it, Limit: this.batchSize - s.pending.length }),
        );
      } catch (err) {
        const name = (err as { name?: string }).name;
        if (name === 'ExpiredIteratorException') {
          s.iterator = undefined; // a fresh one after the last record read
          continue;
        }
        if (name !== 'TrimmedDataAccessException') throw err;
        // The iterator points before the oldest record the shard still holds. Everything read (handed over or
        // pending) lies before the iterator, so that oldest record (TRIM_HORIZON) is the first one not read:
        // resuming there skips nothing still readable and repeats nothing read. DynamoDB Local raises it
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
      s.iterator = r.NextShardIterator;
      if (!s.iterator) s.atEnd = true; // a closed shard: nothing follows
      if (records.length === 0) return false;
      s.readTo = records.at(-1)!.dynamodb!.SequenceNumber;
      const kept = this.filter ? records.filter((x) => this.filter!(x as unknown as StreamRecordLike)) : records;
      s.filteredOut += records.length - kept.length;
      // The batching window starts with the first record that will be handed over, as Lambda's does.
      if (s.pending.length === 0 && kept.length > 0) s.pendingSince = now();
      s.pending.push(...kept);
      return true;
    }
  }

  /** Checkpoints the records the filter dropped while nothing is pending; returns how many. */
  private async passOver(s: ShardState): Promise<number> {
    const n = s.filteredOut;
    if (n === 0 || !s.readTo) return 0;
    s.filteredOut = 0;
    await this.save(s, s.readTo);
    return n;
  }

  /**
   * Hands the gathered batch to the handler; returns the records answered (0 when it failed), those the
   * filter dropped in between included.
   */
  private async handOver(s: ShardState): Promise<number> {
    const records = s.pending;
    const readTo = s.readTo!;
    const filteredOut = s.filteredOut;
    s.pending = [];
    s.pendingSince = undefined;
    const started = performance.now();
    let answer: BatchResult;
    try {
      answer = await this.handler(records as unknown as StreamRecordLike[]);
    } catch (err) {
      this.notify(records.length, started, true);
      this.rewind(s);
      throw err;
    }
    const failed = answer.batchItemFailures[0]?.itemIdentifier;
    this.notify(records.length, started, failed !== undefined);
    if (failed) {
      // Resume at the record named, as Lambda does; everything before it is done.
      const i = records.findIndex((x) => x.dynamodb?.SequenceNumber === failed);
      if (i > 0) await this.save(s, records[i - 1]!.dynamodb!.SequenceNumber!);
      this.rewind(s);
      if (++s.failures >= MAX_RETRIES) {
        s.failures = 0;
        throw new Error(`the projector failed a batch at ${failed} ${MAX_RETRIES} times; it is read again later`);
      }
      await sleep(50 * s.failures);
      return 0;
    }
    s.failures = 0;
    // Everything read so far was in the batch or filtered out: the checkpoint moves past all of it.
    s.filteredOut = 0;
    await this.save(s, readTo);
    return records.length + filteredOut;
  }

  /** The next read starts after the checkpoint again (what was read past it is read again). */
  private rewind(s: ShardState): void {
    s.pending = [];
    s.readTo = undefined;
    s.filteredOut = 0;
    s.pendingSince = undefined;
    s.iterator = undefined;
    s.atEnd = false;
  }

  private notify(records: number, started: number, failed: boolean): void {
    const batch = { records, ms: performance.now() - started, failed };
    for (const fn of this.observers) fn(batch);
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
