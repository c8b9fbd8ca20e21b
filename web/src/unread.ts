import { api, call } from './api.js';
import { store } from './store.js';
import { token } from './token.js';

/** How many notices the signed-in person has not read (the header's badge); 0 when signed out. */
export const unread = store<number>(0);

/** Asks the API again (one item is enough: the answer carries the count). */
export async function refreshUnread(): Promise<void> {
  if (!token.get()) return unread.set(0);
  try {
    unread.set((await call(api.me.notifications.$get({ query: { limit: '1' } }))).unread);
  } catch {
    // Offline or signed out meanwhile: keep what we showed.
  }
}

/** Keeps the badge fresh while signed in: at once, then every minute and whenever the tab comes back. */
export function watchUnread(everyMs = 60_000): () => void {
  void refreshUnread();
  const timer = setInterval(() => void refreshUnread(), everyMs);
  const onVisible = () => {
    if (document.visibilityState === 'visible') void refreshUnread();
  };
  document.addEventListener('visibilitychange', onVisible);
  const off = token.subscribe(() => void refreshUnread());
  return () => {
    clearInterval(timer);
    document.removeEventListener('visibilitychange', onVisible);
    off();
  };
}
