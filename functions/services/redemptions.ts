import { createHash, randomInt } from 'node:crypto';
import { RESERVATION_SHARDS } from '../../shared/db/keys.js';
import { newId } from '../../shared/ids.js';
import { AppError, forbidden, notFound } from '../../shared/errors.js';
import { DAY, HOUR, epochSeconds } from '../../shared/time.js';
import type { Redemption, RedeemResult, Reward } from '../../shared/schemas/rewards.js';
import { config } from '../config.js';
import * as store from '../db/redemptions.js';
import type { StoredRedemption } from '../db/redemptions.js';
import type { User } from '../db/users.js';
import { auditRecord } from './audit.js';
import { can, type Actor } from './authz.js';
import { communityTarget } from './org.js';
import { getRewardOr404 } from './rewards.js';
import { noticeParts } from '../db/notifications.js';
import { buildNotice, deliverSms, notify } from './notify.js';
import { shortLocalTime } from './quiet-hours.js';
import { nowDate, nowIso } from '../clock.js';
import { countMetric } from '../observability/metrics.js';

/** Idempotency keys are kept 48 h (the contract promises at least 24 h; TTL deletion may lag). */
export const IDEMPOTENCY_TTL_MS = 48 * HOUR;
/** Fresh tries when the pickup code collides or the price changed between read and write. */
const RESERVE_TRIES = 4;

/** A new 6-digit pickup code (uniqueness in the community is enforced by the transaction). */
export const newPickupCode = (): string => String(randomInt(0, 1_000_000)).padStart(6, '0');

/** What makes two requests "the same": the gift and the quantity, not the bytes of the body. */
export const requestHash = (rewardId: string, quantity: number): string =>
  createHash('sha256').update(JSON.stringify({ rewardId, quantity })).digest('hex');

/** The earlier answer for this key, or undefined; the same key with another request is 409. */
async function replay(userId: string, key: string, hash: string): Promise<RedeemResult | undefined> {
  const rec = await store.getIdempotencyRecord(userId, key);
  if (!rec) return undefined;
  if (rec.requestHash !== hash) {
    throw new AppError('conflict', 'This Idempotency-Key was already used for a different request');
  }
  return rec.response;
}

/** Quick answers from the gift as read; the transaction's conditions are the real guard (and the balance is checked by the ledger core on a consistent read). */
function precheck(reward: Reward, quantity: number, now: string): void {
  if (!reward.active) throw new AppError('outside-window', 'This gift is not offered at the moment');
  if (reward.availableFrom && reward.availableFrom > now) {
    throw new AppError('outside-window', `This gift can be redeemed from ${reward.availableFrom}`);
  }
  if (reward.availableUntil && reward.availableUntil <= now) {
    throw new AppError('outside-window', `This gift could be redeemed until ${reward.availableUntil}`);
  }
  // A sold-out gift answers from this read, so a rush after the last unit writes nothing.
  if (reward.stock < quantity) {
    throw new AppError(
      'out-of-stock',
      reward.stock === 0 ? 'This gift is all gone' : `Only ${reward.stock} left; you asked for ${quantity}`,
    );
  }
  if (reward.limitPerUser !== null && quantity > reward.limitPerUser) {
    throw new AppError('limit-reached', `Each person may redeem at most ${reward.limitPerUser} of this gift`);
  }
}

/**
 * Redeems a gift for a resident of its community: one transaction debits the points and reserves
 * the stock (see db/redemptions `reserve`). The same Idempotency-Key with the same request returns the
 * first answer and charges nothing — also when the two requests race; with another request it is 409.
 */
export async function redeem(me: User, rewardId: string, quantity: number, key: string): Promise<RedeemResult> {
  const hash = requestHash(rewardId, quantity);
  const earlier = await replay(me.id, key, hash);
  if (earlier) return earlier;
  try {
    for (let attempt = 0; ; attempt++) {
      // Consistent, so a restock a moment ago is not answered "sold out" (1 RCU; a hot item takes 3,000/s).
      const reward = await getRewardOr404(rewardId, true);
      if (me.communityId !== reward.communityId) {
        throw forbidden('Only residents of this gift’s community can redeem it');
      }
      const now = nowDate();
      precheck(reward, quantity, now.toISOString());
      try {
        const reserved = await store.reserve({
          redemptionId: newId(),
          reward,
          user: { id: me.id, name: me.name },
          quantity,
          pickupCode: newPickupCode(),
          idempotency: { key, requestHash: hash, ttl: epochSeconds(now.getTime() + IDEMPOTENCY_TTL_MS) },
          now: now.toISOString(),
          expiresAt: new Date(now.getTime() + config().reservationDays * DAY).toISOString(),
        });
        countMetric('Redemptions');
        await tellReserved(me.id, reserved);
        return reserved;
      } catch (err) {
        if (!(err instanceof store.ReserveRetry) || attempt + 1 >= RESERVE_TRIES) throw err;
      }
    }
  } catch (err) {
    // A twin request with this key may have won meanwhile (and caused this failure): answer as it did.
    if (err instanceof AppError || err instanceof store.IdempotencyKeyTaken) {
      const won = await replay(me.id, key, hash);
      if (won) return won;
      if (err instanceof store.IdempotencyKeyTaken) {
        throw new AppError('conflict', 'This Idempotency-Key is being used by another request');
      }
    }
    throw err;
  }
}

/** The pickup code in the inbox; a lost notice never fails the redemption that already happened. */
async function tellReserved(userId: string, r: RedeemResult): Promise<void> {
  await notify({
    userId,
    kind: 'redemption-reserved',
    subject: r.id,
    ref: `redemption:${r.id}`,
    vars: { reward: r.rewardName, pickupCode: r.pickupCode, until: shortLocalTime(r.expiresAt, config().tzName) },
  }).catch(() => undefined);
}

