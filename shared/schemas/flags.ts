import { z } from 'zod';
import { Id, ListQuery, page } from './common.js';

/** What a review flag is about (API.md "Trust: review flags and the audit trail"). */
export const FlagKind = z.enum(['shared-device', 'card-burst', 'bin-burst', 'large-credit', 'large-adjustment']);
export type FlagKind = z.infer<typeof FlagKind>;

export const FlagStatus = z.enum(['open', 'resolved']);
export type FlagStatus = z.infer<typeof FlagStatus>;

/** `clear`: nothing wrong; `confirmed`: the reviewer found it was abuse (and acts on it outside the flag). */
export const FlagDecision = z.enum(['clear', 'confirmed']);
export type FlagDecision = z.infer<typeof FlagDecision>;

/** The facts that raised a flag: flat values or lists of them, so they read in a table and a CSV cell. */
export const FlagEvidence = z.record(
  z.string(),
  z.union([z.string(), z.number(), z.boolean(), z.null(), z.array(z.union([z.string(), z.number()]))]),
);
export type FlagEvidence = z.infer<typeof FlagEvidence>;

/**
 * One review flag. `subject` names whose act or thing it is about: `user:<id>` (an organiser's act),
 * `device:<id>`, `card:<no>`, `bin:<id>`. The subject never sees or resolves it.
 */
export const Flag = z
  .object({
    id: Id,
    kind: FlagKind,
    communityId: Id.nullable(),
    subject: z.string(),
    evidence: FlagEvidence,
    createdAt: z.string(),
    status: FlagStatus,
    /** Whose queue: `street` (its street's organisers and the admin) or `city` (the admin only). */
    level: z.enum(['street', 'city']),
    decision: FlagDecision.nullable(),
    note: z.string().nullable(),
    resolvedAt: z.string().nullable(),
    resolvedBy: Id.nullable(),
  })
  .meta({ id: 'Flag' });
export type Flag = z.infer<typeof Flag>;

export const FlagPage = page(Flag).meta({ id: 'FlagPage' });

/** `GET /api/flags`: the caller's review queue, oldest first; `communityId` narrows it to one community. */
export const FlagQuery = ListQuery.extend({
  status: FlagStatus.default('open'),
  communityId: Id.optional(),
});
export type FlagQuery = z.infer<typeof FlagQuery>;

/** `POST /api/flags/{id}/resolve`. */
export const ResolveFlag = z
  .object({
    decision: FlagDecision,
    note: z.string().trim().min(1).max(500),
  })
  .meta({ id: 'ResolveFlag' });
export type ResolveFlag = z.infer<typeof ResolveFlag>;
