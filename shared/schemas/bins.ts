import { z } from 'zod';
import { Id, IsoTime } from './common.js';
import { CardNo } from './cards.js';

const Name = z.string().trim().min(1).max(60);

export const BinInput = z.object({ communityId: Id, name: Name });
/** A smart bin as listed (no secret). */
export const Bin = z.object({ id: Id, communityId: Id, name: z.string(), createdAt: z.string() }).meta({ id: 'Bin' });
export type Bin = z.infer<typeof Bin>;
/** The registration answer: the only time the bin's secret is shown. */
export const BinCreated = z
  .object({
    id: Id,
    communityId: Id,
    name: z.string(),
    secret: z.string().meta({ description: 'HMAC key of the bin (UTF-8 bytes of this string); shown only once' }),
  })
  .meta({ id: 'BinCreated' });

export const GarbageCategory = z.enum(['kitchen', 'recyclable', 'hazardous', 'other']);
export type GarbageCategory = z.infer<typeof GarbageCategory>;

/** One drop at a bin: a card scanned, the camera's verdict. */
export const Scan = z.object({
  scanId: z.string().regex(/^[A-Za-z0-9_-]{1,64}$/, 'must be 1–64 of A-Z a-z 0-9 _ -'),
  cardNo: CardNo,
  category: GarbageCategory,
  correct: z.boolean(),
  weightGrams: z.number().int().min(0).max(1_000_000).optional(),
  scannedAt: IsoTime,
});
export type Scan = z.infer<typeof Scan>;

export const ScanBatch = z.object({ scans: z.array(Scan).min(1).max(100) }).meta({ id: 'ScanBatch' });
export type ScanBatch = z.infer<typeof ScanBatch>;

export const ScanRejectReason = z.enum(['unknown-card', 'stale', 'future']);
export type ScanRejectReason = z.infer<typeof ScanRejectReason>;

export const ScanBatchResult = z
  .object({
    accepted: z.number().int(),
    duplicates: z.number().int(),
    rejected: z.array(z.object({ scanId: z.string(), reason: ScanRejectReason })),
    pointsAwarded: z.number().int(),
  })
  .meta({ id: 'ScanBatchResult' });
export type ScanBatchResult = z.infer<typeof ScanBatchResult>;

/** The signature headers every upload carries. */
export const BinSignatureHeaders = z.object({
  'x-bin-timestamp': z.string().meta({ description: 'Unix seconds; more than 300 s off → 401 invalid-signature' }),
  'x-bin-signature': z
    .string()
    .meta({ description: 'hex HMAC-SHA256(secret, "<timestamp>.<raw body>") over the exact body bytes' }),
});
