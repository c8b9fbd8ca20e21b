import { Tracer } from '@aws-lambda-powertools/tracer';

/**
 * The process's one Powertools Tracer. It is active only in Lambda with tracing on (X-Ray `Active` in CDK);
 * elsewhere every call is a no-op. functions/db/client.ts hands it the DynamoDB client, so each command is an
 * X-Ray subsegment with its table, operation and latency.
 */
export const tracer = new Tracer({ serviceName: process.env.POWERTOOLS_SERVICE_NAME ?? 'community-points' });
