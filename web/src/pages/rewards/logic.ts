/**
 * The rules the rewards screens apply before asking the API (which still decides): whether a gift can be
 * redeemed now and why not, how many at most, the idempotency key of one confirm step, and time left.
 */

/** The fields of a gift these rules read (as `GET /api/rewards` answers them). */
export interface GiftFacts {
  cost: number;
  stock: number;
  limitPerUser: number | null;
  availableFrom: string | null;
  availableUntil: string | null;
  active: boolean;
}

/** Why a gift cannot be redeemed right now (the order is what a resident should hear first), or `ok`. */
export type GiftState = 'ok' | 'inactive' | 'not-yet' | 'ended' | 'out-of-stock' | 'limit-reached' | 'insufficient';

/** The most units the API takes in one redemption. */
export const MAX_QUANTITY = 10;

/**
 * Whether `balance` can buy the gift now; `mine` = units I already reserved or collected (cancelled
 * ones do not count, as in the API's per-person limit).
 */
export function giftState(g: GiftFacts, balance: number, mine: number, now: number): GiftState {
  if (!g.active) return 'inactive';
  if (g.availableFrom && now < Date.parse(g.availableFrom)) return 'not-yet';
  if (g.availableUntil && now >= Date.parse(g.availableUntil)) return 'ended';
  if (g.stock <= 0) return 'out-of-stock';
  if (g.limitPerUser !== null && mine >= g.limitPerUser) return 'limit-reached';
  if (balance < g.cost) return 'insufficient';
  return 'ok';
}

/** The largest quantity worth offering in the confirm step (at least 1). */
export function maxQuantity(g: GiftFacts, balance: number, mine: number): number {
  const byLimit = g.limitPerUser === null ? MAX_QUANTITY : g.limitPerUser - mine;
  const byPoints = Math.floor(balance / Math.max(1, g.cost));
  return Math.max(1, Math.min(MAX_QUANTITY, g.stock, byLimit, byPoints));
}

/**
 * A fresh `Idempotency-Key`: 32 hex characters from `crypto.getRandomValues` (which, unlike
 * `randomUUID`, also works on plain-http LAN addresses).
 */
export function newIdempotencyKey(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  return Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
}

/** Days, hours and minutes until `until` (rounded up to the minute), or null once it has passed. */
export function timeLeft(until: string, now: number): { days: number; hours: number; minutes: number } | null {
  const ms = Date.parse(until) - now;
  if (!(ms > 0)) return null;
  const total = Math.ceil(ms / 60_000);
  return { days: Math.floor(total / 1440), hours: Math.floor((total % 1440) / 60), minutes: total % 60 };
}

/** A 6-digit pickup code in two groups, easier to read aloud: `123 456`. */
export const groupCode = (code: string): string => code.replace(/^(\d{3})(\d{3})$/, '$1 $2');

/** Units per gift that count against the per-person limit: reserved or collected, not cancelled. */
export function unitsByGift(
  list: readonly { rewardId: string; quantity: number; status: string }[],
): Map<string, number> {
  const out = new Map<string, number>();
  for (const r of list) if (r.status !== 'cancelled') out.set(r.rewardId, (out.get(r.rewardId) ?? 0) + r.quantity);
  return out;
}
