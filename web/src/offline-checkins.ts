import { createStore, del, entries, set } from 'idb-keyval';
import { deviceId } from './device-id.js';
import { api, call } from './api.js';
import type { ApiError } from './api-error.js';
import { messages } from './i18n/index.js';
import { store } from './store.js';
import { token } from './token.js';
import { toast } from './ui/Toast.js';

const m = messages({
  zh: { uploaded: '离线签到已上传，签到成功' },
  en: { uploaded: 'Your offline check-in was uploaded: you are checked in' },
});

/** Marks the upload of a queued scan, so the service worker queues it for background sync if it fails. */
export const OFFLINE_CHECKIN_HEADER = 'x-offline-checkin';

/**
 * Check-ins scanned without signal (basements, garages, stairwells). The code and the scan time are kept in
 * IndexedDB, so they survive a reload or a closed app, and are sent as `{code, scannedAt}` when the network is
 * back: on the `online` event, when the app opens, and by the service worker's background sync where the
 * browser has it (vite.config.ts). The API accepts them up to 24 h after the scan.
 */
export interface PendingCheckin {
  activityId: string;
  /** Whose scan it is: only that person's session uploads it. */
  userId: string;
  code: string;
  /** ISO time of the scan, in the server's time (server-time.ts). */
  scannedAt: string;
  lat?: number;
  lng?: number;
  /** Set when the API refused it (a wrong or expired code, too late): it stays for the person to read. */
  failed?: string;
}

const db = typeof indexedDB === 'undefined' ? undefined : createStore('cp-offline', 'checkins');
const keyOf = (p: { userId: string; activityId: string }) => `${p.userId}:${p.activityId}`;

/** The queued check-ins, for the pages that show "待上传". */
export const pendingCheckins = store<PendingCheckin[]>([]);
/** Each activity whose offline check-in the API has just accepted (pages reload their state). */
export const uploadedCheckin = store<{ activityId: string; at: number } | undefined>(undefined);

async function refresh(): Promise<void> {
  if (!db) return;
  pendingCheckins.set((await entries<string, PendingCheckin>(db)).map(([, v]) => v));
}

/** Keeps a scan for later. */
export async function queueCheckin(p: PendingCheckin): Promise<void> {
  if (!db) throw new Error('IndexedDB unavailable');
  await set(keyOf(p), p, db);
  await refresh();
}

/** Forgets a queued scan (the person dismissed a refused one). */
export async function dropCheckin(p: PendingCheckin): Promise<void> {
  if (db) await del(keyOf(p), db);
  await refresh();
}

/**
 * The signed-in person's id, from the token itself (its `sub`): known even when the app was opened without
 * signal and `/api/me` could not answer.
 */
export function signedInUserId(): string | undefined {
  const t = token.get();
  try {
    const payload = JSON.parse(atob(t!.split('.')[1]!.replace(/-/g, '+').replace(/_/g, '/'))) as { sub?: unknown };
    return typeof payload.sub === 'string' ? payload.sub : undefined;
  } catch {
    return undefined;
  }
}

let flushing: Promise<void> | undefined;
/** A flush was asked for while one ran: run once more when it ends. */
let again = false;
/** The next try after a network failure, and how long it waited (doubles up to a minute). */
let retry: ReturnType<typeof setTimeout> | undefined;
let retryMs = 0;
const FIRST_RETRY_MS = 2_000;
const MAX_RETRY_MS = 60_000;

/**
 * Tries again a little later while scans wait and the network failed: the signal coming back is not one moment
 * (the \`online\` event can reach the page before the service worker's requests go through, seen in a loaded test
 * run where the scan then stayed 待上传 until the app was reopened).
 */
function retryLater(): void {
  if (retry !== undefined) return;
  retryMs = Math.min(retryMs ? retryMs * 2 : FIRST_RETRY_MS, MAX_RETRY_MS);
  retry = setTimeout(() => {
    retry = undefined;
    void flushCheckins();
  }, retryMs);
}

/**
 * Sends the signed-in person's queued scans; network failures keep them for the next try. A call while a
 * flush runs makes it run once more: the `online` event can come while the flush the app started offline is
 * still waiting for its failed request, and joining that flush alone would upload nothing until the next
 * opening (seen in a loaded test run: the scan stayed 待上传 after the signal came back).
 */
export function flushCheckins(): Promise<void> {
  if (flushing) {
    again = true;
    return flushing;
  }
  flushing = (async () => {
    try {
      let waiting = false;
      do {
        again = false;
        waiting = await flushOnce();
      } while (again);
      if (waiting) retryLater();
      else retryMs = 0;
    } finally {
      flushing = undefined;
    }
  })();
  return flushing;
}

/** One pass over the queue; true when a scan is still waiting because the network (or the API) failed. */
async function flushOnce(): Promise<boolean> {
  try {
    await refresh();
    const me = signedInUserId();
    if (!me) return false;
    for (const p of pendingCheckins.get()) {
      if (p.userId !== me || p.failed) continue;
      const { activityId, code, scannedAt, lat, lng } = p;
      const where = lat !== undefined && lng !== undefined ? { lat, lng } : {};
      try {
        await call(
          api.activities[':id'].checkins.$post(
            { param: { id: activityId }, header: { 'x-device-id': deviceId() }, json: { code, scannedAt, ...where } },
            { headers: { [OFFLINE_CHECKIN_HEADER]: '1' } },
          ),
        );
      } catch (e) {
        const err = e as ApiError;
        if (err.status === 401) return false; // after signing in again (startOfflineCheckins)
        if (err.status === 0 || err.status >= 500) return true; // try again later
        // Already checked in: the service worker's background sync (or another tab) got there first.
        if (err.slug !== 'already-checked-in') {
          await set(keyOf(p), { ...p, failed: err.slug }, db);
          continue;
        }
      }
      await del(keyOf(p), db);
      uploadedCheckin.set({ activityId, at: Date.now() });
      toast(m.t('uploaded'));
    }
    return false;
  } finally {
    await refresh();
  }
}

/** Uploads when the app opens signed in, whenever the network comes back, and after signing in. */
export function startOfflineCheckins(): void {
  if (!db) return;
  window.addEventListener('online', () => void flushCheckins());
  token.subscribe((t) => {
    if (t) void flushCheckins();
  });
  void flushCheckins();
}
