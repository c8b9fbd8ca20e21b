import { z } from 'zod';

/** A ULID: 26 Crockford base-32 characters. */
export const Id = z.string().regex(/^[0-9A-HJKMNP-TV-Z]{26}$/, 'must be an id (ULID)');
/** Mainland mobile number. */
export const Phone = z.string().regex(/^1[3-9]\d{9}$/, 'must be an 11-digit mainland mobile number');
export const Month = z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/, 'must be YYYY-MM');
export const Year = z.string().regex(/^\d{4}$/, 'must be YYYY');
export const IsoTime = z.iso.datetime({ offset: true });

/** `?limit=&cursor=` of every list. */
export const ListQuery = z.object({
  limit: z.coerce.number().int().min(1).max(100).default(20),
  cursor: z.string().max(2048).optional(),
});
export type ListQuery = z.infer<typeof ListQuery>;

/** `{ items, nextCursor }` of every list. */
export const page = <T extends z.ZodType>(item: T) =>
  z.object({ items: z.array(item), nextCursor: z.string().nullable() });

export const Problem = z
  .object({
    type: z.string(),
    title: z.string(),
    status: z.number().int(),
    detail: z.string().optional(),
    errors: z.array(z.object({ path: z.string(), message: z.string(), code: z.string() })).optional(),
  })
  .meta({ id: 'Problem', description: 'RFC 9457 problem details' });

export const IdParam = z.object({ id: Id });
