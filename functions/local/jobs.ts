/** Scheduled work that runs in the cloud on EventBridge; locally on timers. Feature issues add jobs here. */
export interface LocalJob {
  name: string;
  everyMs: number;
  run(): Promise<unknown>;
}

export const localJobs: LocalJob[] = [];

export function startLocalJobs(): { stop(): void } {
  const timers = localJobs.map((j) =>
    setInterval(() => {
      j.run().catch((err: unknown) => console.error(`job ${j.name} failed:`, err));
    }, j.everyMs),
  );
  return { stop: () => timers.forEach(clearInterval) };
}
