import { log } from '../api/log.js';
import { expireReservations, type ExpiryRun } from '../services/redemptions.js';

/**
 * Cancels and refunds reservations not collected within RESERVATION_DAYS. The cloud runs it on an
 * EventBridge schedule; `npm start` on a timer (functions/local/jobs.ts). Safe to run twice at once.
 */
export async function handler(): Promise<ExpiryRun> {
  const run = await expireReservations(new Date());
  if (run.expired > 0 || run.skipped > 0) log('info', 'reservations expired', { ...run });
  return run;
}
