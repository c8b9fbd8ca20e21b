import { lang, type Lang } from './i18n/index.js';
import { serverNow } from './server-time.js';
import { store } from './store.js';
import { FIXED_OFFSET_MINUTES, STORAGE } from './early-reads.js';

/**
 * Dates and times for the whole web app, always in the deployment's time zone (`TZ_NAME`, served by
 * `GET /api/config`), never the phone's: a 09:00 activity reads 09:00 on a phone or printer set to another
 * zone, and "this month" is the month the API counts in. Every page formats through here.
 */

/** The zone until the API has said otherwise (the contract's default for `TZ_NAME`). */
export const DEFAULT_ZONE = 'Asia/Shanghai';
const STORAGE_KEY = STORAGE.zone;

/**
 * One `Intl.DateTimeFormat` per locale, options and zone, built on first use. Building one costs far more than
 * formatting with it (ICU loads its zone and calendar data): measured on the slow-phone bench (4× CPU), building a
 * new one per call was the largest single cost of the home page's first render, ~0.7 s of script time for the
 * month of the prefetch, the themes card and three activities. Pages format many dates with a handful of shapes.
 */
const formatters = new Map<string, Intl.DateTimeFormat>();
function formatter(loc: string, options: Intl.DateTimeFormatOptions): Intl.DateTimeFormat {
  const key = `${loc}|${JSON.stringify(options)}`;
  let f = formatters.get(key);
  if (!f) {
    f = new Intl.DateTimeFormat(loc, options); // throws on an unknown zone: not cached
    formatters.set(key, f);
  }
  return f;
}

const isZone = (z: unknown): z is string => {
  if (typeof z !== 'string' || !z) return false;
  // The zones of fixed offset are known good names: no formatter needed to tell. Building one costs ~0.3 s of
  // script on a slow phone (4× CPU), and the API's answer to loadZone arrives just as the activities list is being
  // drawn: this check was the largest script cost between the list's data and its first paint (issue 14).
  if (FIXED_OFFSET_MINUTES[z] !== undefined) return true;
  try {
    formatter('en', { timeZone: z });
    return true;
  } catch {
    return false;
  }
};

function saved(): string {
  try {
    const z = typeof localStorage === 'undefined' ? null : localStorage.getItem(STORAGE_KEY);
    return isZone(z) ? z : DEFAULT_ZONE;
  } catch {
    return DEFAULT_ZONE;
  }
}

/** The deployment's zone; remembered from the last visit so the first paint already uses it. */
export const zone = store<string>(saved());

/** Sets the zone (an unknown name is ignored: formatting must never throw). */
export function setZone(z: string): void {
  if (!isZone(z)) return;
  try {
    localStorage.setItem(STORAGE_KEY, z);
  } catch {
    // storage blocked: the zone is just not remembered
  }
  zone.set(z);
}

/** Asks the API for the deployment's zone once per app start (public, tiny, cached by the service worker). */
export async function loadZone(fetcher: typeof fetch = fetch): Promise<void> {
  try {
    const res = await fetcher('/api/config');
    if (res.ok) setZone(((await res.json()) as { timeZone?: string }).timeZone ?? '');
  } catch {
    // offline: keep the remembered zone
  }
}

const locale = (l: Lang) => (l === 'zh' ? 'zh-CN' : 'en-GB');

type When = string | number | Date;
const ms = (t: When) => (t instanceof Date ? t.getTime() : typeof t === 'number' ? t : Date.parse(t));

/** Formats `t` in the zone with the reader's language (`tz` and `l` for tests). */
export function formatIn(t: When, options: Intl.DateTimeFormatOptions, tz = zone.get(), l = lang.get()): string {
  return formatter(locale(l), { ...options, timeZone: tz }).format(ms(t));
}

/**
 * `5月18日周六 09:00` / `Sat 18 May, 09:00` — a day and time people read at a glance. In a zone of fixed offset
 * (the default one) it is spelt by hand, as Intl spells it (tests/unit/web/time.test.ts compares them): these two
 * shapes are all a list of activities formats, and building their Intl formatters was the largest script cost
 * left between the activities list's data arriving and its first item showing on a slow phone (issue 14).
 */
export function dayTime(t: When, tz = zone.get(), l = lang.get()): string {
  const d = shifted(ms(t), tz);
  if (!d)
    return formatIn(
      t,
      { month: 'short', day: 'numeric', weekday: 'short', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' },
      tz,
      l,
    );
  const hm = `${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}`;
  return l === 'zh'
    ? `${d.getUTCMonth() + 1}月${d.getUTCDate()}日${ZH_WEEKDAYS[d.getUTCDay()]} ${hm}`
    : `${EN_WEEKDAYS[d.getUTCDay()]} ${d.getUTCDate()} ${EN_MONTHS[d.getUTCMonth()]}, ${hm}`;
}

/** `09:00` (by hand in a zone of fixed offset, as `dayTime`). */
export function clock(t: When, tz = zone.get(), l = lang.get()): string {
  const d = shifted(ms(t), tz);
  if (!d) return formatIn(t, { hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }, tz, l);
  return `${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}`;
}

const ZH_WEEKDAYS = ['周日', '周一', '周二', '周三', '周四', '周五', '周六'];
const EN_WEEKDAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];
const EN_MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sept', 'Oct', 'Nov', 'Dec'];

