/**
 * Every kind of notice of the contract (API.md, "Notifications"), as plain values: the web's notification settings
 * list them without loading zod on first paint (shared/schemas/notifications.ts builds `NoticeKind` from them).
 */
export const NOTICE_KINDS = [
  'activity-reminder',
  'waitlist-promoted',
  'activity-changed',
  'activity-cancelled',
  'hours-confirmed',
  'no-show',
  'redemption-reserved',
  'reservation-expiring',
  'reservation-expired',
  'correction-answered',
] as const;
export type NoticeKind = (typeof NOTICE_KINDS)[number];
