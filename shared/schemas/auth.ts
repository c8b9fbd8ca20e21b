import { z } from 'zod';
import { Id, Phone } from './common.js';

export const OtpRequest = z.object({ phone: Phone });
export const TokenRequest = z.object({ phone: Phone, code: z.string().regex(/^\d{6}$/, 'must be 6 digits') });

export const RoleName = z.enum(['admin', 'organizer', 'staff', 'leader']);
export type RoleName = z.infer<typeof RoleName>;
/** `city`, `street:<id>`, `community:<id>` or `team:<id>`. */
export const Scope = z.string().regex(/^(city|(street|community|team):[0-9A-HJKMNP-TV-Z]{26})$/, 'must be a scope');
export const RoleGrant = z.object({ role: RoleName, scope: Scope });
export type RoleGrant = z.infer<typeof RoleGrant>;

export const Me = z
  .object({
    id: Id,
    phone: Phone,
    name: z.string(),
    communityId: Id.nullable(),
    roles: z.array(RoleGrant),
    balance: z.number().int(),
    serviceMinutes: z.number().int(),
    stars: z.number().int().min(0).max(5),
    /** The privacy notice version consented to at sign-in (`GET /api/privacy`); null before a sign-in recorded it. */
    consentVersion: z.string().nullable(),
    /** Standing no-shows of the last 90 days; always in `GET /api/me` (the sign-in answer leaves it out). */
    noShows90d: z.number().int().min(0).optional(),
  })
  .meta({ id: 'Me' });
export type Me = z.infer<typeof Me>;

export const TokenResponse = z.object({ token: z.string(), expiresAt: z.string(), user: Me });

export const PatchMe = z
  .object({
    name: z.string().trim().min(1).max(40).optional(),
    communityId: Id.optional(),
  })
  .strict();

export const OutboxItem = z.object({ phone: Phone, code: z.string(), text: z.string(), sentAt: z.string() });
