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

/** (Re)loads the profile from `GET /api/me`; pages call it after something changes the balance or roles. */
export async function loadMe(): Promise<Me | undefined> {
  if (!token.get()) return undefined;
  if (session.get().status !== 'ready') session.set({ status: 'loading' });
  try {
    const me = await call(api.me.$get());
    session.set({ status: 'ready', me });
    return me;
  } catch (err) {
    if (token.get()) session.set({ status: 'error', error: err as ApiError });
    return undefined;
  }
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
