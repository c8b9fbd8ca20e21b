import type { RouteDef } from '../routes.js';
import { hasRole, type Session } from '../session.js';

/** What a guarded route needs before its page may render. */
export type GuardResult = 'ok' | 'sign-in' | 'wait' | 'forbidden' | 'error';

/** Decides a route's guard from the session alone. */
export function guard(route: Pick<RouteDef, 'auth' | 'roles'>, s: Session): GuardResult {
  if (!route.auth && !route.roles) return 'ok';
  if (s.status === 'anon') return 'sign-in';
  if (!route.roles) return 'ok';
  if (s.status === 'loading') return 'wait';
  if (s.status === 'error') return 'error';
  return hasRole(s.me, route.roles) ? 'ok' : 'forbidden';
}
