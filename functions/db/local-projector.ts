import { handler } from '../jobs/projector.js';
import { projectorWants } from '../jobs/projector-filter.js';
import { config } from '../config.js';
import { StreamPoller } from './stream-poller.js';

let current: { key: string; poller: StreamPoller } | undefined;

/**
 * The projector of this process's table on DynamoDB Local: the Lambda handler itself, fed by a
 * StreamPoller with the event source's filter (functions/jobs/projector-filter.ts: the records the cloud
 * does not invoke the Lambda for are not handed over here either). `npm start` runs it on a loop; tests
 * drain it before they read a projection.
 */
export function localProjector(): StreamPoller {
  const c = config();
  const key = `${c.dynamodbEndpoint}|${c.tableName}`;
  if (current?.key !== key) {
    current = { key, poller: new StreamPoller((records) => handler({ Records: records }), { filter: projectorWants }) };
  }
  return current.poller;
}

/** Applies everything written so far to the projections (tests: instead of waiting for the poller). */
export const drainProjector = (): Promise<number> => localProjector().drain();
