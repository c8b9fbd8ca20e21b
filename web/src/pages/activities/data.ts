import type { InferResponseType } from 'hono/client';
import { api, call, type Me, type Org } from '../../api.js';
import { lang } from '../../i18n/index.js';

/** An activity as the API returns it. */
export type Activity = InferResponseType<(typeof api.activities)[':id']['$get'], 200>;
export type MonthThemes = InferResponseType<typeof api.themes.$get, 200>;
export type Theme = NonNullable<MonthThemes['mandatory']>;
export type Standing = InferResponseType<(typeof api.activities)[':id']['signups']['me']['$get'], 200>;

let orgPromise: Promise<Org> | undefined;
/** The organisation (streets and communities), fetched once per page load. */
export function loadOrg(): Promise<Org> {
  orgPromise ??= call(api.org.$get()).catch((err: unknown) => {
    orgPromise = undefined;
    throw err;
  });
  return orgPromise;
}

export interface OrgIndex {
  communityName: (id: string) => string;
  streetName: (id: string) => string;
  streetOf: (communityId: string) => string | undefined;
}

export function indexOrg(org: Org | undefined): OrgIndex {
  const names = new Map<string, string>();
  const streetOf = new Map<string, string>();
  for (const s of org?.streets ?? []) {
    names.set(s.id, s.name);
    for (const c of s.communities) {
      names.set(c.id, c.name);
      streetOf.set(c.id, s.id);
    }
  }
  return {
    communityName: (id) => names.get(id) ?? '',
    streetName: (id) => names.get(id) ?? '',
    streetOf: (id) => streetOf.get(id),
  };
}

const locale = () => (lang.get() === 'zh' ? 'zh-CN' : 'en-GB');

/** `5月18日 周六 09:00` — a day and time people read at a glance. */
export function dayTime(iso: string): string {
  return new Intl.DateTimeFormat(locale(), {
    month: 'short',
    day: 'numeric',
    weekday: 'short',
    hour: '2-digit',
    minute: '2-digit',
    hour12: false,
  }).format(new Date(iso));
}

/** `09:00`. */
export const clock = (iso: string): string =>
  new Intl.DateTimeFormat(locale(), { hour: '2-digit', minute: '2-digit', hour12: false }).format(new Date(iso));

/** `2026年5月18日`. */
export const dateOnly = (iso: string): string =>
  new Intl.DateTimeFormat(locale(), { year: 'numeric', month: 'long', day: 'numeric' }).format(new Date(iso));

/** `09:00–11:00` on the same day, else both with days. */
export function timeRange(a: { startsAt: string; endsAt: string }): string {
  const sameDay = new Date(a.startsAt).toDateString() === new Date(a.endsAt).toDateString();
  return sameDay ? `${dayTime(a.startsAt)}–${clock(a.endsAt)}` : `${dayTime(a.startsAt)} – ${dayTime(a.endsAt)}`;
}

/** `YYYY-MM` of now in the browser's zone (the city's zone for its residents). */
export function thisMonth(offset = 0): string {
  const d = new Date();
  d.setDate(1);
  d.setMonth(d.getMonth() + offset);
  return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}`;
}

/** Value for `<input type=datetime-local>` from an ISO instant, in local time. */
export function toLocalInput(iso: string | number): string {
  const d = new Date(iso);
  const p = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())}T${p(d.getHours())}:${p(d.getMinutes())}`;
}

/** ISO instant from an `<input type=datetime-local>` value (local time), or '' when empty. */
export const fromLocalInput = (v: string): string => (v ? new Date(v).toISOString() : '');

/** Check-in is open from 30 minutes before the start to the end (as the API rules). */
export const checkinOpen = (a: Activity, now = Date.now()) =>
  now >= Date.parse(a.startsAt) - 30 * 60_000 && now <= Date.parse(a.endsAt);
/** Check-out stays open until 2 h after the end. */
export const checkoutOpen = (a: Activity, now = Date.now()) =>
  now >= Date.parse(a.startsAt) - 30 * 60_000 && now <= Date.parse(a.endsAt) + 2 * 3_600_000;
export const ended = (a: Activity, now = Date.now()) => now > Date.parse(a.endsAt);

/** The link a venue's QR code carries: a phone camera opens the activity with the code filled in. */
export const checkinLink = (origin: string, activityId: string, code: string) =>
  `${origin}/activities/${activityId}?code=${code}`;

/**
 * The check-in code inside what a camera read: our link (its activity must match) or the bare 6 digits.
 * Returns `{ code }`, `{ otherActivity: true }` or null when it is no check-in code at all.
 */
export function codeFromScan(text: string, activityId: string): { code: string } | { otherActivity: true } | null {
  const t = text.trim();
  if (/^\d{6}$/.test(t)) return { code: t };
  try {
    const u = new URL(t);
    const m = /\/activities\/([0-9A-HJKMNP-TV-Z]{26})\/?$/.exec(u.pathname);
    const code = u.searchParams.get('code') ?? '';
    if (!m || !/^\d{6}$/.test(code)) return null;
    return m[1] === activityId ? { code } : { otherActivity: true };
  } catch {
    return null;
  }
}

/** Whether the person organises anywhere (the organiser parts of a page). */
export const runsThings = (me: Me | undefined): boolean =>
  !!me && me.roles.some((g) => g.role === 'admin' || g.role === 'organizer' || g.role === 'leader');
