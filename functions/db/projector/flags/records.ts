import { unmarshall } from '@aws-sdk/util-dynamodb';
import type { AttributeValue } from '@aws-sdk/client-dynamodb';
import { FLAG_INPUT_RECORDS, matchesPattern, type FlagInputType } from '../../../jobs/projector-filter.js';
import type { StreamRecordLike } from '../source.js';

/**
 * `unmarshall`, except that an attribute it cannot read is left out: an empty map (an audit entry's
 * `detail: {}`) reaches the stream reader here as a bare `{}`, which `unmarshall` refuses.
 */
function unmarshallLenient(image: Record<string, AttributeValue>): Record<string, unknown> {
  try {
    return unmarshall(image);
  } catch {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(image)) {
      try {
        Object.assign(out, unmarshall({ [k]: v }));
      } catch {
        // unreadable: left out
      }
    }
    return out;
  }
}

/**
 * The new images of the items of one `type` that a batch inserted (what the flag detectors read). `type`
 * is one of FLAG_INPUT_TYPES and the record must pass FLAG_INPUT_RECORDS (functions/jobs/projector-filter.ts):
 * a detector reading another type does not compile until the type joins the event source's filter.
 */
export function insertedOfType(records: StreamRecordLike[], type: FlagInputType): Record<string, unknown>[] {
  const out: Record<string, unknown>[] = [];
  for (const r of records) {
    if (r.eventName !== 'INSERT' || !matchesPattern(FLAG_INPUT_RECORDS, r)) continue;
    const image = r.dynamodb?.NewImage as Record<string, AttributeValue> | undefined;
    if (!image || (image.type as { S?: string } | undefined)?.S !== type) continue;
    out.push(unmarshallLenient(image));
  }
  return out;
}

/** Runs `fn` over `items`, `n` at a time. */
export async function inBatches<T>(items: T[], n: number, fn: (x: T) => Promise<void>): Promise<void> {
  for (let i = 0; i < items.length; i += n) await Promise.all(items.slice(i, i + n).map(fn));
}
