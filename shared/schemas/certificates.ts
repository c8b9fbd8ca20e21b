import { z } from 'zod';
import { Id, IsoTime } from './common.js';

/** A day (`2026-11-01`) or a time; a day `to` counts to its end. */
const Bound = z.union([z.iso.date(), IsoTime]);

/** `POST /api/me/certificates`: the period the proof covers (all confirmed service when left out). */
export const CertificateInput = z
  .object({ from: Bound.optional(), to: Bound.optional() })
  .strict()
  .refine((v) => !v.from || !v.to || v.from <= v.to, { message: 'must not precede from', path: ['to'] });
export type CertificateInput = z.infer<typeof CertificateInput>;

export const Issuer = z.object({ name: z.string(), contact: z.string() });

/** A proof of service (志愿服务记录证明) as issued to the volunteer. */
export const Certificate = z
  .object({
    id: Id,
    number: z.string(),
    issuedAt: z.string(),
    name: z.string(),
    minutes: z.number().int(),
    activities: z.number().int(),
    from: z.string().nullable(),
    to: z.string().nullable(),
    issuer: Issuer,
    verifyUrl: z.string(),
  })
  .meta({ id: 'Certificate' });
export type Certificate = z.infer<typeof Certificate>;

/** What anyone holding the paper may check: the name masked. */
export const CertificateCheck = z
  .object({
    number: z.string(),
    name: z.string(),
    minutes: z.number().int(),
    activities: z.number().int(),
    issuedAt: z.string(),
    issuer: Issuer,
    valid: z.literal(true),
  })
  .meta({ id: 'CertificateCheck' });
