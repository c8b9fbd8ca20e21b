import { Logger } from '@aws-lambda-powertools/logger';

const LEVELS = ['TRACE', 'DEBUG', 'INFO', 'WARN', 'ERROR', 'CRITICAL', 'SILENT'] as const;
type LevelName = (typeof LEVELS)[number];

/** `LOG_LEVEL` in any case (`silent`, `debug`, …); Powertools reads the env alias case-sensitively, so it is passed here. */
export function levelFromEnv(): LevelName {
  const v = (process.env.LOG_LEVEL ?? '').toUpperCase();
  return (LEVELS as readonly string[]).includes(v) ? (v as LevelName) : 'INFO';
}

/**
 * The process's one Powertools Logger: JSON lines with level, message, timestamp, service and, in Lambda, the
 * function's request id, cold start and X-Ray trace id (`addContext` per invocation, functions/observability/lambda.ts).
 * `POWERTOOLS_LOGGER_SAMPLE_RATE` turns on debug logs for that share of invocations. Locally the same JSON lines.
 */
export const logger = new Logger({
  serviceName: process.env.POWERTOOLS_SERVICE_NAME ?? 'community-points',
  logLevel: levelFromEnv(),
});
