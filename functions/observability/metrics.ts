import { Metrics, MetricUnit } from '@aws-lambda-powertools/metrics';

/** The business metrics the dashboard and alarms read (namespace `CommunityPoints`, dimension `service`). */
export type MetricName =
  | 'PointsCredited'
  | 'PointsDebited'
  | 'Redemptions'
  | 'ScansAccepted'
  | 'ScansDuplicate'
  | 'ScansRejected'
  | 'NoticesSent'
  | 'FlagsRaised';

export const METRICS_NAMESPACE = 'CommunityPoints';

// EMF lines only where CloudWatch reads them: outside Lambda (npm start, tests) they would be noise on stdout.
if (!process.env.AWS_LAMBDA_FUNCTION_NAME) process.env.POWERTOOLS_METRICS_DISABLED ??= 'true';

const metrics = new Metrics({
  namespace: METRICS_NAMESPACE,
  serviceName: process.env.POWERTOOLS_SERVICE_NAME ?? 'community-points',
});

type Listener = (name: MetricName, value: number) => void;
let listener: Listener | undefined;
// Powertools warns on every publish with nothing stored; most requests count nothing.
let stored = false;

/**
 * Counts `value` of a business event for this invocation (`value` 0 is ignored). Published as one EMF line at
 * the end of the invocation (functions/observability/lambda.ts); any module may call it (notices, flags, …).
 */
export function countMetric(name: MetricName, value = 1): void {
  if (value <= 0) return;
  metrics.addMetric(name, MetricUnit.Count, value);
  stored = true;
  listener?.(name, value);
}

/** Writes this invocation's metrics (one EMF log line) and starts afresh. */
export function publishMetrics(): void {
  if (!stored) return;
  stored = false;
  metrics.publishStoredMetrics();
}

/** Tests observe counts as they are made. */
export function onMetric(fn: Listener | undefined): void {
  listener = fn;
}
