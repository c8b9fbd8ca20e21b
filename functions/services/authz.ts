import { forbidden } from '../../shared/errors.js';
import type { RoleGrant, RoleName } from '../../shared/schemas/auth.js';

/**
 * The one answer to "may this person act with this role on this object". A target names where the
 * object lives; a grant covers it when its scope is the target's city, street, community or team.
 * Admin (scope city) covers everything; a street organizer covers the street's communities and their teams.
 */
export interface Target {
  streetId?: string;
  communityId?: string;
  teamId?: string;
}

export interface Actor {
  id: string;
  roles: RoleGrant[];
}

/** Whether one grant's scope contains the target. */
export function scopeCovers(scope: string, t: Target): boolean {
  if (scope === 'city') return true;
  const [kind, id] = scope.split(':');
  if (!id) return false;
  switch (kind) {
    case 'street':
      return t.streetId === id;
    case 'community':
      return t.communityId === id;
    case 'team':
      return t.teamId === id;
    default:
      return false;
  }
}

/** Whether `actor` holds one of `roles` over `target` (admin always does). */
export function can(actor: Actor | undefined, roles: RoleName[], target: Target): boolean {
  if (!actor) return false;
  return actor.roles.some((g) => g.role === 'admin' || (roles.includes(g.role) && scopeCovers(g.scope, target)));
}

/** Throws 403 unless `can(...)`. */
export function assertCan(actor: Actor | undefined, roles: RoleName[], target: Target, detail?: string): void {
  if (!can(actor, roles, target)) throw forbidden(detail);
}

export const isAdmin = (actor: Actor | undefined): boolean => !!actor?.roles.some((g) => g.role === 'admin');

/** Whether the actor holds the role anywhere (e.g. "is an organizer at all"). */
export const hasAnyRole = (actor: Actor | undefined, roles: RoleName[]): boolean =>
  !!actor?.roles.some((g) => g.role === 'admin' || roles.includes(g.role));
