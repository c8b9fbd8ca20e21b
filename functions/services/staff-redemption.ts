import { AppError, forbidden, notFound } from '../../shared/errors.js';
import type { RedeemResult } from '../../shared/schemas/rewards.js';
import { nowIso } from '../clock.js';
import { getCard } from '../db/cards.js';
import * as store from '../db/redemptions.js';
import { getUser, type User } from '../db/users.js';
import { auditRecord } from './audit.js';
import { can } from './authz.js';
import { communityTarget } from './org.js';
import { redeem } from './redemptions.js';
import { getRewardOr404 } from './rewards.js';

/**
 * Staff-assisted redemption at the service station (API.md "Residents without a phone"): staff of the gift's
 * community redeem for the holder of a card and hand the gift over at once.
 *
 * It is the resident's own redemption (their points, their per-person limit, their community) followed by the
 * fulfilment, each exactly once: the Idempotency-Key is kept per staff member on the holder's account, so a retry
 * after a lost answer finds the same redemption, and a redemption still reserved (the retry came between the two
 * steps) is handed over then.
 */
export async function redeemByCard(
  staff: User,
  rewardId: string,
  cardNo: string,
  quantity: number,
  key: string,
): Promise<Omit<RedeemResult, 'status'> & { status: 'fulfilled' }> {
  const reward = await getRewardOr404(rewardId);
  if (!can(staff, ['staff', 'organizer'], await communityTarget(reward.communityId))) {
    throw forbidden('Only staff and organisers of this community redeem for a card holder');
  }
  const card = await getCard(cardNo);
  if (!card?.active) throw notFound('Card');
  const holder = await getUser(card.userId, true);
  if (!holder) throw notFound('User');
  const reserved = await redeem(holder, rewardId, quantity, `card:${staff.id}:${key}`);
  await handOver(reserved.id, staff);
  return { ...reserved, status: 'fulfilled' };
}

/** Fulfils a redemption that is reserved; one already fulfilled (by a twin request) is fine; otherwise 409. */
async function handOver(redemptionId: string, staff: User): Promise<void> {
  const r = await store.getRedemption(redemptionId);
  if (!r) throw notFound('Redemption');
  if (r.status === 'fulfilled') return;
  if (r.status !== 'reserved') throw new AppError('conflict', `This redemption is ${r.status}, not reserved`);
  try {
    const audit = await auditRecord(staff, 'redemption.fulfil', `redemption:${r.id}`, r, {
      userId: r.userId,
      rewardId: r.rewardId,
      quantity: r.quantity,
      byCard: true,
    });
    await store.fulfil(r, r.pickupCode, staff.id, nowIso(), audit);
  } catch (err) {
    const again = await store.getRedemption(redemptionId);
    if (again?.status !== 'fulfilled') throw err;
  }
}
