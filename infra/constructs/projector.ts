import { Duration } from 'aws-cdk-lib';
import { Alarm, ComparisonOperator, TreatMissingData } from 'aws-cdk-lib/aws-cloudwatch';
import type { ITable } from 'aws-cdk-lib/aws-dynamodb';
import { FilterCriteria, StartingPosition } from 'aws-cdk-lib/aws-lambda';
import { DynamoEventSource, SqsDlq } from 'aws-cdk-lib/aws-lambda-event-sources';
import { Queue, QueueEncryption } from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { PROJECTOR_FILTERS } from '../../functions/jobs/projector-filter.js';
import { PROJECTOR } from '../../functions/jobs/projector-settings.js';
import { AppFunction } from './app-function.js';

export interface ProjectorProps {
  /** The table, with its stream on (shared/db/table.ts `stream`). */
  table: ITable;
  environment: Record<string, string>;
}

/**
 * How long records may wait to fill a batch (functions/jobs/projector-settings.ts: the local poller waits
 * the same, so the bench measures the batches the cloud makes).
 */
export const PROJECTOR_BATCH_WINDOW = Duration.seconds(PROJECTOR.batchWindowSeconds);
/** The contract's lag (a credit shows on boards within 10 s); the alarm fires when records wait longer. */
export const PROJECTOR_LAG_ALARM = Duration.seconds(PROJECTOR.lagAlarmSeconds);

/**
 * The projector in the cloud: the table's stream → Lambda (functions/jobs/projector.ts), the very
 * handler `npm start` feeds from DynamoDB Local. Batches of up to 1,000 records, waiting at most
 * PROJECTOR_BATCH_WINDOW; the handler reports the first record it could not apply
 * (ReportBatchItemFailures), so only the rest is retried; a batch that keeps failing is halved
 * (bisect) to isolate a poison record, retried 10 times, then described on an SQS queue (on-failure
 * destination, 14 days) and skipped — the alarm on that queue and on the iterator age call someone.
 * One batch per shard at a time (parallelization factor 1): a person's records stay in order, which
 * the handler's exactly-once guard relies on. Event filtering (functions/jobs/projector-filter.ts, the
 * patterns the local poller and the handler's own gates use): only the records the handler reads invoke
 * it — not the echoes of its own writes, about half its invocations without the filter.
 */
export class Projector extends Construct {
  readonly fn: AppFunction;
  readonly failures: Queue;
  readonly iteratorAgeAlarm: Alarm;
  readonly failuresAlarm: Alarm;

  constructor(scope: Construct, id: string, props: ProjectorProps) {
    super(scope, id);
    this.fn = new AppFunction(this, 'Handler', {
      entry: 'functions/jobs/projector.ts',
      description: 'Projects the table stream into boards, statistics, counters and liability',
      environment: props.environment,
      timeout: Duration.seconds(PROJECTOR.timeoutSeconds),
      memorySize: PROJECTOR.memoryMb,
    });
    props.table.grantReadWriteData(this.fn.fn);
    this.failures = new Queue(this, 'Failures', {
      retentionPeriod: Duration.days(14),
      encryption: QueueEncryption.SQS_MANAGED,
      enforceSSL: true,
    });
    this.fn.fn.addEventSource(
      new DynamoEventSource(props.table, {
        startingPosition: StartingPosition.TRIM_HORIZON,
        batchSize: PROJECTOR.batchSize,
        maxBatchingWindow: PROJECTOR_BATCH_WINDOW,
        reportBatchItemFailures: true,
        bisectBatchOnError: true,
        retryAttempts: 10,
        parallelizationFactor: 1,
        onFailure: new SqsDlq(this.failures),
        filters: PROJECTOR_FILTERS.map((p) => FilterCriteria.filter(p)),
      }),
    );
    this.iteratorAgeAlarm = new Alarm(this, 'IteratorAge', {
      alarmDescription: 'Stream records wait longer than the contract lets a credit take to show (10 s)',
      metric: this.fn.fn.metric('IteratorAge', { statistic: 'Maximum', period: Duration.minutes(1) }),
      threshold: PROJECTOR_LAG_ALARM.toMilliseconds(),
      comparisonOperator: ComparisonOperator.GREATER_THAN_THRESHOLD,
      evaluationPeriods: 3,
      treatMissingData: TreatMissingData.NOT_BREACHING,
    });
    this.failuresAlarm = new Alarm(this, 'SkippedBatches', {
      alarmDescription: 'The projector gave up on a batch: projections miss it until it is replayed',
      metric: this.failures.metricApproximateNumberOfMessagesVisible({ period: Duration.minutes(1) }),
      threshold: 0,
      comparisonOperator: ComparisonOperator.GREATER_THAN_THRESHOLD,
      evaluationPeriods: 1,
      treatMissingData: TreatMissingData.NOT_BREACHING,
    });
  }
}
