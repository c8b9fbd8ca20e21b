import { z } from 'zod';
import { Id } from './common.js';

export const LedgerReason = z.enum(['volunteer', 'garbage', 'redeem', 'refund', 'adjust']);
export type LedgerReason = z.infer<typeof LedgerReason>;

export const LedgerEntry = z
  .object({
    id: Id,
    at: z.string(),
    delta: z.number().int(),
    reason: LedgerReason,
    ref: z.string(),
    balanceAfter: z.number().int(),
    /** Who moved it: the organiser who confirmed or adjusted, `bin:<id>`, the resident, `system`. */
    actorId: z.string(),
    note: z.string().optional(),
  })
  .meta({ id: 'LedgerEntry' });
export type LedgerEntry = z.infer<typeof LedgerEntry>;

export const AdjustmentInput = z.object({
  userId: Id,
  delta: z
    .number()
    .int()
    .refine((d) => d !== 0, 'must not be 0')
    .refine((d) => Math.abs(d) <= 10000, 'must be at most 10000 in size'),
  note: z.string().trim().min(1).max(200),
});

/**
 * An optional `Idempotency-Key` on an adjustment: the same key with the same body applies the correction
 * once and answers the first entry again; with another body it is 409 `conflict`. Keys live 48 h, per actor.
 */
export const AdjustmentIdempotencyHeader = z.object({
  'idempotency-key': z
    .string()
    .regex(/^[\x21-\x7E]{8,64}$/, 'must be 8–64 visible ASCII characters')
    .optional()
    .meta({ description: 'A new random value per correction, sent again unchanged on retries' }),
});
