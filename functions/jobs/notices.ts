import { log } from '../api/log.js';
import { instrumented } from '../observability/lambda.js';
import { sendActivityReminders, sendReservationExpiring } from '../services/reminders.js';
import { sendDueTexts } from '../services/notify.js';

interface JobContext {
  getRemainingTimeInMillis(): number;
}

/**
 * Reminders (24 h and 2 h before), "collect soon" notices and the texts held over quiet hours. The cloud runs it
 * every 5 minutes on EventBridge, locally every JOB_INTERVAL_S. Every notice is guarded per (person, kind,
 * subject), so a run that died halfway and runs again sends only what is still missing.
 */
async function run(_event?: unknown, context?: JobContext) {
  const deadline = context
    ? performance.now() + Math.max(1_000, context.getRemainingTimeInMillis() - 15_000)
    : undefined;
  const reminders = await sendActivityReminders();
  const expiring = await sendReservationExpiring();
  const texts = await sendDueTexts({ deadline });
  const run = {
    reminders: reminders.sent,
    expiring: expiring.sent,
    texts: texts.sent,
    failed: reminders.failed + expiring.failed,
  };
  if (run.reminders + run.expiring + run.texts + run.failed > 0) log('info', 'notices sent', run);
  // A failed notice is retried by the next run; failing the invocation sends it to the DLQ for a look.
  if (run.failed > 0) throw new Error(`${run.failed} notices failed; the next run retries them`);
  return run;
}

export const handler = instrumented('notices', run);
