import { z } from 'zod';
import { Id, Phone } from './common.js';

/** `POST /api/residents`: a resident without a phone (代管居民), registered by staff or an organiser. */
export const ResidentInput = z.object({
  name: z.string().trim().min(1).max(60),
  communityId: Id,
  note: z.string().trim().max(200).optional(),
});
export type ResidentInput = z.infer<typeof ResidentInput>;

export const Resident = z
  .object({ id: Id, name: z.string(), communityId: Id, managed: z.literal(true) })
  .meta({ id: 'ManagedResident' });

/** `GET /api/users`: by phone (exact), or by a name prefix within a community. */
export const UserSearchQuery = z
  .object({
    phone: Phone.optional(),
    communityId: Id.optional(),
    q: z.string().trim().max(60).optional(),
    limit: z.coerce.number().int().min(1).max(100).default(20),
  })
  .refine((v) => v.phone !== undefined || v.communityId !== undefined, {
    message: 'give phone, or communityId (and q)',
    path: ['phone'],
  });

/** A person as staff see them: the phone masked for staff (`138****0000`), null for a managed resident. */
export const UserSearchItem = z.object({
  id: Id,
  name: z.string(),
  phone: z.string().nullable(),
  communityId: Id.nullable(),
  managed: z.boolean(),
});

/** `PATCH /api/users/{id}`: staff give a managed resident a phone. */
export const UserPhonePatch = z.object({ phone: Phone }).strict();

/** `phone` masked as the contract says: the first 3 and last 4 digits. */
export const maskPhone = (phone: string): string => (phone ? `${phone.slice(0, 3)}****${phone.slice(-4)}` : '');
