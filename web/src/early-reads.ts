/**
 * The activities page's first reads, started by a tiny script inlined in index.html while the entry chunk is still
 * downloading (issue 14). On a slow phone (Fast 3G: 562 ms a round trip) the list waited for three round trips in
 * a row — the HTML, the entry script, then its API reads; started from the HTML, the reads travel beside the
 * script instead of after it, and the list draws as soon as both are there.
 *
 * `startEarlyReads` is that inline script: web/vite.config.ts bundles web/src/early-reads.inline.ts into index.html
 * and the CSP allows it by its sha256 (shared/web-csp.ts, computed from the built index.html, so it cannot drift).
 * It must stay tiny and import nothing but constants: it runs before anything else, on every page load.
 * It asks with the exact URLs and headers the app's API client (web/src/api.ts) would, and leaves the pending
 * answers on `window`; the client takes each one instead of asking again (`takeEarlyRead`), and main.tsx drops
 * the ones nobody took once the page's own reads have started, so a later visit to the same URL asks afresh.
 * A guess that does not match (another month at midnight, a zone the script cannot do without Intl) only costs
 * an unused read: the app then asks itself. tests/unit/web/early-reads.test.ts checks the URLs match the app's.
 */

/** Where the pending answers wait on `window`. */
export const EARLY_READS = '__cpEarlyReads';
/** How many upcoming activities the activities page shows (upcoming.ts re-exports it). */
export const LIST_MAX = 50;

/** The keys the app keeps in localStorage (token.ts, i18n, time.ts, server-time.ts, upcoming.ts). */
export const STORAGE = {
  token: 'cp.token',
  lang: 'cp.lang',
  zone: 'cp.tz',
  serverOffset: 'cp.serverOffsetMs',
  community: 'cp.communityId',
} as const;

/** Zones whose months the script can tell by arithmetic (no summer time since 1992), as time.ts does. */
export const FIXED_OFFSET_MINUTES: Record<string, number> = { 'Asia/Shanghai': 480, 'Asia/Hong_Kong': 480, UTC: 0 };

export interface EarlyRead {
  /** The Authorization header it was asked with ('' for none) and its Accept-Language. */
  auth: string;
  lang: string;
  res: Promise<Response>;
}

/** `YYYY-MM` of the month `offset` months after `now`'s in a fixed-offset zone. */
export function fixedMonth(now: number, offsetMinutes: number, offset: number): string {
  const d = new Date(now + offsetMinutes * 60_000);
  const i = d.getUTCFullYear() * 12 + d.getUTCMonth() + offset;
  return `${Math.floor(i / 12)}-${String((i % 12) + 1).padStart(2, '0')}`;
}

/** The inline script (see above). `w` for tests. */
export function startEarlyReads(w: Window & typeof globalThis = window): void {
  if (w.location.pathname !== '/activities') return;
  const get = (key: string): string | null => {
    try {
      return w.localStorage.getItem(key);
    } catch {
      return null;
    }
  };
  const token = get(STORAGE.token);
  const auth = token ? `Bearer ${token}` : '';
  const lang = get(STORAGE.lang) === 'en' ? 'en' : 'zh-CN';
  const headers: Record<string, string> = { 'accept-language': lang };
  if (auth) headers.authorization = auth;
  const reads: Record<string, EarlyRead> = {};
  const ask = (path: string) => {
    const url = new URL(path, w.location.origin).href;
    const res = w.fetch(url, { headers });
    res.catch(() => undefined); // a failure is the app's to show when it takes the read
    reads[url] = { auth, lang, res };
  };
  const list = (q: string) => ask(`/api/activities?upcoming=true&limit=${LIST_MAX}&${q}`);
  if (auth) ask('/api/me');
  ask('/api/org');
  const fixed = FIXED_OFFSET_MINUTES[get(STORAGE.zone) ?? 'Asia/Shanghai'];
  if (fixed !== undefined) {
    const now = Date.now() + (Number(get(STORAGE.serverOffset)) || 0);
    const months = [fixedMonth(now, fixed, 0), fixedMonth(now, fixed, 1)];
    for (const m of months) ask(`/api/themes?month=${m}`);
    for (const m of months) list(`month=${m}`);
  }
  const community = auth ? get(STORAGE.community) : null;
  if (community) list(`communityId=${encodeURIComponent(community)}`);
  (w as unknown as Record<string, unknown>)[EARLY_READS] = reads;
}

const pending = (): Record<string, EarlyRead> | undefined =>
  typeof window === 'undefined'
    ? undefined
    : ((window as unknown as Record<string, unknown>)[EARLY_READS] as Record<string, EarlyRead> | undefined);

/**
 * The answer of a read the inline script started for this URL with these headers, taken (a second ask of the same
 * URL goes to the network); undefined when there is none or it was asked as someone else or in another language.
 */
export function takeEarlyRead(url: string, auth: string, lang: string): Promise<Response> | undefined {
  const reads = pending();
  const read = reads?.[url];
  if (!read) return undefined;
  delete reads![url];
  return read.auth === auth && read.lang === lang ? read.res : undefined;
}

/** Forgets the reads nobody took (main.tsx, once the page's own reads have started). */
export function dropEarlyReads(): void {
  if (typeof window !== 'undefined') delete (window as unknown as Record<string, unknown>)[EARLY_READS];
}
