import { unmarshall } from '@aws-sdk/util-dynamodb';
import type { AttributeValue } from '@aws-sdk/client-dynamodb';
import type { StreamRecordLike } from '../source.js';

/** The new images of the items of one `type` that a batch inserted (what the flag detectors read). */
export function insertedOfType(records: StreamRecordLike[], type: string): Record<string, unknown>[] {
  const out: Record<string, unknown>[] = [];
  for (const r of records) {
    if (r.eventName !== 'INSERT') continue;
    const image = r.dynamodb?.NewImage as Record<string, AttributeValue> | undefined;
    if (!image || (image.type as { S?: string } | undefined)?.S !== type) continue;
    out.push(unmarshall(image));
  }
  return out;
}

/** Runs `fn` over `items`, `n` at a time. */
export async function inBatches<T>(items: T[], n: number, fn: (x: T) => Promise<void>): Promise<void> {
  for (let i = 0; i < items.length; i += n) await Promise.all(items.slice(i, i + n).map(fn));
}
