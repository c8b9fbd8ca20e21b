import { log } from '../api/log.js';
import { instrumented } from '../observability/lambda.js';
import { expireReservations, type ExpiryRun } from '../services/redemptions.js';
import { nowDate } from '../clock.js';

/** The part of the Lambda context this job uses. */
interface JobContext {
  getRemainingTimeInMillis(): number;
}

/**
 * Cancels and refunds reservations not collected within RESERVATION_DAYS. The cloud runs it on an
 * EventBridge schedule; `npm start` on a timer (functions/local/jobs.ts). Safe to run twice at once.
 */
async function run(_event?: unknown, context?: JobContext): Promise<ExpiryRun> {
  // Leave 15 s of the Lambda's time to finish the cancel in flight and return.
  const budgetMs = context ? Math.max(1_000, context.getRemainingTimeInMillis() - 15_000) : undefined;
  const run = await expireReservations(nowDate(), { budgetMs });
  if (run.expired > 0 || run.skipped > 0) log('info', 'reservations expired', { ...run });
  return run;
}

export const handler = instrumented('expire-reservations', run);
