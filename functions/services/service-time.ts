import { HOUR, MINUTE } from '../../shared/time.js';

/** Check-in opens this long before startsAt. */
export const CHECKIN_OPENS_BEFORE_MS = 30 * MINUTE;
/** Check-out (and a manual record) is possible until this long after endsAt. */
export const CHECKOUT_CLOSES_AFTER_MS = 2 * HOUR;

interface Span {
  startsAt: string;
  endsAt: string;
}

/** Whole minutes of [in, out] that fall within [startsAt, endsAt]; 0 without a check-out. */
export function overlapMinutes(a: Span, checkedInAt: string, checkedOutAt: string | null): number {
  if (!checkedOutAt) return 0;
  const from = Math.max(Date.parse(checkedInAt), Date.parse(a.startsAt));
  const to = Math.min(Date.parse(checkedOutAt), Date.parse(a.endsAt));
  return to > from ? Math.floor((to - from) / MINUTE) : 0;
}

/** The activity's length in whole minutes (the most anyone can be credited). */
export const durationMinutes = (a: Span): number =>
  Math.floor((Date.parse(a.endsAt) - Date.parse(a.startsAt)) / MINUTE);

/** Points for confirmed minutes: floor(minutes × pointsPerHour / 60). */
export const pointsFor = (minutes: number, pointsPerHour: number): number => Math.floor((minutes * pointsPerHour) / 60);

/** [opens, closes] of check-in, in epoch ms. */
export const checkinWindow = (a: Span): [number, number] => [
  Date.parse(a.startsAt) - CHECKIN_OPENS_BEFORE_MS,
  Date.parse(a.endsAt),
];

/** [opens, closes] of check-out and of manual attendance times, in epoch ms. */
export const attendanceWindow = (a: Span): [number, number] => [
  Date.parse(a.startsAt) - CHECKIN_OPENS_BEFORE_MS,
  Date.parse(a.endsAt) + CHECKOUT_CLOSES_AFTER_MS,
];
