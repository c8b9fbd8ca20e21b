import { forbidden } from '../../shared/errors.js';
import type { MonthReport, StreetReport } from '../../shared/schemas/themes.js';
import { cityScope, streetScope } from '../../shared/db/keys.js';
import { monthActivityTotals } from '../db/activities.js';
import { monthParticipants } from '../db/confirm.js';
import { loadOrg } from '../db/org.js';
import { listThemes } from '../db/themes.js';
import { hasAnyRole, type Actor } from './authz.js';

/**
 * The 1+N report of a month without a Scan: the month's themes (one Query), its activities with
 * their confirmed totals (byMonth), the distinct-participant counters (one Query) and the cached org.
 * A community is covered when it held a confirmed activity of the mandatory theme.
 */
export async function monthReport(actor: Actor, month: string): Promise<MonthReport> {
  if (!hasAnyRole(actor, ['organizer'])) throw forbidden('Only the admin and organisers see the monthly report');
  const [themes, activities, participants, org] = await Promise.all([
    listThemes(month),
    monthActivityTotals(month),
    monthParticipants(month),
    loadOrg(),
  ]);
  const mandatory = themes.find((t) => t.kind === 'mandatory');
  const covered = new Set(
    activities
      .filter((a) => mandatory && a.themeId === mandatory.id && a.status === 'confirmed')
      .map((a) => a.communityId),
  );
  const streets = new Map<string, StreetReport>(
    org.streets.map((s) => [
      s.id,
      {
        streetId: s.id,
        name: s.name,
        activities: 0,
        participants: participants.get(streetScope(s.id)) ?? 0,
        serviceMinutes: 0,
        specialThemes: themes.filter((t) => t.kind === 'special' && t.streetId === s.id).length,
        published: 0,
        communitiesCovered: org.communities.filter((c) => c.streetId === s.id && covered.has(c.id)).length,
        communitiesTotal: org.communities.filter((c) => c.streetId === s.id).length,
      },
    ]),
  );
  for (const a of activities) {
    const s = streets.get(a.streetId);
    if (!s) continue;
    s.published += 1;
    if (a.status === 'confirmed') s.activities += 1;
    s.serviceMinutes += a.creditedMinutes;
  }
  const rows = [...streets.values()];
  return {
    month,
    mandatory: mandatory
      ? {
          themeId: mandatory.id,
          title: mandatory.title,
          communitiesCovered: covered.size,
          communitiesTotal: org.communities.length,
          communities: org.communities.map((c) => ({
            communityId: c.id,
            name: c.name,
            streetId: c.streetId,
            covered: covered.has(c.id),
          })),
        }
      : null,
    streets: rows,
    totals: {
      activities: rows.reduce((n, s) => n + s.activities, 0),
      participants: participants.get(cityScope) ?? 0,
      serviceMinutes: rows.reduce((n, s) => n + s.serviceMinutes, 0),
    },
  };
}
