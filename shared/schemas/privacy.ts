import { z } from 'zod';
import { Me } from './auth.js';

/** The privacy notice (个人信息保护) in one language: its version is what a first sign-in consents to. */
export const PrivacyNotice = z
  .object({
    version: z.string().meta({ example: '2026-11-30' }),
    language: z.enum(['zh-CN', 'en']),
    text: z.string(),
  })
  .meta({ id: 'PrivacyNotice' });
export type PrivacyNotice = z.infer<typeof PrivacyNotice>;

/** One kept record, as stored minus the table's key attributes (the export is a copy, not an API shape). */
const Record_ = z.record(z.string(), z.unknown());

/** Everything kept about the caller (`GET /api/me/export`), one array per kind of record. */
export const PersonalDataExport = z
  .object({
    exportedAt: z.string(),
    profile: Me,
    consentVersion: z.string().nullable(),
    createdAt: z.string(),
    roles: Me.shape.roles,
    preferences: Record_.nullable(),
    cards: z.array(Record_),
    teams: z.array(Record_),
    signups: z.array(Record_),
    attendance: z.array(Record_),
    serviceRecords: z.array(Record_),
    ledger: z.array(Record_),
    redemptions: z.array(Record_),
    notifications: z.array(Record_),
  })
  .meta({ id: 'PersonalDataExport' });
export type PersonalDataExport = z.infer<typeof PersonalDataExport>;

/** What `DELETE /api/me` answers (202): the account is closed. */
export const AccountClosed = z.object({
  closed: z.literal(true),
  closedAt: z.string(),
  /** Open reservations cancelled and refunded by the closing. */
  reservationsCancelled: z.number().int(),
  /** Cards unbound by the closing. */
  cardsUnbound: z.number().int(),
});
export type AccountClosed = z.infer<typeof AccountClosed>;

/** The name every place shows for a closed account. */
export const CLOSED_NAME = '已注销';
