import { forbidden, notFound } from '../../shared/errors.js';
import { bindCard, getCard, listUserCards, unbindCard } from '../db/cards.js';
import { getUser, getUserIdByPhone } from '../db/users.js';
import type { User } from '../domain/user.js';
import { auditRecord } from './audit.js';
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

/** Binds `cardNo` to the resident `userId` (staff or an organiser of their community). */
export async function bindCardFor(actor: Actor & { id: string; name: string }, cardNo: string, userId: string) {
  const holder = await getUser(userId);
  if (!holder) throw notFound('User');
  if (!(await mayManageCardsOf(actor, holder))) {
    throw forbidden('Only staff or an organiser of this resident’s community binds cards');
  }
  const audit = await auditRecord(
    actor,
    'card.bind',
    `card:${cardNo}`,
    { communityId: holder.communityId },
    { userId },
  );
  return bindCard(cardNo, userId, actor.id, audit);
}

/** Unbinds a card: its holder, or staff or an organiser of the holder's community. */
export async function unbindCardAs(actor: Actor & { id: string; name: string }, cardNo: string): Promise<void> {
  const card = await getCard(cardNo);
  if (!card) throw notFound('Card');
  const holder = await getUser(card.userId);
  const mine = card.userId === actor.id;
  if (!mine && !(holder && (await mayManageCardsOf(actor, holder)))) {
    throw forbidden('Only the holder, or staff or an organiser of the holder’s community, unbinds a card');
  }
  // Already unbound: the same answer, so a retried DELETE is harmless.
  // Staff acting for a resident is a privileged act; a holder dropping its own card is not.
  const audit = mine
    ? undefined
    : await auditRecord(
        actor,
        'card.unbind',
        `card:${cardNo}`,
        { communityId: holder?.communityId },
        {
          userId: card.userId,
        },
      );
  if (card.active) await unbindCard(cardNo, card.userId, actor.id, audit);
}

/** The caller's own bound cards, a page. */
export const myCards = (me: Pick<User, 'id'>, limit: number, cursor?: string) => listUserCards(me.id, limit, cursor);

/** A resident's bound cards, for staff or an organiser of their community. */
export async function cardsOf(actor: Actor, userId: string, limit: number, cursor?: string) {
  const holder = await getUser(userId);
  if (!holder) throw notFound('User');
  if (!(await mayManageCardsOf(actor, holder))) throw forbidden('Not a resident of your community');
  return listUserCards(userId, limit, cursor);
}

/**
 * The counter's lookup by phone, with the resident's cards. Unknown, or outside the communities the
 * caller serves, is the same 404, so the lookup reveals no one else.
 */
export async function findCardHolder(actor: Actor, phone: string) {
  const id = await getUserIdByPhone(phone);
  const holder = id ? await getUser(id) : undefined;
  if (!holder || !(await mayManageCardsOf(actor, holder))) throw notFound('Resident');
  const cards = await listUserCards(holder.id, 100);
  return { holder, cards: cards.items };
}
