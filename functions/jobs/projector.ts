import { projectRecords, type BatchResult } from '../db/projector/project.js';
import type { StreamRecordLike } from '../db/projector/source.js';

/**
 * The projector's Lambda: a DynamoDB Streams event source hands it batches of the table's stream
 * (ReportBatchItemFailures on). Locally `npm start` and the tests feed the same function from a poller
 * (functions/db/stream-poller.ts). All the work is in functions/db/projector.
 */
export const handler = (event: { Records: StreamRecordLike[] }): Promise<BatchResult> => projectRecords(event.Records);
