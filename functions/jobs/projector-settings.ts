/**
 * How the projector Lambda is fed and sized — ONE definition, read by the cloud's event source
 * (infra/constructs/projector.ts), by the local poller that stands in for it (functions/db/stream-poller.ts,
 * what `npm start` and the bench run) and by the bench's bill (bench/cost.ts). Kept apart from the CDK
 * construct so the server and the bench import plain numbers, not aws-cdk-lib, and the three cannot drift.
 */
export const PROJECTOR = {
  /** Records per batch at most (the event source's `batchSize`). */
  batchSize: 1000,
  /**
   * How long the first record of a batch waits for more before the batch is handed over (the event
   * source's `maxBatchingWindow`, whole seconds). One bin upload's ~25 holder transactions commit within a
   * few hundred ms, so they reach the handler as one batch and its coalesced writes happen once; with a
   * few seconds of work the lag stays under the contract's 10 s.
   */
  batchWindowSeconds: 2,
  /** The Lambda's memory (MB): the bench bills its GB-seconds with it. */
  memoryMb: 512,
  timeoutSeconds: 60,
  /** The contract's lag (a credit shows on boards within 10 s); the alarm fires when records wait longer. */
  lagAlarmSeconds: 10,
} as const;
