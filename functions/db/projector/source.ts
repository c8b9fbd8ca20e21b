import { unmarshall } from '@aws-sdk/util-dynamodb';
import type { AttributeValue } from '@aws-sdk/client-dynamodb';

/**
 * One record of the table's stream as both Lambda (DynamoDB Streams event source) and the local poller
 * (`GetRecords` of `@aws-sdk/client-dynamodb-streams`) hand it over: images in DynamoDB JSON.
 */
export interface StreamRecordLike {
  eventID?: string;
  eventName?: 'INSERT' | 'MODIFY' | 'REMOVE' | string;
  dynamodb?: {
    Keys?: Record<string, unknown>;
    NewImage?: Record<string, unknown>;
    OldImage?: Record<string, unknown>;
    SequenceNumber?: string;
    ApproximateCreationDateTime?: number | Date;
  };
}

/** The source item kinds the projector reads; everything else on the stream is ignored. */
export type SourceKind = 'ledger' | 'service' | 'garbage-day';

const KINDS: Record<string, SourceKind> = { LEDGER: 'ledger', SERVICE: 'service', GCAP: 'garbage-day' };

/**
 * One source record: an item a request transaction wrote, with `src` = what the projector needs.
 * `(userId, ver, slot)` names it: `ver` is the person's profile version the transaction wrote (one per
 * transaction, increasing), `slot` tells the transaction's source items apart.
 */
export interface SourceEvent {
  /** The stream record's sequence number (what a batch item failure names). */
  seq: string;
  userId: string;
  ver: number;
  slot: number;
  kind: SourceKind;
  /** The item as written (new image). */
  item: Record<string, unknown>;
  /** `item.src`. */
  src: Record<string, unknown>;
  /** When the record entered the stream (ms), for the lag measure; undefined when unknown. */
  streamedAt?: number;
}

/** The source event of a stream record, or undefined when the projector has nothing to do with it. */
export function toSourceEvent(r: StreamRecordLike): SourceEvent | undefined {
  if (r.eventName !== 'INSERT' && r.eventName !== 'MODIFY') return undefined;
  const image = r.dynamodb?.NewImage;
  if (!image || !('src' in image) || !('type' in image)) return undefined;
  const item = unmarshall(image as Record<string, AttributeValue>);
  const kind = KINDS[item.type as string];
  const src = item.src as Record<string, unknown> | undefined;
  if (!kind || !src || typeof src.ver !== 'number' || typeof item.userId !== 'string') return undefined;
  const t = r.dynamodb?.ApproximateCreationDateTime;
  return {
    seq: r.dynamodb?.SequenceNumber ?? '',
    userId: item.userId,
    ver: src.ver,
    slot: (src.slot as number | undefined) ?? 0,
    kind,
    item,
    src,
    streamedAt: t === undefined ? undefined : t instanceof Date ? t.getTime() : t * 1000,
  };
}
