import { STORAGE } from './early-reads.js';

/**
 * The server's clock as this phone last saw it, so an offline check-in's scan time is told in the server's
 * time: a phone whose clock runs minutes ahead would otherwise send a scan "in the future", or one whose code
 * step the server does not match. Learnt from the `Date` header of answers to writes only (sign-in, sign-up,
 * check-in…): a read may come from the service worker's cache with an old `Date`. `Date` truncates to whole
 * seconds, so the middle of that second is taken. Kept in localStorage, so a reload without signal has it.
 */
const KEY = STORAGE.serverOffset;

let offsetMs = (() => {
  try {
    return Number(localStorage.getItem(KEY)) || 0;
  } catch {
    return 0;
  }
})();

/** Records the offset from the `Date` header of an answer that came from the server itself. */
export function noteServerDate(header: string | null): void {
  const server = header ? Date.parse(header) : NaN;
  if (!Number.isFinite(server)) return;
  offsetMs = server + 500 - Date.now();
  try {
    localStorage.setItem(KEY, String(offsetMs));
  } catch {
    // storage blocked: the offset lasts until the page closes
  }
}

/** Now, in the server's time (milliseconds since the epoch). */
export const serverNow = (): number => Date.now() + offsetMs;
