import { Duration } from 'aws-cdk-lib';
import type { IHttpApi } from 'aws-cdk-lib/aws-apigatewayv2';
import {
  Alarm,
  ComparisonOperator,
  Dashboard,
  GraphWidget,
  MathExpression,
  Metric,
  TextWidget,
  TreatMissingData,
  type IAlarm,
  type IMetric,
} from 'aws-cdk-lib/aws-cloudwatch';
import { SnsAction } from 'aws-cdk-lib/aws-cloudwatch-actions';
import { Operation, type Table } from 'aws-cdk-lib/aws-dynamodb';
import { ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import { Key } from 'aws-cdk-lib/aws-kms';
import type { IFunction } from 'aws-cdk-lib/aws-lambda';
import { Topic } from 'aws-cdk-lib/aws-sns';
import type { IQueue } from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { METRICS_NAMESPACE } from '../../functions/observability/metrics.js';

const FIVE_MIN = Duration.minutes(5);
/** The table operations the app uses: throttles and system errors are summed over these. */
const TABLE_OPERATIONS = [
  Operation.GET_ITEM,
  Operation.BATCH_GET_ITEM,
  Operation.QUERY,
  Operation.PUT_ITEM,
  Operation.UPDATE_ITEM,
  Operation.DELETE_ITEM,
  Operation.TRANSACT_WRITE_ITEMS,
  Operation.BATCH_WRITE_ITEM,
];

export interface MonitoringProps {
  httpApi: IHttpApi;
  table: Table;
  /** 5xx answers, in % of all answers over 5 minutes, that page someone. */
  serverErrorPercent?: number;
  /** p99 API latency (ms) over 5 minutes that pages someone. */
  p99LatencyMs?: number;
}

/**
 * What a city IT team watches: one SNS topic every alarm notifies (subscribe the on-call e-mail or SMS to it),
 * one dashboard, and alarms on the API (5xx rate, p99 latency), each function (errors, throttles), the table
 * (throttles, system errors) and each dead-letter queue (any message). Other constructs add theirs with
 * `watchFunction`, `watchQueue` and `addAlarm`. docs/operations.md says what each alarm means and what to do.
 */
export class Monitoring extends Construct {
  readonly topic: Topic;
  readonly dashboard: Dashboard;
  readonly alarms: Alarm[] = [];
  private readonly action: SnsAction;
  private readonly fnWidgets: { errors: IMetric[]; throttles: IMetric[]; duration: IMetric[] } = {
    errors: [],
    throttles: [],
    duration: [],
  };
  private readonly queueMetrics: IMetric[] = [];

  constructor(scope: Construct, id: string, props: MonitoringProps) {
    super(scope, id);
    // CloudWatch can publish to an encrypted topic only with a customer key whose policy lets it use the key.
    const key = new Key(this, 'TopicKey', {
      description: 'Encrypts the community-points alarm topic',
      enableKeyRotation: true,
    });
    key.grant(new ServicePrincipal('cloudwatch.amazonaws.com'), 'kms:Decrypt', 'kms:GenerateDataKey*');
    this.topic = new Topic(this, 'AlarmTopic', {
      displayName: 'community-points alarms',
      masterKey: key,
      enforceSSL: true,
    });
    this.action = new SnsAction(this.topic);
    this.dashboard = new Dashboard(this, 'Dashboard', { defaultInterval: Duration.hours(6) });

    const api = props.httpApi;
    const count = api.metricCount({ period: FIVE_MIN, statistic: 'Sum' });
    const errors5xx = api.metricServerError({ period: FIVE_MIN, statistic: 'Sum' });
    const rate5xx = new MathExpression({
      expression: 'IF(requests > 0, 100 * errors / requests, 0)',
      usingMetrics: { requests: count, errors: errors5xx },
      label: '5xx %',
      period: FIVE_MIN,
    });
    const p99 = api.metricLatency({ period: FIVE_MIN, statistic: 'p99' });
    this.alarm('Api5xxRate', {
      description: `More than ${props.serverErrorPercent ?? 5}% of API answers are 5xx (5 min, 2 of 3 periods)`,
      metric: rate5xx,
      threshold: props.serverErrorPercent ?? 5,
      evaluationPeriods: 3,
      datapointsToAlarm: 2,
    });
    this.alarm('ApiP99Latency', {
      description: `API p99 latency above ${props.p99LatencyMs ?? 3000} ms (5 min, 2 of 3 periods)`,
      metric: p99,
      threshold: props.p99LatencyMs ?? 3000,
      evaluationPeriods: 3,
      datapointsToAlarm: 2,
    });

    const throttles = props.table.metricThrottledRequestsForOperations({
      operations: TABLE_OPERATIONS,
      period: FIVE_MIN,
    });
    const systemErrors = props.table.metricSystemErrorsForOperations({
      operations: TABLE_OPERATIONS,
      period: FIVE_MIN,
    });
    this.alarm('TableThrottles', {
      description: 'DynamoDB throttled requests of the table (any, 5 min)',
      metric: throttles,
      threshold: 0,
    });
    this.alarm('TableSystemErrors', {
      description: 'DynamoDB answered with server errors (any, 5 min)',
      metric: systemErrors,
      threshold: 0,
    });

    const business = (name: string) =>
      new Metric({
        namespace: METRICS_NAMESPACE,
        metricName: name,
        dimensionsMap: { service: 'community-points' },
        statistic: 'Sum',
        period: FIVE_MIN,
      });
    this.dashboard.addWidgets(
      new TextWidget({
        markdown: '# community-points\nAlarms, what they mean and what to do: docs/operations.md in the repository.',
        width: 24,
        height: 2,
      }),
      new GraphWidget({ title: 'API requests and 5xx', left: [count, errors5xx], right: [rate5xx], width: 8 }),
      new GraphWidget({
        title: 'API latency (ms)',
        left: [p99, api.metricLatency({ period: FIVE_MIN, statistic: 'p50' })],
        width: 8,
      }),
      // Two graphs: both sums name their per-operation metrics alike, which one graph cannot hold.
      new GraphWidget({ title: 'DynamoDB throttled requests', left: [throttles], width: 4 }),
      new GraphWidget({ title: 'DynamoDB system errors', left: [systemErrors], width: 4 }),
      new GraphWidget({
        title: 'Scans (bins)',
        left: ['ScansAccepted', 'ScansDuplicate', 'ScansRejected'].map(business),
        width: 8,
      }),
      new GraphWidget({
        title: 'Points and redemptions',
        left: ['PointsCredited', 'PointsDebited'].map(business),
        right: [business('Redemptions')],
        width: 8,
      }),
      new GraphWidget({ title: 'Notices and flags', left: ['NoticesSent', 'FlagsRaised'].map(business), width: 8 }),
    );
  }

  /** Errors and throttles alarms for a function, and its lines on the dashboard. */
  watchFunction(id: string, fn: IFunction): void {
    const errors = fn.metricErrors({ period: FIVE_MIN, statistic: 'Sum', label: `${id} errors` });
    const throttles = fn.metricThrottles({ period: FIVE_MIN, statistic: 'Sum', label: `${id} throttles` });
    this.alarm(`${id}Errors`, {
      description: `${id}: the function failed (any error, 5 min)`,
      metric: errors,
      threshold: 0,
    });
    this.alarm(`${id}Throttles`, {
      description: `${id}: invocations throttled (account or reserved concurrency reached, 5 min)`,
      metric: throttles,
      threshold: 0,
    });
    this.fnWidgets.errors.push(errors);
    this.fnWidgets.throttles.push(throttles);
    this.fnWidgets.duration.push(fn.metricDuration({ period: FIVE_MIN, statistic: 'p99', label: `${id} p99 ms` }));
  }

  /** A dead-letter queue: any message in it pages someone (something was given up on). */
  watchQueue(id: string, queue: IQueue, meaning: string): void {
    const depth = queue.metricApproximateNumberOfMessagesVisible({ period: Duration.minutes(1), label: id });
    this.alarm(`${id}Depth`, { description: meaning, metric: depth, threshold: 0 });
    this.queueMetrics.push(depth);
  }

  /** An alarm made elsewhere (e.g. the stream consumer's iterator age): notifies the topic too. */
  addAlarm(alarm: IAlarm & Alarm): void {
    alarm.addAlarmAction(this.action);
    alarm.addOkAction(this.action);
    this.alarms.push(alarm);
  }

  /** Adds the per-function and queue widgets; call once after every watch*. */
  finish(): void {
    this.dashboard.addWidgets(
      new GraphWidget({ title: 'Lambda errors', left: this.fnWidgets.errors, width: 8 }),
      new GraphWidget({ title: 'Lambda throttles', left: this.fnWidgets.throttles, width: 8 }),
      new GraphWidget({ title: 'Lambda p99 duration', left: this.fnWidgets.duration, width: 8 }),
      new GraphWidget({ title: 'Dead-letter queues (messages)', left: this.queueMetrics, width: 12 }),
    );
  }

  private alarm(
    id: string,
    o: {
      description: string;
      metric: IMetric;
      threshold: number;
      evaluationPeriods?: number;
      datapointsToAlarm?: number;
    },
  ): Alarm {
    const alarm = new Alarm(this, id, {
      alarmDescription: `${o.description}. Runbook: docs/operations.md#${id.toLowerCase()}`,
      metric: o.metric,
      threshold: o.threshold,
      comparisonOperator: ComparisonOperator.GREATER_THAN_THRESHOLD,
      evaluationPeriods: o.evaluationPeriods ?? 1,
      datapointsToAlarm: o.datapointsToAlarm,
      // No traffic is not an outage; an error-rate alarm with no data stays OK.
      treatMissingData: TreatMissingData.NOT_BREACHING,
    });
    this.addAlarm(alarm);
    return alarm;
  }
}
