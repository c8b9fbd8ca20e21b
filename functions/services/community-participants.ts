import { listCredits } from '../db/confirm.js';
import type { ActivityTotals } from '../db/activities.js';
import { mapPool } from './pool.js';

/**
 * Distinct volunteers with confirmed minutes > 0 per community, over the given month's activities, read
 * from the activities' credit guards (one Query per confirmed activity of the communities asked for).
 *
 * Why read-time and not a projected counter like the street and city ones: the projector keeps month
 * markers per street and city only, and it is owned elsewhere; a district month holds ~250 activities
 * (SCALE.md), so even the admin's report costs ~250 small Queries, on a page opened a few times a month.
 * When the projector gains a `COMMUNITY#` scope (its service-record `src` would need the activity's
 * communityId), this becomes `monthParticipants(month).get(communityScope(id))`.
 */
export async function communityParticipants(
  activities: Pick<ActivityTotals, 'id' | 'communityId' | 'status'>[],
  communityIds: Set<string>,
): Promise<Map<string, number>> {
  const wanted = activities.filter((a) => a.status === 'confirmed' && communityIds.has(a.communityId));
  const credits = await mapPool(wanted, 8, (a) => listCredits(a.id));
  const people = new Map<string, Set<string>>();
  wanted.forEach((a, i) => {
    const set = people.get(a.communityId) ?? new Set<string>();
    for (const c of credits[i]!.values()) if (c.minutes > 0) set.add(c.userId);
    people.set(a.communityId, set);
  });
  return new Map([...people].map(([id, set]) => [id, set.size]));
}
