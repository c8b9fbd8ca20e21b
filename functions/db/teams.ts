import { GetCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import {
  communityTeamsParent,
  prefixes,
  teamKey,
  teamMemberKey,
  teamPartition,
  userKey,
  userTeamsParent,
  userTeamsSort,
} from '../../shared/db/keys.js';
import { AppError, notFound, validationError } from '../../shared/errors.js';
import type { MemberStatus, TeamMember } from '../../shared/schemas/teams.js';
import { db, tableName } from './client.js';
import { queryAll } from './query-all.js';
import { decodeCursor, encodeCursor } from './cursor.js';
import { ConditionFailedError } from './errors.js';
import { transactWrite, type TxItem, type TxParts } from './transact.js';
import { nowIso } from '../clock.js';

/** The team item. */
export interface TeamRow {
  id: string;
  name: string;
  communityId: string;
  streetId: string;
  leaderId: string | null;
  description: string | null;
  memberCount: number;
  serviceMinutes: number;
  createdAt: string;
}

export interface MembershipRow {
  teamId: string;
  teamName: string;
  communityId: string;
  userId: string;
  name: string;
  status: MemberStatus;
}

const toTeam = (it: Record<string, unknown>): TeamRow => ({
  id: it.id as string,
  name: it.name as string,
  communityId: it.communityId as string,
  streetId: it.streetId as string,
  leaderId: (it.leaderId as string | undefined) ?? null,
  description: (it.description as string | undefined) ?? null,
  memberCount: (it.memberCount as number) ?? 0,
  serviceMinutes: (it.serviceMinutes as number) ?? 0,
  createdAt: it.createdAt as string,
});

const toMembership = (it: Record<string, unknown>): MembershipRow => ({
  teamId: it.teamId as string,
  teamName: it.teamName as string,
  communityId: it.communityId as string,
  userId: it.userId as string,
  name: it.name as string,
  status: it.status as MemberStatus,
});

/** A membership item: found from the team (`MEMBER#`) and from the person (byParent `userTeamsParent`). */
function memberItem(team: Pick<TeamRow, 'id' | 'name' | 'communityId'>, userId: string, name: string, status: string) {
  return {
    ...teamMemberKey(team.id, userId),
    type: 'MEMBER',
    teamId: team.id,
    teamName: team.name,
    communityId: team.communityId,
    userId,
    name,
    status,
    joinedAt: nowIso(),
    gpk: userTeamsParent(userId),
    gsk: userTeamsSort(team.id),
  };
}

/**
 * Creates a team; with a leader, in the same transaction the leader becomes an active member
 * (memberCount 1) and gets the `leader` role on `team:<id>`.
 */
export async function createTeam(team: TeamRow, leader?: { id: string; name: string }): Promise<TeamRow> {
  const parts: TxParts = {
    team: {
      Put: {
        TableName: tableName(),
        Item: {
          ...teamKey(team.id),
          type: 'TEAM',
          ...team,
          leaderId: leader?.id,
          description: team.description ?? undefined,
          memberCount: leader ? 1 : 0,
          serviceMinutes: 0,
          gpk: communityTeamsParent(team.communityId),
          gsk: `TEAM#${team.id}`,
        },
        ConditionExpression: 'attribute_not_exists(pk)',
      },
    },
  };
  if (leader) {
    parts.leaderMember = { Put: { TableName: tableName(), Item: memberItem(team, leader.id, leader.name, 'active') } };
    parts.leaderRole = {
      Update: {
        TableName: tableName(),
        Key: userKey(leader.id),
        UpdateExpression: 'ADD #roles :r',
        ConditionExpression: 'attribute_exists(pk)',
        ExpressionAttributeNames: { '#roles': 'roles' },
        ExpressionAttributeValues: { ':r': new Set([`leader|team:${team.id}`]) },
      },
    };
  }
  try {
    await transactWrite(parts);
  } catch (err) {
    if (err instanceof ConditionFailedError && err.failedPart('leaderRole'))
      throw validationError('leaderId', 'no such user');
    throw err;
  }
  return { ...team, leaderId: leader?.id ?? null, memberCount: leader ? 1 : 0, serviceMinutes: 0 };
}

export async function getTeam(id: string, consistent = false): Promise<TeamRow | undefined> {
  const r = await db().send(new GetCommand({ TableName: tableName(), Key: teamKey(id), ConsistentRead: consistent }));
  return r.Item ? toTeam(r.Item) : undefined;
}

/** A community's teams in creation order (byParent). */
export async function listTeams(communityId: string, limit: number, cursor?: string) {
  const r = await db().send(
    new QueryCommand({
      TableName: tableName(),
      IndexName: 'byParent',
      KeyConditionExpression: 'gpk = :p',
      ExpressionAttributeValues: { ':p': communityTeamsParent(communityId) },
      Limit: limit,
      ExclusiveStartKey: await decodeCursor(cursor, communityTeamsParent(communityId)),
    }),
  );
  return {
    items: (r.Items ?? []).map(toTeam),
    nextCursor: await encodeCursor(r.LastEvaluatedKey, communityTeamsParent(communityId)),
  };
}

/** Every member of a team, pending and active (one Query per 1 MB). */
export async function listMembers(teamId: string): Promise<TeamMember[]> {
  const out: TeamMember[] = [];
  const all = await queryAll({
    TableName: tableName(),
    KeyConditionExpression: 'pk = :pk AND begins_with(sk, :m)',
    ExpressionAttributeValues: { ':pk': teamPartition(teamId), ':m': prefixes.member },
  });
  for (const it of all) {
    out.push({ userId: it.userId as string, name: it.name as string, status: it.status as MemberStatus });
  }
  return out;
}

export async function getMembership(teamId: string, userId: string): Promise<MembershipRow | undefined> {
  const r = await db().send(
    new GetCommand({ TableName: tableName(), Key: teamMemberKey(teamId, userId), ConsistentRead: true }),
  );
  return r.Item ? toMembership(r.Item) : undefined;
}

/** A person's memberships (byParent `userTeamsParent`). */
export async function listMyTeams(userId: string): Promise<MembershipRow[]> {
  const r = await db().send(
    new QueryCommand({
      TableName: tableName(),
      IndexName: 'byParent',
      KeyConditionExpression: 'gpk = :p',
      ExpressionAttributeValues: { ':p': userTeamsParent(userId) },
    }),
  );
  return (r.Items ?? []).map(toMembership);
}

/** Asks to join: a pending membership, once. The team must exist. */
export async function requestJoin(team: TeamRow, userId: string, name: string): Promise<void> {
  try {
    await transactWrite({
      team: {
        ConditionCheck: { TableName: tableName(), Key: teamKey(team.id), ConditionExpression: 'attribute_exists(pk)' },
      },
      membership: {
        Put: {
          TableName: tableName(),
          Item: memberItem(team, userId, name, 'pending'),
          ConditionExpression: 'attribute_not_exists(pk)',
        },
      },
    });
  } catch (err) {
    if (err instanceof ConditionFailedError && err.failedPart('team')) throw notFound('Team');
    if (err instanceof ConditionFailedError) throw new AppError('conflict', 'You have already asked to join this team');
    throw err;
  }
}

/** Pending → active and memberCount + 1, together. Approving an active member changes nothing. */
export async function approveMember(teamId: string, userId: string): Promise<void> {
  try {
    await transactWrite([
      {
        Update: {
          TableName: tableName(),
          Key: teamMemberKey(teamId, userId),
          UpdateExpression: 'SET #s = :active',
          ConditionExpression: '#s = :pending',
          ExpressionAttributeNames: { '#s': 'status' },
          ExpressionAttributeValues: { ':active': 'active', ':pending': 'pending' },
        },
      },
      {
        Update: {
          TableName: tableName(),
          Key: teamKey(teamId),
          UpdateExpression: 'ADD memberCount :one',
          ConditionExpression: 'attribute_exists(pk)',
          ExpressionAttributeValues: { ':one': 1 },
        },
      },
    ]);
  } catch (err) {
    if (!(err instanceof ConditionFailedError)) throw err;
    const m = await getMembership(teamId, userId);
    if (m?.status === 'active') return;
    throw notFound('Membership');
  }
}

/**
 * Removes a membership. An active one takes memberCount down in the same transaction; when the
 * leader leaves, the team loses its leader and the person the `leader` role. Retried when the
 * membership changed between the read and the write (e.g. approved meanwhile).
 */
export async function removeMember(teamId: string, userId: string): Promise<void> {
  for (let attempt = 0; attempt < 5; attempt++) {
    const [m, team] = await Promise.all([getMembership(teamId, userId), getTeam(teamId, true)]);
    if (!m || !team) throw notFound('Membership');
    const isLeader = team.leaderId === userId;
    const items: TxItem[] = [
      {
        Delete: {
          TableName: tableName(),
          Key: teamMemberKey(teamId, userId),
          ConditionExpression: '#s = :s',
          ExpressionAttributeNames: { '#s': 'status' },
          ExpressionAttributeValues: { ':s': m.status },
        },
      },
    ];
    if (m.status === 'active' || isLeader) {
      const sets: string[] = [];
      const values: Record<string, unknown> = {};
      let cond = 'attribute_exists(pk)';
      if (m.status === 'active') {
        sets.push('ADD memberCount :minus');
        values[':minus'] = -1;
        cond += ' AND memberCount > :zero';
        values[':zero'] = 0;
      }
      if (isLeader) {
        sets.push('REMOVE leaderId');
        cond += ' AND leaderId = :u';
        values[':u'] = userId;
      }
      items.push({
        Update: {
          TableName: tableName(),
          Key: teamKey(teamId),
          UpdateExpression: sets.join(' '),
          ConditionExpression: cond,
          ExpressionAttributeValues: values,
        },
      });
    }
    if (isLeader) {
      items.push({
        Update: {
          TableName: tableName(),
          Key: userKey(userId),
          UpdateExpression: 'DELETE #roles :r',
          ExpressionAttributeNames: { '#roles': 'roles' },
          ExpressionAttributeValues: { ':r': new Set([`leader|team:${teamId}`]) },
        },
      });
    }
    try {
      await transactWrite(items);
      return;
    } catch (err) {
      if (!(err instanceof ConditionFailedError)) throw err;
    }
  }
  throw new AppError('conflict', 'The membership kept changing; try again');
}
