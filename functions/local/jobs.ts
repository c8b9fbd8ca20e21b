import { handler as expireReservationsJob } from '../jobs/expire-reservations.js';

/** Scheduled work that runs in the cloud on EventBridge; locally on timers. Feature issues add jobs here. */
export interface LocalJob {
  name: string;
  everyMs: number;
  run(): Promise<unknown>;
}

export const localJobs: LocalJob[] = [
  // Issue 5: cancel and refund reservations not collected within RESERVATION_DAYS.
  { name: 'expire-reservations', everyMs: 60_000, run: () => expireReservationsJob(undefined) },
];

export function startLocalJobs(): { stop(): void } {
  const timers = localJobs.map((j) =>
    setInterval(() => {
      j.run().catch((err: unknown) => console.error(`job ${j.name} failed:`, err));
    }, j.everyMs),
  );
  return { stop: () => timers.forEach(clearInterval) };
}
