import { createHash } from 'node:crypto';
import { AppError, forbidden, notFound } from '../../shared/errors.js';
import type { LedgerEntry } from '../../shared/schemas/points.js';
import { epochSeconds, HOUR } from '../../shared/time.js';
import { AdjustmentKeyTaken, adjustBalance, getAdjustmentRecord } from '../db/adjustments.js';
import { getUser, type User } from '../db/users.js';
import { auditRecord } from './audit.js';
import { can } from './authz.js';
import { communityTarget } from './org.js';
import { now } from '../clock.js';

/** Adjustment keys are kept 48 h, like redemption keys. */
const KEY_TTL_MS = 48 * HOUR;

/** What makes two adjustments "the same": the person, the amount and the note. */
const requestHash = (userId: string, delta: number, note: string): string =>
  createHash('sha256').update(JSON.stringify({ userId, delta, note })).digest('hex');

/** The earlier answer for this key, or undefined; the same key with another body is 409. */
async function replay(actorId: string, key: string, hash: string): Promise<LedgerEntry | undefined> {
  const rec = await getAdjustmentRecord(actorId, key);
  if (!rec) return undefined;
  if (rec.requestHash !== hash) {
    throw new AppError('conflict', 'This Idempotency-Key was already used for a different adjustment');
  }
  return rec.entry;
}

/**
 * Corrects a balance by hand: the admin, or an organiser of the person's community (a person without
 * a community: the admin only). Never below 0. With an Idempotency-Key, a retry — also one racing the
 * first try, or sent after its answer was lost — applies the correction once and gets the first entry.
 */
export async function adjustPoints(
  me: User,
  input: { userId: string; delta: number; note: string },
  key?: string,
): Promise<LedgerEntry> {
  // Nobody moves their own balance by hand, the admin included: a correction needs a second person.
  if (input.userId === me.id) throw forbidden('Nobody adjusts their own points; ask the level above');
  const target = await getUser(input.userId);
  if (!target) throw notFound('User');
  const where = target.communityId ? await communityTarget(target.communityId) : {};
  if (!can(me, ['organizer'], where) || (!target.communityId && !me.roles.some((r) => r.role === 'admin'))) {
    throw forbidden('Only the admin or an organiser of this resident’s community adjusts points');
  }
  const move = { ...input, actorId: me.id };
  const audit = await auditRecord(me, 'points.adjust', `user:${input.userId}`, where, {
    delta: input.delta,
    note: input.note,
  });
  if (!key) return adjustBalance(move, audit);
  const hash = requestHash(input.userId, input.delta, input.note);
  const earlier = await replay(me.id, key, hash);
  if (earlier) return earlier;
  try {
    return await adjustBalance(move, audit, { key, requestHash: hash, ttl: epochSeconds(now() + KEY_TTL_MS) });
  } catch (err) {
    // A twin with this key may have won meanwhile (and caused this failure): answer as it did.
    if (err instanceof AdjustmentKeyTaken || err instanceof AppError) {
      const won = await replay(me.id, key, hash);
      if (won) return won;
      if (err instanceof AdjustmentKeyTaken) throw new AppError('conflict', 'This Idempotency-Key is in use');
    }
    throw err;
  }
}
