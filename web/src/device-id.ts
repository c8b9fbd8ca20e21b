/**
 * A random id of this installation of the app, sent as `X-Device-Id` with self check-ins: one phone
 * checking in three accounts within a day is flagged for review (API.md, `shared-device`). It identifies
 * nothing but this browser's storage, and a check-in never depends on it.
 */
const KEY = 'cp.device';

export function deviceId(): string | undefined {
  try {
    let id = localStorage.getItem(KEY);
    if (!id || !/^[A-Za-z0-9_-]{8,64}$/.test(id)) {
      id = crypto.randomUUID();
      localStorage.setItem(KEY, id);
    }
    return id;
  } catch {
    return undefined; // storage blocked: check in without it
  }
}
