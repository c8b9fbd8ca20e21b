import { validationError } from '../../shared/errors.js';
import { listLedger } from '../db/ledger.js';
import { loadOrg } from '../db/org.js';
import { getUser, grantRole, updateProfile } from '../db/users.js';
import type { User } from '../domain/user.js';

export { getUser, grantRole };

/** Sets my name and, once, my community (which must exist; a cached org that lacks it is re-read once). */
export async function updateMyProfile(me: Pick<User, 'id'>, patch: Parameters<typeof updateProfile>[1]): Promise<User> {
  if (patch.communityId !== undefined) {
    const org = await loadOrg();
    if (!org.communityById.has(patch.communityId) && !(await loadOrg(true)).communityById.has(patch.communityId)) {
      throw validationError('communityId', 'no such community');
    }
  }
  return updateProfile(me.id, patch);
}

/** My points ledger, newest first, a page. */
export const myLedger = (me: Pick<User, 'id'>, limit: number, cursor?: string) => listLedger(me.id, limit, cursor);
