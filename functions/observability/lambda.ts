import { logger } from './logger.js';
import { publishMetrics } from './metrics.js';
import { tracer } from './tracer.js';

/** What Lambda passes as the context (the fields Powertools reads, and the time left). */
export type LambdaContext = Parameters<typeof logger.addContext>[0] & { getRemainingTimeInMillis(): number };

/** API Gateway's own request id, when the event came through it: the id in its access log. */
function apiRequestId(event: unknown): string | undefined {
  const id = (event as { requestContext?: { requestId?: unknown } } | undefined)?.requestContext?.requestId;
  return typeof id === 'string' ? id : undefined;
}

/**
 * Wraps a Lambda handler the way Powertools' middlewares would, without middy (one dependency less on the cold
 * path): each log line carries the function's request id, cold start and trace id, and the API request id as
 * `correlation_id`; debug sampling is re-drawn per invocation; an X-Ray subsegment `## <name>` is annotated with
 * the cold start; the invocation's metrics are published as one EMF line at the end, also when it throws.
 */
export function instrumented<E, R>(
  name: string,
  fn: (event: E, context?: LambdaContext) => Promise<R>,
): (event: E, context?: LambdaContext) => Promise<R> {
  return async (event, context) => {
    if (context?.awsRequestId) logger.addContext(context);
    logger.refreshSampleRateCalculation();
    const correlation = apiRequestId(event);
    if (correlation) logger.appendKeys({ correlation_id: correlation });
    const segment = tracer.isTracingEnabled() ? tracer.getSegment() : undefined;
    const sub = segment?.addNewSubsegment(`## ${name}`);
    if (sub) {
      tracer.setSegment(sub);
      tracer.annotateColdStart();
      tracer.addServiceNameAnnotation();
    }
    try {
      return await fn(event, context);
    } catch (err) {
      if (sub) tracer.addErrorAsMetadata(err as Error);
      throw err;
    } finally {
      sub?.close();
      if (segment) tracer.setSegment(segment);
      publishMetrics();
      logger.resetKeys();
    }
  };
}
