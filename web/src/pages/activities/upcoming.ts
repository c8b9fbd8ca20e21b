import { api, call } from '../../api.js';
import { session, useSession } from '../../session.js';
import { token } from '../../token.js';
import { thisMonth } from '../../time.js';
import { useApi } from '../../use-api.js';
import { loadOrg, type Activity, type MonthThemes } from './data.js';
import { LIST_MAX, STORAGE } from '../../early-reads.js';

// ISO-8601 instants of one shape order as strings; localeCompare would collate them with ICU, far slower.
const byStart = (a: Activity, b: Activity) => (a.startsAt < b.startsAt ? -1 : a.startsAt > b.startsAt ? 1 : 0);

/**
 * The start pages' reads, shared so none is asked twice. `inflight`: a read under way, joined by whoever asks for
 * the same thing meanwhile (the prefetch may start before or after the page's own effects: home draws first).
 * `early`: a read the prefetch started, kept (answered or not) for the first component that asks, then forgotten,
 * so a later load or a retry asks the API again.
 */
const inflight = new Map<string, Promise<unknown>>();
const early = new Map<string, Promise<unknown>>();
function shared<T>(key: string, load: () => Promise<T>): { p: Promise<T>; joined: boolean } {
  const hit = inflight.get(key) as Promise<T> | undefined;
  if (hit) return { p: hit, joined: true };
  const p = load();
  inflight.set(key, p);
  const done = () => {
    if (inflight.get(key) === p) inflight.delete(key);
  };
  p.then(done, done);
  return { p, joined: false };
}
function once<T>(key: string, load: () => Promise<T>): Promise<T> {
  const p = early.get(key) as Promise<T> | undefined;
  early.delete(key);
  return p ?? shared(key, load).p;
}

const monthList = (month: string, limit: number) =>
  once(`activities:${month}:${limit}`, () =>
    call(api.activities.$get({ query: { upcoming: 'true', limit: String(limit), month } })),
  );

/**
 * Starts the start pages' API reads early (main.tsx): on a slow phone drawing takes about as long as a round
 * trip, so the list no longer waits for the drawing. Reads already under way are joined, never asked twice.
 */
export function prefetchStartPage(path: string): void {
  const limit = path === '/' ? HOME_MAX : path === '/activities' ? LIST_MAX : 0;
  if (!limit) return;
  const start = (key: string, load: () => Promise<unknown>) => {
    const { p, joined } = shared(key, load);
    if (joined) return; // the page asked first and holds it
    p.catch(() => undefined); // a failure is the page's to show, when it asks; never an unhandled rejection
    early.set(key, p);
  };
  void loadOrg().catch(() => undefined);
  for (const m of path === '/' ? [thisMonth()] : [thisMonth(), thisMonth(1)])
    start(`themes:${m}`, () => call(api.themes.$get({ query: { month: m } })));
  for (const m of [thisMonth(), thisMonth(1)])
    start(`activities:${m}:${limit}`, () =>
      call(api.activities.$get({ query: { upcoming: 'true', limit: String(limit), month: m } })),
    );
  const communityId = token.get() ? rememberedCommunity() : null;
  if (communityId)
    start(`community:${communityId}:${limit}`, () =>
      call(api.activities.$get({ query: { upcoming: 'true', limit: String(limit), communityId } })),
    );
}

/**
 * My community as the last `/api/me` said, so a returning resident's community list is asked at once, not a
 * round trip later when the profile has come (a wrong guess only costs an unused read).
 */
const COMMUNITY_KEY = STORAGE.community;
function rememberedCommunity(): string | null {
  try {
    return localStorage.getItem(COMMUNITY_KEY);
  } catch {
    return null;
  }
}
session.subscribe((s) => {
  try {
    if (s.status === 'ready' && s.me.communityId) localStorage.setItem(COMMUNITY_KEY, s.me.communityId);
    else if (s.status === 'anon' || (s.status === 'ready' && !s.me.communityId)) localStorage.removeItem(COMMUNITY_KEY);
  } catch {
    // storage blocked: no guess next time
  }
});

const communityList = (communityId: string, limit: number) =>
  once(`community:${communityId}:${limit}`, () =>
    call(api.activities.$get({ query: { upcoming: 'true', limit: String(limit), communityId } })),
  );

/** How many upcoming activities the home screen and the activities page show (index.html's early reads use
 * LIST_MAX too: early-reads.ts). */
export const HOME_MAX = 3;
export { LIST_MAX };
const never = new Promise<never>(() => {});

/**
 * Activities not ended yet: my community's first, then the rest of this month and next month (an activity near
 * a month's end belongs to the month it starts in, so two months are read). The two months are asked at once,
 * without waiting for `/api/me`; only my community's list waits for the profile, so no list is asked twice
 * (before and after the profile arrives) on a slow phone.
 */
export function useUpcoming(limit = LIST_MAX) {
  const s = useSession();
  const months = useApi(() => Promise.all([monthList(thisMonth(), limit), monthList(thisMonth(1), limit)]), []);
  const communityId = s.status === 'ready' ? s.me.communityId : null;
  const known = s.status !== 'loading';
  const mine = useApi(
    () => (!known ? never : communityId ? communityList(communityId, limit) : Promise.resolve(null)),
    [known, communityId],
  );
  const ready = !months.loading && !mine.loading && !months.error && !mine.error;
  const data = ready
    ? {
        mine: [...(mine.data?.items ?? [])].sort(byStart),
        others: [...months.data![0].items, ...months.data![1].items]
          .filter((a) => a.communityId !== communityId)
          .sort(byStart),
      }
    : undefined;
  return {
    data,
    loading: months.loading || mine.loading,
    error: months.error ?? mine.error,
    reload: () => {
      months.reload();
      mine.reload();
    },
  };
}

/** Theme id → kind, for the badges of a list. */
export function themeKinds(...months: (MonthThemes | undefined)[]): Map<string, 'mandatory' | 'special'> {
  const kinds = new Map<string, 'mandatory' | 'special'>();
  for (const t of months) {
    if (!t) continue;
    if (t.mandatory) kinds.set(t.mandatory.id, 'mandatory');
    for (const s of t.special) kinds.set(s.id, 'special');
  }
  return kinds;
}

export const loadThemes = (month: string) => once(`themes:${month}`, () => call(api.themes.$get({ query: { month } })));
