import { prefixes } from '../../shared/db/keys.js';
import { AppError } from '../../shared/errors.js';
import { CLOSED_NAME, type AccountClosed, type PersonalDataExport } from '../../shared/schemas/privacy.js';
import { nowIso } from '../clock.js';
import { unbindCard } from '../db/cards.js';
import { closeProfile, nameCopies, overwriteName, readPersonalItems } from '../db/personal-data.js';
import { cancel, toRedemption } from '../db/redemptions.js';
import type { User } from '../domain/user.js';
import { log } from '../api/log.js';
import { toMe } from './auth.js';
import { mapPool } from './pool.js';

/** Table plumbing that means nothing to the person: keys, index keys, TTLs, projector snapshots. */
const PLUMBING = new Set([
  'pk',
  'sk',
  'gpk',
  'gsk',
  'mpk',
  'msk',
  'dpk',
  'dsk',
  'lbpk',
  'lbscore',
  'ttl',
  'src',
  'ver',
  'type',
]);

const clean = (it: Record<string, unknown>): Record<string, unknown> =>
  Object.fromEntries(
    Object.entries(it)
      .filter(([k]) => !PLUMBING.has(k))
      .map(([k, v]) => [k, v instanceof Set ? [...v] : v]),
  );

const own = (items: Record<string, unknown>[], prefix: string) =>
  items.filter((it) => String(it.sk).startsWith(prefix)).map(clean);

/** Everything kept about the caller (PIPL art. 45: the right to see and copy one's data). */
export async function exportMyData(me: User): Promise<PersonalDataExport> {
  const items = await readPersonalItems(me.id);
  const prefs = items.own.find((it) => it.sk === 'PREFS');
  return {
    exportedAt: nowIso(),
    profile: toMe(me),
    consentVersion: me.consentVersion,
    createdAt: me.createdAt,
    roles: me.roles,
    preferences: prefs ? clean(prefs) : null,
    cards: items.cards.map(clean),
    teams: items.teams.map(clean),
    signups: items.signups.map(clean),
    attendance: items.attendance.map(clean),
    serviceRecords: own(items.own, prefixes.service),
    ledger: own(items.own, prefixes.ledger).reverse(),
    redemptions: items.redemptions.map(clean).reverse(),
    notifications: items.notifications.map(clean),
  };
}

/** How many copies of a name are rewritten at once. */
const REWRITE_CONCURRENCY = 8;

/**
 * Closes the caller's account (PIPL art. 47). In this order, each step safe to repeat:
 * 1. open reservations are cancelled through the ledger core (ledger `refund`, stock back), so
 *    balance = Σ ledger and the liability totals stay true;
 * 2. cards are unbound (later scans are `unknown-card`);
 * 3. the profile is closed in one transaction: name → 已注销, phone, roles and the name index removed,
 *    the phone item deleted (the phone signs up anew as an empty account); balance and counters stay,
 *    so every total that included this person still adds up;
 * 4. the copies of the name are overwritten where they are shown: board rows, team memberships,
 *    sign-ups, attendance, redemptions.
 *
 * Why rewrite the copies at closing rather than resolve names when reading: both are found from the
 * person's own partition and lists (no Scan), and a closing costs about one write per copy — a busy
 * volunteer has ~100–200 board rows over a year; at 1 closing per 1,000 residents a year the district
 * pays ~200,000 writes a year (cents). Resolving at read time would add a BatchGet of up to 100 profiles
 * to every board read (≈10,500 a day in the district, ×21 for the city) and to every team, attendance
 * and redemption list, forever, for the sake of a rare event.
 * Known gap: a credit the projector has not yet applied when the rows are rewritten (its stream record
 * is at most seconds old) carries the old name snapshot and can put it back on a board row.
 */
export async function closeMyAccount(me: User): Promise<AccountClosed> {
  const at = nowIso();
  const items = await readPersonalItems(me.id);
  let reservationsCancelled = 0;
  for (const it of items.redemptions) {
    const r = toRedemption(it);
    if (r.status !== 'reserved') continue;
    try {
      await cancel(r, 'owner', me.id, at);
      reservationsCancelled++;
    } catch (err) {
      // Fulfilled or cancelled by staff in between: nothing left to refund.
      if (!(err instanceof AppError && err.slug === 'conflict')) throw err;
    }
  }
  let cardsUnbound = 0;
  for (const card of items.cards) {
    if (await unbindCard(card.cardNo as string, me.id, me.id)) cardsUnbound++;
  }
  await closeProfile(me.id, me.phone, CLOSED_NAME, at);
  const copies = await nameCopies(me.id);
  await mapPool(copies, REWRITE_CONCURRENCY, (copy) => overwriteName(copy, CLOSED_NAME));
  log('info', 'account closed', { userId: me.id, reservationsCancelled, cardsUnbound, nameCopies: copies.length });
  return { closed: true, closedAt: at, reservationsCancelled, cardsUnbound };
}
