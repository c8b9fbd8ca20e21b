/** No text goes out from 21:00 to 08:00 in the deployment's zone (API.md, "Notifications"). */
export const QUIET_FROM_HOUR = 21;
export const QUIET_UNTIL_HOUR = 8;

const partsFormatters = new Map<string, Intl.DateTimeFormat>();
function partsOf(atMs: number, tz: string): { y: number; m: number; d: number; h: number; mi: number; s: number } {
  let f = partsFormatters.get(tz);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone: tz,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
    });
    partsFormatters.set(tz, f);
  }
  const p = Object.fromEntries(f.formatToParts(new Date(atMs)).map((x) => [x.type, Number(x.value)]));
  return { y: p.year!, m: p.month!, d: p.day!, h: p.hour!, mi: p.minute!, s: p.second! };
}

/** The zone's offset from UTC at `atMs`, in ms (local wall clock − UTC). */
function offsetMs(atMs: number, tz: string): number {
  const p = partsOf(atMs, tz);
  const wall = Date.UTC(p.y, p.m - 1, p.d, p.h, p.mi, p.s);
  return wall - Math.floor(atMs / 1000) * 1000;
}

/** Whether `atMs` falls in the quiet hours of `tz`. */
export function isQuiet(atMs: number, tz: string): boolean {
  const h = partsOf(atMs, tz).h;
  return h >= QUIET_FROM_HOUR || h < QUIET_UNTIL_HOUR;
}

/** When a text wanted at `atMs` may go out: at once outside quiet hours, else at the next 08:00 local time. */
export function smsDueAt(atMs: number, tz: string): number {
  if (!isQuiet(atMs, tz)) return atMs;
  const p = partsOf(atMs, tz);
  const day = p.h >= QUIET_FROM_HOUR ? p.d + 1 : p.d;
  const wall = Date.UTC(p.y, p.m - 1, day, QUIET_UNTIL_HOUR, 0, 0);
  // The offset at the target (not now), so a daylight-saving change overnight still lands on 08:00.
  const guess = wall - offsetMs(atMs, tz);
  return wall - offsetMs(guess, tz);
}

/** `MM-DD HH:mm` of an instant in the zone: how notices say when (the same in both languages). */
export function shortLocalTime(at: string | number, tz: string): string {
  const p = partsOf(new Date(at).getTime(), tz);
  const two = (n: number) => String(n).padStart(2, '0');
  return `${two(p.m)}-${two(p.d)} ${two(p.h)}:${two(p.mi)}`;
}
