/** Structured JSON logs, one line each. Callers pass only safe fields: never tokens, codes or secrets. */
export type Level = 'debug' | 'info' | 'warn' | 'error';

let sink: (line: string) => void = (line) => process.stdout.write(`${line}\n`);
let quiet = process.env.LOG_LEVEL === 'silent';

const REDACT = /(authorization|token|code|secret|signature|password|otp)/i;

export function log(level: Level, msg: string, fields: Record<string, unknown> = {}): void {
  if (quiet) return;
  const safe: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(fields)) safe[k] = REDACT.test(k) ? '[redacted]' : v;
  // Wall time, not the injectable clock: an operator lines logs up with other systems' logs.
  sink(JSON.stringify({ level, msg, time: new Date().toISOString(), ...safe }));
}

/** Tests capture logs to prove that secrets never appear in them. */
export function setLogSink(fn: ((line: string) => void) | undefined, silent = false): void {
  sink = fn ?? ((line) => process.stdout.write(`${line}\n`));
  quiet = silent;
}
