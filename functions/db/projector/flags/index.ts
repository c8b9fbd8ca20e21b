import { inScope } from '../../work-scope.js';
import type { BatchResult } from '../project.js';
import type { StreamRecordLike } from '../source.js';
import { actFlags } from './act-flags.js';
import { scanBurstFlags } from './scan-bursts.js';
import { sharedDeviceFlags } from './shared-device.js';

/** Every review-flag detector (API.md "Trust"): each reads a stream batch and raises flags idempotently. */
export const flagDetectors: ((records: StreamRecordLike[]) => Promise<number>)[] = [
  actFlags,
  scanBurstFlags,
  sharedDeviceFlags,
];

/**
 * Raises the review flags of a stream batch. Never part of the acts (they are done and answered): flags
 * are judged after, from what the acts wrote. Exactly once per (kind, subject, window) because each flag
 * is a conditional Put of its once-guard and the burst windows grow by idempotent set ADDs — so a failed
 * batch is simply retried whole (Lambda from its first record; the projections' guards skip what they did).
 */
export async function raiseFlags(records: StreamRecordLike[]): Promise<BatchResult> {
  try {
    await inScope('projector', () => Promise.all(flagDetectors.map((d) => d(records))));
    return { batchItemFailures: [] };
  } catch (err) {
    console.error(JSON.stringify({ level: 'error', msg: 'review flags failed', error: String(err) }));
    const first = records[0]?.dynamodb?.SequenceNumber;
    return { batchItemFailures: first ? [{ itemIdentifier: first }] : [] };
  }
}
