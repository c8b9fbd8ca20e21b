import type { InferResponseType } from 'hono/client';
import { api, call, type Me, type Org } from '../../api.js';
import { clock, dayTime, sameDay } from '../../time.js';

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

/** `09:00–11:00` on the same day, else both with days — in the deployment's zone (src/time.ts). */
export function timeRange(a: { startsAt: string; endsAt: string }): string {
  return sameDay(a.startsAt, a.endsAt)
    ? `${dayTime(a.startsAt)}–${clock(a.endsAt)}`
    : `${dayTime(a.startsAt)} – ${dayTime(a.endsAt)}`;
}

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
