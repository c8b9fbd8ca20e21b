import { levelFromEnv, logger } from '../observability/logger.js';

/** Structured JSON logs (Powertools Logger), one line each. Callers pass only safe fields: never tokens, codes or secrets. */
export type Level = 'debug' | 'info' | 'warn' | 'error';

// A second line of defence: a field whose name looks secret is never written, whatever a caller passes.
const REDACT = /(authorization|token|code|secret|signature|password|otp)/i;

export function log(level: Level, msg: string, fields: Record<string, unknown> = {}): void {
  const safe: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(fields)) safe[k] = REDACT.test(k) ? '[redacted]' : v;
  logger[level](msg, safe);
}

type Sink = Record<'log' | 'info' | 'warn' | 'error' | 'debug' | 'trace', (line: string) => void>;
const original = (logger as unknown as { console: Sink }).console;

/**
 * Tests capture logs to prove that secrets never appear in them. Powertools prints through its own Console
 * instance; swapping it is the one seam that sees every line exactly as Lambda would get it.
 */
export function setLogSink(fn: ((line: string) => void) | undefined, silent = false): void {
  const holder = logger as unknown as { console: Sink };
  holder.console = fn ? { log: fn, info: fn, warn: fn, error: fn, debug: fn, trace: fn } : original;
  logger.setLogLevel(silent ? 'SILENT' : fn ? 'DEBUG' : levelFromEnv());
}
