import { handler as expireReservationsJob } from '../jobs/expire-reservations.js';
import { handler as noticesJob } from '../jobs/notices.js';

/** Scheduled work that runs in the cloud on EventBridge; locally on timers. Feature issues add jobs here. */
export interface LocalJob {
  name: string;
  run(): Promise<unknown>;
}

export const localJobs: LocalJob[] = [
  // Issue 5: cancel and refund reservations not collected within RESERVATION_DAYS.
  { name: 'expire-reservations', run: () => expireReservationsJob(undefined) },
  // Issue 11: reminders, "collect soon" notices, texts held over quiet hours.
  { name: 'notices', run: () => noticesJob(undefined) },
];

/** Seconds between local job runs: `JOB_INTERVAL_S`, default 15 (the cloud runs them every 5 minutes). */
export function jobIntervalMs(env: NodeJS.ProcessEnv = process.env): number {
  const s = Number(env.JOB_INTERVAL_S);
  return (Number.isFinite(s) && s > 0 ? s : 15) * 1000;
}

/** Runs every job on a timer; a run still going when the next is due is skipped, never doubled up. */
export function startLocalJobs(everyMs = jobIntervalMs()): { stop(): void } {
  const timers = localJobs.map((j) => {
    let running = false;
    return setInterval(() => {
      if (running) return;
      running = true;
      j.run()
        .catch((err: unknown) => console.error(`job ${j.name} failed:`, err))
        .finally(() => {
          running = false;
        });
    }, everyMs);
  });
  return { stop: () => timers.forEach(clearInterval) };
}
