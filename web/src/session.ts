import type { RoleName } from '../../shared/schemas/auth.js';
import { api, call, type Me } from './api.js';
import type { ApiError } from './api-error.js';
import { store, useStore } from './store.js';
import { setToken, token } from './token.js';

/** Who is using the app: nobody, being loaded, known (with the profile), or the profile failed to load. */
export type Session =
  { status: 'anon' } | { status: 'loading' } | { status: 'ready'; me: Me } | { status: 'error'; error: ApiError };

export const session = store<Session>(token.get() ? { status: 'loading' } : { status: 'anon' });
export const useSession = (): Session => useStore(session);

// Dropping the token (sign-out, or a 401 from the API) ends the session everywhere.
token.subscribe((t) => {
  if (!t) session.set({ status: 'anon' });
});

let loadingMe: Promise<Me | undefined> | undefined;

/**
 * (Re)loads the profile from `GET /api/me`; pages call it after something changes the balance or roles, and
 * each such call asks afresh. `join`: reuse a load under way instead (main.tsx asks before the first render so
 * the profile is not a round trip behind the page's other reads; the shell's own ask on mounting joins it).
 */
export function loadMe({ join = false }: { join?: boolean } = {}): Promise<Me | undefined> {
  if (!token.get()) return Promise.resolve(undefined);
  if (join && loadingMe) return loadingMe;
  const load = async (): Promise<Me | undefined> => {
    if (session.get().status !== 'ready') session.set({ status: 'loading' });
    try {
      const me = await call(api.me.$get());
      session.set({ status: 'ready', me });
      return me;
    } catch (err) {
      if (token.get()) session.set({ status: 'error', error: err as ApiError });
      return undefined;
    } finally {
      if (loadingMe === p) loadingMe = undefined;
    }
  };
  const p = load();
  loadingMe = p;
  return p;
}

/** Replaces the known profile (after `PATCH /api/me` answered with it). */
export const setMe = (me: Me): void => session.set({ status: 'ready', me });

export function startSession(newToken: string, me: Me): void {
  setToken(newToken);
  setMe(me);
}

export const signOut = (): void => setToken(null);

/** Whether the person holds any of the roles (on any scope). */
export const hasRole = (me: Me | undefined, roles: readonly RoleName[]): boolean =>
  !!me && me.roles.some((g) => roles.includes(g.role));
