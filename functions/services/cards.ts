import type { User } from '../db/users.js';
import { can, isAdmin, type Actor } from './authz.js';
import { communityTarget } from './org.js';

/**
 * Whether `actor` may bind, unbind or see the cards of `holder`: staff or an organiser of the
 * holder's community (a street organiser covers its communities), or the admin. A person without a
 * community has no service station yet: only the admin acts for them.
 */
export async function mayManageCardsOf(actor: Actor, holder: Pick<User, 'communityId'>): Promise<boolean> {
  if (!holder.communityId) return isAdmin(actor);
  return can(actor, ['staff', 'organizer'], await communityTarget(holder.communityId));
}