/** `instant` moved by the zone's offset (read it with getUTC*), when the zone's offset is fixed at that time. */
function shifted(instant: number, tz: string): Date | undefined {
  const fixed = FIXED_OFFSET_MINUTES[tz];
  return fixed !== undefined && instant >= FIXED_SINCE ? new Date(instant + fixed * 60_000) : undefined;
}

/** `2026年5月18日` / `18 May 2026`. */
export const dateOnly = (t: When, tz?: string, l?: Lang): string =>
  formatIn(t, { year: 'numeric', month: 'long', day: 'numeric' }, tz, l);

/** `7月12日 18:00` / `12 Jul, 18:00` (with the year when asked). */
export const dateTime = (t: When, withYear = false, tz?: string, l?: Lang): string =>
  formatIn(
    t,
    {
      year: withYear ? 'numeric' : undefined,
      month: (l ?? lang.get()) === 'zh' ? 'long' : 'short',
      day: 'numeric',
      hour: '2-digit',
      minute: '2-digit',
      hourCycle: 'h23',
    },
    tz,
    l,
  );

/** `7/12 18:00` / `12/07, 18:00` — short, for lists and tables. */
export const shortDateTime = (t: When, tz?: string, l?: Lang): string =>
  formatIn(t, { month: 'numeric', day: 'numeric', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }, tz, l);

/**
 * Zones without summer time since 1992, with their UTC offset in minutes: their calendar fields are plain
 * arithmetic. The deployment's default is one, so on a first visit the start page's reads (they need "this
 * month") leave at once instead of after the first formatter is built (~0.3-0.4 s on a slow phone); Intl is
 * warmed meanwhile (`warmFormatters`). tests/unit/web/time.test.ts checks the arithmetic against Intl. The table
 * (FIXED_OFFSET_MINUTES) lives in early-reads.ts: index.html's inline script tells "this month" the same way.
 */
const FIXED_SINCE = Date.UTC(1992, 0, 1);

/** The calendar fields of `t` in the zone. */
export function fieldsIn(
  t: When,
  tz = zone.get(),
): { year: number; month: number; day: number; hour: number; minute: number } {
  const instant = ms(t);
  const d = shifted(instant, tz);
  if (d) {
    return {
      year: d.getUTCFullYear(),
      month: d.getUTCMonth() + 1,
      day: d.getUTCDate(),
      hour: d.getUTCHours(),
      minute: d.getUTCMinutes(),
    };
  }
  const parts = formatter('en-US', {
    timeZone: tz,
    year: 'numeric',
    month: 'numeric',
    day: 'numeric',
    hour: 'numeric',
    minute: 'numeric',
    hourCycle: 'h23',
  }).formatToParts(instant);
  const get = (type: string) => Number(parts.find((p) => p.type === type)?.value ?? 0);
  return { year: get('year'), month: get('month'), day: get('day'), hour: get('hour'), minute: get('minute') };
}

/**
 * Builds the formatters a list of activities uses, so that cost is paid while the page waits for its data
 * rather than after it arrived (main.tsx calls it when the browser is idle). In a zone of fixed offset it builds
 * none: `dayTime` and `clock` spell those by hand.
 */
export function warmFormatters(): void {
  const t = Date.now();
  dayTime(t);
  clock(t);
}

const pad = (n: number) => String(n).padStart(2, '0');

/** `YYYY-MM-DD` of `t` in the zone. */
export function dayOf(t: When, tz?: string): string {
  const f = fieldsIn(t, tz);
  return `${f.year}-${pad(f.month)}-${pad(f.day)}`;
}

/** Whether two instants fall on the same day in the zone. */
export const sameDay = (a: When, b: When, tz?: string): boolean => dayOf(a, tz) === dayOf(b, tz);

/** `YYYY-MM` of the month `offset` months after the one `now` falls in, in the zone. */
export function monthOf(now: When = Date.now(), offset = 0, tz?: string): string {
  const f = fieldsIn(now, tz);
  const i = f.year * 12 + (f.month - 1) + offset;
  return `${Math.floor(i / 12)}-${pad((i % 12) + 1)}`;
}

/** This month (or `offset` months on) in the zone: the month the API counts "this month" in. */
export const thisMonth = (offset = 0): string => monthOf(serverNow(), offset);

/** Value for `<input type=datetime-local>`: the wall-clock time of `t` in the zone. */
export function toZoneInput(t: When, tz?: string): string {
  const f = fieldsIn(t, tz);
  return `${f.year}-${pad(f.month)}-${pad(f.day)}T${pad(f.hour)}:${pad(f.minute)}`;
}

/**
 * The ISO instant of a wall-clock `YYYY-MM-DDTHH:mm` in the zone ('' when empty or not a time), so an organiser
 * abroad still schedules 09:00 in the city. Takes the zone's offset at that moment (summer time included).
 */
export function fromZoneInput(v: string, tz = zone.get()): string {
  const m = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})/.exec(v);
  if (!m) return '';
  const [y, mo, d, h, mi] = m.slice(1).map(Number) as [number, number, number, number, number];
  const wall = Date.UTC(y, mo - 1, d, h, mi);
  const offsetAt = (instant: number) => {
    const f = fieldsIn(instant, tz);
    return Date.UTC(f.year, f.month - 1, f.day, f.hour, f.minute) - (instant - (instant % 60_000));
  };
  let instant = wall - offsetAt(wall);
  instant = wall - offsetAt(instant); // again at the guessed instant, for a day the offset changes
  return new Date(instant).toISOString();
}
