import { forbidden } from '../../shared/errors.js';
import type { Liability, LiabilityFigures } from '../../shared/schemas/rewards.js';
import { getLiabilityCounters, type LiabilityCounters } from '../db/liability.js';
import { getCommunity, getStreet, loadOrg, type Community } from '../db/org.js';
import type { User } from '../db/users.js';
import { assertCan, isAdmin } from './authz.js';

const zero = (): LiabilityCounters => ({ volunteer: 0, garbage: 0, adjust: 0, redeem: 0, refund: 0 });

const plus = (a: LiabilityCounters, b: LiabilityCounters): LiabilityCounters => ({
  volunteer: a.volunteer + b.volunteer,
  garbage: a.garbage + b.garbage,
  adjust: a.adjust + b.adjust,
  redeem: a.redeem + b.redeem,
  refund: a.refund + b.refund,
});

/** Counters (sums of ledger deltas by reason) → what an organiser reads. */
export function figures(c: LiabilityCounters): LiabilityFigures {
  const issued = c.volunteer + c.garbage + c.adjust;
  const redeemed = -c.redeem;
  return {
    issued: { volunteer: c.volunteer, garbage: c.garbage, adjust: c.adjust, total: issued },
    redeemed,
    refunded: c.refund,
    // Equals the sum of every balance in the scope: each counter is the sum of the ledger deltas.
    outstanding: issued - redeemed + c.refund,
  };
}

/**
 * Points liability of a city, street or community: points issued by source, redeemed, refunded and
 * outstanding, per community and street, all time or for one `month` (moves made in it). Admin reads
 * the city; a street organiser its street; a community organiser (or its street's) the community. One
 * BatchGet per 100 communities.
 */
export async function liabilityFor(me: User, scope: string, month?: string): Promise<Liability> {
  const org = await loadOrg();
  let communities: Community[];
  let name: string;
  if (scope === 'city') {
    if (!isAdmin(me)) throw forbidden('Only the city admin reads the city’s liability');
    communities = org.communities;
    name = '全区';
  } else if (scope.startsWith('street:')) {
    const street = await getStreet(scope.slice('street:'.length));
    assertCan(me, ['organizer'], { streetId: street.id }, 'Only organisers of this street read its liability');
    communities = (await loadOrg(!org.streetById.has(street.id))).communities.filter((c) => c.streetId === street.id);
    name = street.name;
  } else {
    const community = await getCommunity(scope.slice('community:'.length));
    assertCan(
      me,
      ['organizer'],
      { communityId: community.id, streetId: community.streetId },
      'Only organisers of this community read its liability',
    );
    communities = [community];
    name = community.name;
  }
  const ids: (string | null)[] = communities.map((c) => c.id);
  // The city also owes what residents without a community hold (the ledger core counts them under NONE).
  if (scope === 'city') ids.push(null);
  const counters = await getLiabilityCounters(ids, month ?? 'TOTAL');
  const byStreet = new Map<string, LiabilityCounters>();
  let total = zero();
  const rows = communities.map((c) => {
    const n = counters.get(c.id) ?? zero();
    byStreet.set(c.streetId, plus(byStreet.get(c.streetId) ?? zero(), n));
    total = plus(total, n);
    return { id: c.id, name: c.name, streetId: c.streetId, ...figures(n) };
  });
  const unassigned = scope === 'city' ? (counters.get(null) ?? zero()) : null;
  if (unassigned) total = plus(total, unassigned);
  const streets =
    scope === 'city'
      ? org.streets.map((s) => ({ id: s.id, name: s.name, ...figures(byStreet.get(s.id) ?? zero()) }))
      : [];
  return {
    scope,
    month: month ?? null,
    name,
    totals: figures(total),
    streets,
    communities: rows,
    unassigned: unassigned ? figures(unassigned) : null,
  };
}
