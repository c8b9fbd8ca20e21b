import { forbidden, validationError } from '../../shared/errors.js';
import type { RoleGrant } from '../../shared/schemas/auth.js';
import { changeRole } from '../db/users.js';
import type { User } from '../domain/user.js';
import { auditRecord } from './audit.js';
import { isAdmin, type Target } from './authz.js';
import { targetOfScope } from './org.js';

/**
 * Who may grant a role on a scope — and so, by the contract, who may take it back: the admin any role;
 * a street organizer `organizer`/`staff` on a community of its street. One rule for both directions, so
 * granting and revoking can never drift apart.
 */
async function assertMayGrant(me: User, grant: RoleGrant): Promise<Target> {
  const { role, scope } = grant;
  const target = await targetOfScope(scope);
  if (!isAdmin(me)) {
    const streetOrganizerHere =
      (role === 'organizer' || role === 'staff') &&
      scope.startsWith('community:') &&
      me.roles.some((g) => g.role === 'organizer' && g.scope === `street:${target.streetId}`);
    if (!streetOrganizerHere) throw forbidden('You may not grant or revoke this role here');
  }
  if (role === 'admin' && scope !== 'city') throw validationError('scope', 'admin is granted on city');
  if (role !== 'admin' && scope === 'city') throw validationError('scope', `${role} needs a street, community or team`);
  return target;
}

/** The act in the audit trail, filed under the community (or street) the role is about. */
const audited = async (me: User, action: 'role.grant' | 'role.revoke', userId: string, g: RoleGrant, t: Target) =>
  auditRecord(me, action, `user:${userId}`, { communityId: t.communityId, streetId: t.streetId }, { ...g });

/** Grants a role after the granting rule holds. */
export async function grantRoleAs(me: User, userId: string, grant: RoleGrant): Promise<void> {
  const target = await assertMayGrant(me, grant);
  await changeRole('grant', userId, grant, await audited(me, 'role.grant', userId, grant, target));
}

/**
 * Takes a role back after the granting rule holds. The role is gone from the person's profile, which
 * every authenticated request reads afresh (functions/api/middleware/auth.ts), so their tokens lose it
 * at once — tokens carry only the user id, never roles. 404 when the person does not hold it.
 */
export async function revokeRoleAs(me: User, userId: string, grant: RoleGrant): Promise<void> {
  const target = await assertMayGrant(me, grant);
  await changeRole('revoke', userId, grant, await audited(me, 'role.revoke', userId, grant, target));
}
