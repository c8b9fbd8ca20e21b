import { api, call } from '../../api.js';
import { thisMonth } from '../../time.js';
import type { Activity, MonthThemes } from './data.js';

/**
 * Activities not ended yet: my community's first, then the rest of this month and next month.
 * (An activity near a month's end belongs to the month it starts in, so two months are read.)
 */
export async function loadUpcoming(communityId: string | null | undefined, limit = 50) {
  const q = { upcoming: 'true' as const, limit: String(limit) };
  const [mine, now, next] = await Promise.all([
    communityId ? call(api.activities.$get({ query: { ...q, communityId } })) : Promise.resolve({ items: [] }),
    call(api.activities.$get({ query: { ...q, month: thisMonth() } })),
    call(api.activities.$get({ query: { ...q, month: thisMonth(1) } })),
  ]);
  const byStart = (a: Activity, b: Activity) => a.startsAt.localeCompare(b.startsAt);
  const others = [...now.items, ...next.items].filter((a) => a.communityId !== communityId).sort(byStart);
  return { mine: [...mine.items].sort(byStart), others };
}

/** Theme id → kind, for the badges of a list. */
export function themeKinds(...months: (MonthThemes | undefined)[]): Map<string, 'mandatory' | 'special'> {
  const kinds = new Map<string, 'mandatory' | 'special'>();
  for (const t of months) {
    if (!t) continue;
    if (t.mandatory) kinds.set(t.mandatory.id, 'mandatory');
    for (const s of t.special) kinds.set(s.id, 'special');
  }
  return kinds;
}

export const loadThemes = (month: string) => call(api.themes.$get({ query: { month } }));
