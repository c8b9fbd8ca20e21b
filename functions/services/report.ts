import { forbidden } from '../../shared/errors.js';
import type { CommunityReport, MonthReport, StreetReport } from '../../shared/schemas/themes.js';
import { cityScope, streetScope } from '../../shared/db/keys.js';
import { monthActivityTotals } from '../db/activities.js';
import { monthParticipants } from '../db/confirm.js';
import { loadOrg } from '../db/org.js';
import { listThemes } from '../db/themes.js';
import { hasAnyRole, isAdmin, type Actor } from './authz.js';
import { communityParticipants } from './community-participants.js';
import { correctionCountsByStreet } from './corrections.js';

/**
 * The 1+N report of a month without a Scan: the month's themes (one Query), its activities with
 * their confirmed totals (byMonth), the distinct-participant counters (one Query), the cached org, and for
 * the per-community rows the credits of the visible communities' confirmed activities (see communityParticipants).
 * A community is covered when it held a confirmed activity of the mandatory theme.
 *
 * Scoped to the caller: the admin reads the district; a street organiser its streets and their communities; a
 * community organiser only its own communities (no street rows, whose totals include its neighbours).
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
        corrections: { open: 0, overdue: 0 },
      },
    ]),
  );
  const admin = isAdmin(actor);
  const grants = (kind: string) =>
    new Set(
      actor.roles
        .filter((g) => g.role === 'organizer' && g.scope.startsWith(`${kind}:`))
        .map((g) => g.scope.slice(kind.length + 1)),
    );
  const myStreets = grants('street');
  const myCommunities = grants('community');
  const seesCommunity = (c: { id: string; streetId: string }) =>
    admin || myStreets.has(c.streetId) || myCommunities.has(c.id);
  const visible = org.communities.filter(seesCommunity);
  const communityPeople = await communityParticipants(activities, new Set(visible.map((c) => c.id)));
  const communities = new Map<string, CommunityReport>(
    org.communities.map((c) => [
      c.id,
      {
        communityId: c.id,
        name: c.name,
        streetId: c.streetId,
        activities: 0,
        participants: communityPeople.get(c.id) ?? 0,
        serviceMinutes: 0,
        published: 0,
        covered: covered.has(c.id),
      },
    ]),
  );
  for (const a of activities) {
    for (const row of [streets.get(a.streetId), communities.get(a.communityId)]) {
      if (!row) continue;
      row.published += 1;
      if (a.status === 'confirmed') row.activities += 1;
      row.serviceMinutes += a.creditedMinutes;
    }
  }
  const rows = [...streets.values()].filter((s) => admin || myStreets.has(s.streetId));
  const corrections = rows.length > 0 ? await correctionCountsByStreet() : new Map();
  for (const r of rows) r.corrections = corrections.get(r.streetId) ?? { open: 0, overdue: 0 };
  const communityRows = [...communities.values()].filter((c) =>
    seesCommunity({ id: c.communityId, streetId: c.streetId }),
  );
  // Totals of what the caller sees: the district's (distinct people city-wide) for the admin, else the sum of rows.
  const summed = rows.length > 0 ? rows : communityRows;
  const scopedCovered = visible.filter((c) => covered.has(c.id)).length;
  return {
    month,
    mandatory: mandatory
      ? {
          themeId: mandatory.id,
          title: mandatory.title,
          communitiesCovered: admin ? covered.size : scopedCovered,
          communitiesTotal: visible.length,
          communities: visible.map((c) => ({
            communityId: c.id,
            name: c.name,
            streetId: c.streetId,
            covered: covered.has(c.id),
          })),
        }
      : null,
    streets: rows,
    communities: communityRows,
    totals: {
      activities: summed.reduce((n, s) => n + s.activities, 0),
      participants: admin ? (participants.get(cityScope) ?? 0) : summed.reduce((n, s) => n + s.participants, 0),
      serviceMinutes: summed.reduce((n, s) => n + s.serviceMinutes, 0),
    },
  };
}