/** Whether `actor` is staff or an organiser where the redemption is picked up. */
async function staffOf(actor: Actor, r: StoredRedemption): Promise<boolean> {
  return can(actor, ['staff', 'organizer'], await communityTarget(r.communityId));
}

/** The redemption as `viewer` may see it: the pickup code only for its owner, the name for staff. */
export function viewOf(r: StoredRedemption, viewerId: string): Redemption {
  const { pickupCode, userName, balanceAfter: _b, ...rest } = r;
  return viewerId === r.userId ? { ...rest, pickupCode } : { ...rest, userName };
}

async function loadOr404(id: string): Promise<StoredRedemption> {
  const r = await store.getRedemption(id);
  if (!r) throw notFound('Redemption');
  return r;
}

/** One redemption, for its owner or the staff and organisers of its community. */
export async function getRedemptionFor(me: User, id: string): Promise<Redemption> {
  const r = await loadOr404(id);
  if (r.userId !== me.id && !(await staffOf(me, r))) throw forbidden();
  return viewOf(r, me.id);
}

/** Tries at a reservation's pickup code (right or wrong) before it is locked. */
export const PICKUP_MAX_TRIES = 5;

/**
 * Staff hand over the gift: only staff/organisers of the redemption's community, only with its code,
 * only while reserved.
 */
export async function fulfilRedemption(me: User, id: string, code: string): Promise<{ fulfilledAt: string }> {
  const r = await loadOr404(id);
  if (!(await staffOf(me, r))) throw forbidden('Only staff and organisers of this community hand over gifts');
  if (r.status !== 'reserved') throw new AppError('conflict', `This redemption is ${r.status}, not reserved`);
  // Counted before comparing, atomically, so guessing (one by one or in a burst) gets PICKUP_MAX_TRIES tries.
  const tried = await store.takePickupTry(r.id, PICKUP_MAX_TRIES);
  if (tried === 'locked') {
    throw new AppError(
      'conflict',
      'Too many wrong pickup codes: this reservation is locked; the resident can cancel it (points come back) and redeem again',
    );
  }
  if (tried !== 'ok') throw new AppError('conflict', `This redemption is ${tried}, not reserved`);
  if (code !== r.pickupCode) throw new AppError('invalid-code', 'This pickup code does not match');
  const at = nowIso();
  const audit = await auditRecord(me, 'redemption.fulfil', `redemption:${r.id}`, r, {
    userId: r.userId,
    rewardId: r.rewardId,
    quantity: r.quantity,
  });
  await store.fulfil(r, code, me.id, at, audit);
  return { fulfilledAt: at };
}

/** Its owner, or staff/organisers of its community, cancel a reservation: points and stock come back. */
export async function cancelRedemption(me: User, id: string): Promise<{ balanceAfter: number }> {
  const r = await loadOr404(id);
  const owner = r.userId === me.id;
  if (!owner && !(await staffOf(me, r))) throw forbidden('Only its owner or staff of this community cancel it');
  if (r.status !== 'reserved') throw new AppError('conflict', `This redemption is ${r.status}, not reserved`);
  const audit = owner
    ? undefined
    : await auditRecord(me, 'redemption.cancel', `redemption:${r.id}`, r, { userId: r.userId, cost: r.cost });
  return store.cancel(r, owner ? 'owner' : 'staff', me.id, nowIso(), {}, audit);
}

/** How one run of the expiry job went. */
export interface ExpiryRun {
  expired: number;
  /** Already fulfilled or cancelled by someone else (a racing run, staff, the owner). */
  skipped: number;
}

/**
 * Cancels and refunds reservations not collected by their `expiresAt`. Reads each byDue shard for
 * "expired before now" (no Scan); each cancel is conditional on `status = reserved`, so two runs at once
 * or a racing fulfilment leave exactly one winner per reservation.
 */
export async function expireReservations(
  now = nowDate(),
  opts: { maxPerRun?: number; budgetMs?: number } = {},
): Promise<ExpiryRun> {
  const run: ExpiryRun = { expired: 0, skipped: 0 };
  const at = now.toISOString();
  const maxPerRun = opts.maxPerRun ?? 2000;
  // Stop in time to return; what is left is still due and the next run takes it.
  // The run's budget is real time (the Lambda's timeout), not the injectable clock.
  const stopAt = Date.now() + (opts.budgetMs ?? 90_000);
  for (let shard = 0; shard < RESERVATION_SHARDS; shard++) {
    for await (const page of store.dueReservations(shard, at, 100)) {
      for (const r of page) {
        if (run.expired + run.skipped >= maxPerRun || Date.now() > stopAt) return run;
        try {
          // The "refunded" notice commits with the refund itself: told exactly once, and only if refunded.
          const told = await buildNotice({
            userId: r.userId,
            kind: 'reservation-expired',
            subject: r.id,
            ref: `redemption:${r.id}`,
            vars: { reward: r.rewardName, points: r.cost },
          });
          await store.cancel(r, 'expired', 'system', at, told ? noticeParts(told.notice) : {});
          run.expired++;
          if (told?.textNow) await deliverSms(r.userId, told.notice.id).catch(() => undefined);
        } catch (err) {
          if (err instanceof AppError && err.slug === 'conflict') run.skipped++;
          else throw err;
        }
      }
    }
  }
  return run;
}

export const listUserRedemptions = store.listUserRedemptions;
export const listRewardRedemptions = store.listRewardRedemptions;
export const listOpenReservations = store.listOpenReservations;
