import { z } from 'zod';
import { Id } from './common.js';

/** What a volunteer asks to have corrected (纠错申请). */
export const CorrectionKind = z.enum(['missing-checkin', 'wrong-minutes', 'other']);
export type CorrectionKind = z.infer<typeof CorrectionKind>;
export const CorrectionStatus = z.enum(['open', 'accepted', 'rejected']);

/** `minutes` (1..the activity's length, checked by the service) is required for the first two kinds. */
export const CorrectionInput = z
  .object({
    kind: CorrectionKind,
    minutes: z.number().int().min(1).optional(),
    note: z.string().trim().min(1).max(500),
  })
  .superRefine((c, ctx) => {
    if (c.kind !== 'other' && c.minutes === undefined) {
      ctx.addIssue({ code: 'custom', path: ['minutes'], message: 'is required for this kind' });
    }
  });
export type CorrectionInput = z.infer<typeof CorrectionInput>;

export const Correction = z
  .object({
    id: Id,
    activityId: Id,
    userId: Id,
    kind: CorrectionKind,
    minutes: z.number().int().nullable(),
    note: z.string(),
    status: CorrectionStatus,
    createdAt: z.string(),
    /** createdAt + 7 days: the organiser answers by then. */
    dueAt: z.string(),
    answeredAt: z.string().nullable().optional(),
    /** What was accepted, or why it was rejected. */
    acceptedMinutes: z.number().int().nullable().optional(),
    reason: z.string().nullable().optional(),
    activityTitle: z.string().optional(),
  })
  .meta({ id: 'Correction' });
export type Correction = z.infer<typeof Correction>;

/** A queue row: the request with the activity's title, the volunteer's name and whether it is overdue. */
export const QueuedCorrection = Correction.extend({
  activityTitle: z.string(),
  name: z.string(),
  communityId: Id,
  overdue: z.boolean(),
});

export const CorrectionQueueQuery = z.object({
  communityId: Id.optional(),
  status: CorrectionStatus.optional(),
});

export const AcceptCorrection = z.object({ minutes: z.number().int().min(0) });
export const AcceptResult = z.object({
  status: z.literal('accepted'),
  minutes: z.number().int(),
  credited: z.object({ minutes: z.number().int(), points: z.number().int() }),
});
export const RejectCorrection = z.object({ reason: z.string().trim().min(1).max(500) });
export const RejectResult = z.object({ status: z.literal('rejected') });
