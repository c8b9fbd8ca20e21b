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

const KINDS: Record<string, SourceKind> = { LEDGER: 'ledger', SERVICE: 'service' };

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
  /** `item.src` (for a garbage day share: the share, with the transaction's `ver` and the holder's place). */
  src: Record<string, unknown>;
  /** When the record entered the stream (ms), for the lag measure; undefined when unknown. */
  streamedAt?: number;
}

/**
 * The source events of a stream record (none when the projector has nothing to do with it):
 * - a ledger entry or a service record: one, its `src`;
 * - a profile (`USER`) whose `src` a bin credit wrote (`{ ver, days: [...] }`): one `garbage-day` event per
 *   local day of the credit, with the holder's name and community as the same image holds them (the place
 *   at earning time). A later write of the profile that keeps an old `src` repeats events already named
 *   by their (ver, slot): the projector's guard drops them.
 */
export function toSourceEvents(r: StreamRecordLike): SourceEvent[] {
  if (r.eventName !== 'INSERT' && r.eventName !== 'MODIFY') return [];
  const image = r.dynamodb?.NewImage;
  if (!image || !('src' in image) || !('type' in image)) return [];
  const item = unmarshall(image as Record<string, AttributeValue>);
  const src = item.src as Record<string, unknown> | undefined;
  if (!src || typeof src.ver !== 'number') return [];
  const t = r.dynamodb?.ApproximateCreationDateTime;
  const base = {
    seq: r.dynamodb?.SequenceNumber ?? '',
    item,
    streamedAt: t === undefined ? undefined : t instanceof Date ? t.getTime() : t * 1000,
  };
  if (item.type === 'USER' && typeof item.id === 'string' && Array.isArray(src.days)) {
    const place = { name: item.name ?? '', communityId: item.communityId ?? null };
    return (src.days as Record<string, unknown>[]).map((d) => {
      const day = d.day as string;
      return {
        ...base,
        userId: item.id as string,
        ver: src.ver as number,
        slot: d.slot as number,
        kind: 'garbage-day' as const,
        src: { ...d, ...place, month: day.slice(0, 7), ver: src.ver },
      };
    });
  }
  const kind = KINDS[item.type as string];
  if (!kind || typeof item.userId !== 'string') return [];
  return [{ ...base, userId: item.userId, ver: src.ver, slot: (src.slot as number | undefined) ?? 0, kind, src }];
}
