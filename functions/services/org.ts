import { notFound, validationError } from '../../shared/errors.js';
import { getCommunity, loadOrg, createCommunity, createStreet } from '../db/org.js';
import { getUserIdByPhone } from '../db/users.js';
import type { Target } from './authz.js';

export { loadOrg, createCommunity, createStreet };
export const getUserIdByPhoneSafe = getUserIdByPhone;

/** Where a community sits: the authorisation target of things that belong to it. */
export async function communityTarget(communityId: string): Promise<Target> {
  const c = await getCommunity(communityId);
  return { communityId: c.id, streetId: c.streetId };
}

/**
 * The target a role scope names, checked to exist. Teams are resolved by the teams module when it
 * registers a resolver (keeps this module free of team storage).
 */
export async function targetOfScope(scope: string): Promise<Target> {
  if (scope === 'city') return {};
  const [kind, id] = scope.split(':') as [string, string];
  if (kind === 'street') {
    const org = await loadOrg();
    if (!org.streetById.has(id) && !(await loadOrg(true)).streetById.has(id))
      throw validationError('scope', 'no such street');
    return { streetId: id };
  }
  if (kind === 'community') {
    try {
      return await communityTarget(id);
    } catch {
      throw validationError('scope', 'no such community');
    }
  }
  if (kind === 'team') {
    if (!teamResolver) throw notFound('Team');
    return teamResolver(id);
  }
  throw validationError('scope', 'unknown scope');
}

let teamResolver: ((teamId: string) => Promise<Target>) | undefined;
/** The teams module tells how a team id maps to its community and street. */
export const setTeamResolver = (fn: (teamId: string) => Promise<Target>): void => {
  teamResolver = fn;
};
