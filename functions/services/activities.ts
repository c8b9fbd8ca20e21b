import { config } from '../config.js';
import { newId } from '../../shared/ids.js';
import { forbidden, notFound, validationError } from '../../shared/errors.js';
import { localMonth } from '../../shared/time.js';
import type { ActivityInput } from '../../shared/schemas/activities.js';
import {
  getActivity,
  listActivitiesOfCommunity,
  listActivitiesOfMonth,
  putActivity,
  type ActivityRow,
} from '../db/activities.js';
import { getTheme, getThemeMonth } from '../db/themes.js';
import { getTeam } from '../db/teams.js';
import { can, type Actor, type Target } from './authz.js';
import { newCheckinSecret } from './checkin-code.js';
import { communityOrInvalid } from './teams.js';
import { currentMonth } from './themes.js';
import { HOUR } from '../../shared/time.js';
import { nowIso } from '../clock.js';

/** Where an activity sits for authorisation: its community, street and team. */
export const activityTarget = (a: Pick<ActivityRow, 'communityId' | 'streetId' | 'teamId'>): Target => ({
  communityId: a.communityId,
  streetId: a.streetId,
  ...(a.teamId ? { teamId: a.teamId } : {}),
});

export async function requireActivity(id: string, consistent = false): Promise<ActivityRow> {
  const a = await getActivity(id, consistent);
  if (!a) throw notFound('Activity');
  return a;
}

/** Organisers of the community or its street, and the admin (confirm, manual attendance). */
export function assertOrganizes(
  actor: Actor,
  a: ActivityRow,
  detail = 'Only an organiser of this community may do this',
) {
  if (!can(actor, ['organizer'], activityTarget(a))) throw forbidden(detail);
}

/** Organisers, the admin and the leader of the activity's team (check-in code, attendance list). */
export function assertRuns(actor: Actor, a: ActivityRow, detail = 'Only the organisers of this activity may do this') {
  if (!can(actor, ['organizer', 'leader'], activityTarget(a))) throw forbidden(detail);
}

/**
 * Publishes an activity. The theme must be of the month of startsAt (in TZ_NAME) and be that
 * month's mandatory theme or a special theme of the community's street; a team must be of the
 * community. Backfilled activities (startsAt in the past) are allowed.
 */
export async function createActivity(actor: Actor, input: ActivityInput): Promise<ActivityRow> {
  const community = await communityOrInvalid(input.communityId);
  const where: Target = { communityId: community.id, streetId: community.streetId };
  let teamId: string | null = null;
  if (input.teamId) {
    const team = await getTeam(input.teamId);
    if (!team) throw validationError('teamId', 'no such team');
    if (team.communityId !== community.id) {
      // Only someone who may publish in this community learns that the team is not of it; a leader of that team
      // naming another community is simply not allowed there (403), like anyone else.
      if (!can(actor, ['organizer'], where)) {
        throw forbidden('Only an organiser of this community or the leader of the team publishes activities');
      }
      throw validationError('teamId', 'the team is of another community');
    }
    teamId = team.id;
  }
  const allowed = can(actor, ['organizer'], where) || (teamId !== null && can(actor, ['leader'], { teamId }));
  if (!allowed) throw forbidden('Only an organiser of this community or the leader of the team publishes activities');
  const startsAt = new Date(input.startsAt).toISOString();
  const endsAt = new Date(input.endsAt).toISOString();
  const month = localMonth(startsAt, config().tzName);
  let themeKind: ActivityRow['themeKind'] = null;
  if (input.themeId) {
    const theme = await getTheme(month, input.themeId);
    if (!theme) throw validationError('themeId', `must be a theme of ${month}, the month of startsAt`);
    if (theme.kind === 'special' && theme.streetId !== community.streetId) {
      throw validationError('themeId', "must be the mandatory theme or a special theme of the community's street");
    }
    themeKind = theme.kind;
  }
  const row: ActivityRow = {
    id: newId(),
    communityId: community.id,
    streetId: community.streetId,
    title: input.title,
    description: input.description ?? null,
    themeId: input.themeId ?? null,
    themeKind,
    teamId,
    location: input.location,
    startsAt,
    endsAt,
    month,
    capacity: input.capacity,
    pointsPerHour: input.pointsPerHour,
    signups: 0,
    waitlisted: 0,
    status: 'published',
    creditedMinutes: 0,
    creditedPoints: 0,
    participants: 0,
    confirmedAt: null,
    createdAt: nowIso(),
    secret: newCheckinSecret(),
    createdBy: actor.id,
    rev: 0,
  };
  await putActivity(row);
  return row;
}

export interface ListActivitiesQuery {
  month?: string;
  communityId?: string;
  streetId?: string;
  themeId?: string;
  upcoming: boolean;
  limit: number;
  cursor?: string;
}

/**
 * Lists activities in time order. With a month (or a theme, whose month is known) the month's
 * byMonth partition is read; with only a community, its byParent partition; with neither, the
 * current month. Other parameters filter.
 */
export async function listActivities(q: ListActivitiesQuery) {
  const now = nowIso();
  const filter = {
    communityId: q.communityId,
    streetId: q.streetId,
    themeId: q.themeId,
    endingAfter: q.upcoming ? now : undefined,
  };
  if (!q.month && q.communityId) {
    const startingFrom = q.upcoming ? new Date(Date.parse(now) - 12 * HOUR).toISOString() : undefined;
    return listActivitiesOfCommunity(q.communityId, { ...filter, startingFrom }, q.limit, q.cursor);
  }
  let month = q.month;
  if (!month && q.themeId) {
    month = await getThemeMonth(q.themeId);
    if (!month) return { items: [], nextCursor: null };
  }
  return listActivitiesOfMonth(month ?? currentMonth(), filter, q.limit, q.cursor);
}

/** An activity as the API shows it (no secret, no internal fields). */
export { toActivity } from '../db/activities.js';
