import { newId } from '../../shared/ids.js';
import { AppError, forbidden, notFound, validationError } from '../../shared/errors.js';
import type { Team, TeamInput } from '../../shared/schemas/teams.js';
import { getCommunity, type Community } from '../db/org.js';
import {
  approveMember,
  createTeam,
  getTeam,
  listMembers,
  removeMember,
  requestJoin,
  type TeamRow,
} from '../db/teams.js';
import { getUser } from '../db/users.js';
import { assertCan, can, type Actor, type Target } from './authz.js';
import { setTeamResolver } from './org.js';
import { nowIso } from '../clock.js';

/** Where a team sits: its community, street and itself (the target of `team:<id>` grants). */
export const teamTarget = (t: Pick<TeamRow, 'id' | 'communityId' | 'streetId'>): Target => ({
  teamId: t.id,
  communityId: t.communityId,
  streetId: t.streetId,
});

// Role scopes `team:<id>` resolve through here (org keeps no team storage of its own).
setTeamResolver(async (teamId) => {
  const t = await getTeam(teamId);
  if (!t) throw validationError('scope', 'no such team');
  return teamTarget(t);
});

/** The community named in a body, or 400 on `path`. */
export async function communityOrInvalid(id: string, path = 'communityId'): Promise<Community> {
  try {
    return await getCommunity(id);
  } catch (err) {
    if (err instanceof AppError && err.slug === 'not-found') throw validationError(path, 'no such community');
    throw err;
  }
}

export async function requireTeam(id: string, consistent = false): Promise<TeamRow> {
  const t = await getTeam(id, consistent);
  if (!t) throw notFound('Team');
  return t;
}

/** Organisers of the community or its street, and the admin, create teams. */
export async function createTeamFor(actor: Actor, input: TeamInput): Promise<TeamRow> {
  const community = await communityOrInvalid(input.communityId);
  assertCan(actor, ['organizer'], { communityId: community.id, streetId: community.streetId });
  let leader: { id: string; name: string } | undefined;
  if (input.leaderId) {
    const u = await getUser(input.leaderId);
    if (!u) throw validationError('leaderId', 'no such user');
    leader = { id: u.id, name: u.name };
  }
  return createTeam(
    {
      id: newId(),
      name: input.name,
      communityId: community.id,
      streetId: community.streetId,
      leaderId: null,
      description: input.description ?? null,
      memberCount: 0,
      serviceMinutes: 0,
      createdAt: nowIso(),
    },
    leader,
  );
}

/** Whether the actor manages the team's members: its leader, organisers above it, the admin. */
export const managesTeam = (actor: Actor | undefined, team: TeamRow): boolean =>
  can(actor, ['leader', 'organizer'], teamTarget(team));

/** The public view; members only for those who manage the team. */
export async function teamView(team: TeamRow, actor: Actor | undefined): Promise<Team> {
  const view: Team = {
    id: team.id,
    name: team.name,
    communityId: team.communityId,
    memberCount: team.memberCount,
    serviceMinutes: team.serviceMinutes,
    leaderId: team.leaderId,
    description: team.description,
  };
  if (managesTeam(actor, team)) view.members = await listMembers(team.id);
  return view;
}

export async function joinTeam(actor: Actor & { name: string }, teamId: string): Promise<void> {
  const team = await requireTeam(teamId);
  await requestJoin(team, actor.id, actor.name);
}

export async function approve(actor: Actor, teamId: string, userId: string): Promise<void> {
  const team = await requireTeam(teamId);
  if (!managesTeam(actor, team)) throw forbidden('Only the team leader or an organiser approves members');
  await approveMember(teamId, userId);
}

/** A person leaves, or the leader / an organiser removes them. */
export async function leaveOrRemove(actor: Actor, teamId: string, userId: string): Promise<void> {
  const team = await requireTeam(teamId);
  if (actor.id !== userId && !managesTeam(actor, team)) {
    throw forbidden('Only the member, the team leader or an organiser removes a member');
  }
  await removeMember(teamId, userId);
}

/** Reads for the team lists (a community's teams; my memberships). */
export { listMyTeams, listTeams } from '../db/teams.js';
