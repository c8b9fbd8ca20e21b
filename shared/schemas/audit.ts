import { z } from 'zod';
import { Id, IsoTime, ListQuery, page } from './common.js';

/** What an audited privileged act did (API.md "Trust: review flags and the audit trail"). */
export const AuditAction = z.enum([
  'role.grant',
  'role.revoke',
  'points.adjust',
  'attendance.proxy',
  'activity.confirm',
  'correction.accept',
  'correction.reject',
  'card.bind',
  'card.unbind',
  'bin.create',
  'reward.create',
  'reward.update',
  'redemption.fulfil',
  'redemption.cancel',
  'resident.create',
  'resident.phone',
  'flag.resolve',
]);
export type AuditAction = z.infer<typeof AuditAction>;

/** Small facts of the act (amount, role, note…): flat values only, so they read well in a CSV cell too. */
export const AuditDetail = z.record(z.string(), z.union([z.string(), z.number(), z.boolean(), z.null()]));
export type AuditDetail = z.infer<typeof AuditDetail>;

/** One privileged act, as the audit trail shows it. `target` names the object: `user:<id>`, `card:<no>`, … */
export const AuditEntry = z
  .object({
    id: Id,
    at: z.string(),
    actorId: Id,
    actorName: z.string(),
    action: AuditAction,
    target: z.string(),
    communityId: Id.nullable(),
    detail: AuditDetail,
  })
  .meta({ id: 'AuditEntry' });
export type AuditEntry = z.infer<typeof AuditEntry>;

export const AuditPage = page(AuditEntry).meta({ id: 'AuditPage' });

/**
 * `GET /api/audit`: a community's trail, or (no communityId) the caller's street's or the whole city's; by one
 * actor and within [from, to] (default: the last 12 months). At most 24 months per request.
 */
export const AuditQuery = ListQuery.extend({
  communityId: Id.optional(),
  streetId: Id.optional(),
  actorId: Id.optional(),
  from: IsoTime.optional(),
  to: IsoTime.optional(),
  format: z.enum(['json', 'csv']).default('json'),
});
export type AuditQuery = z.infer<typeof AuditQuery>;
