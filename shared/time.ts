/** Days and months are counted in the deployment's time zone (TZ_NAME, default Asia/Shanghai). */
const formatters = new Map<string, Intl.DateTimeFormat>();

function formatter(tz: string): Intl.DateTimeFormat {
  let f = formatters.get(tz);
  if (!f) {
    f = new Intl.DateTimeFormat('en-CA', { timeZone: tz, year: 'numeric', month: '2-digit', day: '2-digit' });
    formatters.set(tz, f);
  }
  return f;
}

/** `YYYY-MM-DD` of an instant in the given zone. */
export function localDay(at: Date | string | number, tz: string): string {
  return formatter(tz).format(new Date(at));
}
/** `YYYY-MM` of an instant in the given zone. */
export const localMonth = (at: Date | string | number, tz: string): string => localDay(at, tz).slice(0, 7);
/** `YYYY` of an instant in the given zone. */
export const localYear = (at: Date | string | number, tz: string): string => localDay(at, tz).slice(0, 4);

/** Milliseconds in common units, so rules read in their own words. */
export const MINUTE = 60_000;
export const HOUR = 60 * MINUTE;
export const DAY = 24 * HOUR;

export const epochSeconds = (ms: number): number => Math.floor(ms / 1000);

/** Waits `ms` of real time (a retry's backoff, a poller's idle wait) — the one definition. */
export const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));
