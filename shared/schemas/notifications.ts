import { z } from 'zod';
import { Id } from './common.js';
import { NOTICE_KINDS } from '../notice-kinds.js';

/** Every kind of notice of the contract (API.md, "Notifications"). */
export const NoticeKind = z.enum(NOTICE_KINDS);
export type NoticeKind = z.infer<typeof NoticeKind>;

/** The languages a notice is written in; zh-CN is the default. */
export const NoticeLanguage = z.enum(['zh-CN', 'en']);
export type NoticeLanguage = z.infer<typeof NoticeLanguage>;

/** Kinds texted to someone who has not chosen (the contract's defaults). */
export const DEFAULT_SMS_KINDS: NoticeKind[] = ['activity-reminder', 'activity-cancelled', 'reservation-expiring'];

export const Notification = z
  .object({
    id: Id,
    kind: NoticeKind,
    title: z.string(),
    body: z.string(),
    /** What the notice is about, e.g. `activity:<id>`, `redemption:<id>`, `correction:<id>`. */
    ref: z.string(),
    createdAt: z.string(),
    readAt: z.string().nullable(),
  })
  .meta({ id: 'Notification' });
export type Notification = z.infer<typeof Notification>;

export const NotificationPage = z.object({
  items: z.array(Notification),
  nextCursor: z.string().nullable(),
  unread: z.number().int().min(0),
});

export const ReadNotifications = z.object({ ids: z.array(Id).min(1).max(100).optional() }).strict();

export const Preferences = z.object({ language: NoticeLanguage, sms: z.array(NoticeKind) }).meta({ id: 'Preferences' });
export type Preferences = z.infer<typeof Preferences>;

export const PatchPreferences = z
  .object({ language: NoticeLanguage.optional(), sms: z.array(NoticeKind).max(20).optional() })
  .strict();
