import { raiseFlags } from '../db/projector/flags/index.js';
import { projectRecords, type BatchResult } from '../db/projector/project.js';
import type { StreamRecordLike } from '../db/projector/source.js';

/** The earliest record any consumer failed on: Lambda (and the poller) resume the batch there. */
function earliest(records: StreamRecordLike[], results: BatchResult[]): BatchResult {
  const order = new Map(records.map((r, i) => [r.dynamodb?.SequenceNumber ?? '', i]));
  const failed = results
    .flatMap((r) => r.batchItemFailures)
    .sort((a, b) => (order.get(a.itemIdentifier) ?? 0) - (order.get(b.itemIdentifier) ?? 0));
  return { batchItemFailures: failed.slice(0, 1) };
}

/**
 * The projector's Lambda: a DynamoDB Streams event source hands it batches of the table's stream
 * (ReportBatchItemFailures on). Locally `npm start` and the tests feed the same function from a poller
 * (functions/db/stream-poller.ts). All the work is in functions/db/projector: the projections, and the
 * review flags (idempotent by themselves, so a batch resumed early for either is safe for both).
 */
export const handler = async (event: { Records: StreamRecordLike[] }): Promise<BatchResult> =>
  earliest(event.Records, await Promise.all([projectRecords(event.Records), raiseFlags(event.Records)]));
