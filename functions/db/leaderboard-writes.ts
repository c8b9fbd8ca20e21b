import { batchGet, itemId } from './batch-get.js';
import {
  personBoardsKey,
  boardShardPartition,
  boardShards,
  boardValueKey,
  communitiesBoard,
  communityTotalsKey,
  peopleBoard,
  shardOf,
  teamKey,
  teamsBoard,
  userTeamsParent,
  type BoardSubject,
} from '../../shared/db/keys.js';
import type { Metric as MetricName } from '../../shared/schemas/leaderboards.js';
import { CLOSED_NAME } from '../../shared/schemas/privacy.js';
import { localMonth, localYear } from '../../shared/time.js';
import { config } from '../config.js';
import { tableName } from './client.js';
import { queryAll } from './query-all.js';
import { loadOrg } from './org.js';
import { MAX_TX_ITEMS, transactWrite, type TxItem } from './transact.js';
import { mergeIntoTops } from './board-tops.js';
import { ConditionFailedError } from './errors.js';
import { coalesce, toTxItem, type ProjectionWrite } from './projector/write.js';
import {
  addPersonValue,
  communityBoardAttr,
  personBoardsOf,
  personBoardValues,
  personPlace,
  teamPlace,
  type PersonBoards,
} from './person-boards.js';
import { nowIso } from '../clock.js';

/** A leaderboard metric. */
export type Metric = MetricName;

/**
 * One person's contribution to the boards, as known at the moment it was earned: the community and
 * street they belonged to then, and the teams the credit counts for.
 */
export interface Contribution {
  userId: string;
  /** The person's display name (masked when shown). */
  name: string;
  metric: Metric;
  value: number;
  /** When it was earned (decides month and year in TZ_NAME). */
  at: string;
  communityId: string | null;
  streetId: string | null;
  /** Teams it counts for; when omitted, the person's active teams (byParent `userTeamsParent`). */
  teamIds?: string[];
  /**
   * Teams whose TEAM board it moves (`T#…`); omitted: all of `teamIds`. The projector passes the
   * activity's team only: a team's minutes are its members' minutes on the team's activities
   * (API.md), the same number as the team's `serviceMinutes`.
   */
  teamBoardIds?: string[];
}

/**
 * A contribution counts for at most this many teams, so that one volunteer credit (two metrics) stays
 * within 24 + 15 × 4 = 84 board items and leaves room for the credit's own items under DynamoDB's 100.
 * Teams beyond it (by team id, i.e. the oldest teams first) are not credited.
 */
export const MAX_TEAMS_PER_CONTRIBUTION = 4;

/** The metric whose sums rank teams (API: `/leaderboards/teams?metric=service_minutes`). */
export const TEAM_BOARD_METRIC: Metric = 'service_minutes';

/**
 * Board items one contribution moves before merging: 3 periods × (city + street + community + each
 * team) on the people boards, 3 on the communities board, and for service minutes 3 periods × 3 team
 * scopes × each team on the team boards. See docs/data-model.md, "Leaderboards".
 */
export function boardItemCount(
  c: { metric: Metric; communityId: string | null; streetId: string | null },
  teams: number,
): number {
  const t = Math.min(teams, MAX_TEAMS_PER_CONTRIBUTION);
  const people = 3 * (1 + (c.streetId ? 1 : 0) + (c.communityId ? 1 : 0) + t);
  const communities = c.communityId ? 3 : 0;
  const teamBoards = c.metric === TEAM_BOARD_METRIC ? 9 * t : 0;
  return people + communities + teamBoards;
}

/** What a team contributes to board scopes: its name and where it belongs (from its `META` item). */
export interface TeamInfo {
  id: string;
  name: string;
  communityId: string | null;
  streetId: string | null;
}

/** One subject's move on one board. */
export interface BoardMove {
  subject: BoardSubject;
  subjectId: string;
  board: string;
  delta: number;
  /** Display name snapshot (people: as earned; teams: the team's name). Empty keeps the stored one. */
  name: string;
}

/**
 * Every board one contribution moves (pure; unmerged). A credit counts for the community, street and
 * teams the person belonged to when it was earned, in the month and year of `at` in `tz`.
 */
export function boardMoves(c: Contribution, teams: TeamInfo[], tz: string): BoardMove[] {
  const periods = [localMonth(c.at, tz), localYear(c.at, tz), 'all'];
  const counted = teams.slice(0, MAX_TEAMS_PER_CONTRIBUTION);
  const moves: BoardMove[] = [];
  const scopes = ['city'];
  if (c.streetId) scopes.push(`street:${c.streetId}`);
  if (c.communityId) scopes.push(`community:${c.communityId}`);
  for (const t of counted) scopes.push(`team:${t.id}`);
  for (const period of periods) {
    for (const scope of scopes) {
      moves.push({
        subject: 'USER',
        subjectId: c.userId,
        board: peopleBoard(c.metric, scope, period),
        delta: c.value,
        name: c.name,
      });
    }
    if (c.communityId) {
      moves.push({
        subject: 'COMMUNITY',
        subjectId: c.communityId,
        board: communitiesBoard(c.metric, period),
        delta: c.value,
        name: '',
      });
    }
    if (c.metric !== TEAM_BOARD_METRIC) continue;
    for (const t of counted.filter((t) => !c.teamBoardIds || c.teamBoardIds.includes(t.id))) {
      const teamScopes = ['city'];
      if (t.streetId) teamScopes.push(`street:${t.streetId}`);
      if (t.communityId) teamScopes.push(`community:${t.communityId}`);
      for (const scope of teamScopes) {
        moves.push({
          subject: 'TEAM',
          subjectId: t.id,
          board: teamsBoard(c.metric, scope, period),
          delta: c.value,
          name: t.name,
        });
      }
    }
  }
  return moves;
}

/** Sums moves that hit the same item: DynamoDB refuses two writes to one item in a transaction. */
export function mergeMoves(moves: BoardMove[]): BoardMove[] {
  const byKey = new Map<string, BoardMove>();
  for (const m of moves) {
    const k = `${m.subject}#${m.subjectId}|${m.board}`;
    const prev = byKey.get(k);
    if (!prev) byKey.set(k, { ...m });
    else {
      prev.delta += m.delta;
      if (m.name) prev.name = m.name;
    }
  }
  return [...byKey.values()].filter((m) => m.delta !== 0);
}

/**
 * The Update of one board item: the value (`lbscore`, also the byScore sort key) grows by delta, and the
 * item sits in its board's shard (`lbpk`) so the top N is read highest first.
 */
export function boardUpdate(m: BoardMove, at: string): TxItem {
  const names: Record<string, string> = {};
  const sets = [
    'lbscore = if_not_exists(lbscore, :z) + :d',
    'lbpk = :lbpk',
    '#type = :type',
    'subjectId = :sid',
    'board = :b',
    'updatedAt = :at',
  ];
  names['#type'] = 'type';
  const values: Record<string, unknown> = {
    ':z': 0,
    ':d': m.delta,
    ':lbpk': boardShardPartition(m.board, shardOf(m.subjectId, boardShards(m.board))),
    ':type': 'LB',
    ':sid': m.subjectId,
    ':b': m.board,
    ':at': at,
  };
  if (m.name) {
    sets.push('#name = :name');
    names['#name'] = 'name';
    values[':name'] = m.name;
  }
  return {
    Update: {
      TableName: tableName(),
      Key: boardValueKey(m.subject, m.subjectId, m.board),
      UpdateExpression: `SET ${sets.join(', ')}`,
      ExpressionAttributeNames: names,
      ExpressionAttributeValues: values,
    },
  };
}

/**
 * A community's move on a communities board as a coalescable write: ADD to the board's attribute of the
 * community's totals item (no index: the board's ranking is its top list, merged after the commit).
 */
export function communityTotalsWrite(m: BoardMove, at: string): ProjectionWrite {
  const [, metric, period] = m.board.split('#') as [string, Metric, string];
  return {
    kind: 'add',
    key: communityTotalsKey(m.subjectId),
    add: { [communityBoardAttr(metric, period)]: m.delta },
    set: { type: 'LBC', subjectId: m.subjectId, updatedAt: at },
  };
}

/** The communities boards (with the communities on them) that contributions count on. */
export function communityBoardsOf(contributions: Contribution[]): Map<string, Set<string>> {
  const tz = config().tzName;
  const out = new Map<string, Set<string>>();
  for (const c of contributions) {
    if (!c.communityId || c.value <= 0) continue;
    for (const period of [localMonth(c.at, tz), localYear(c.at, tz), 'all']) {
      const board = communitiesBoard(c.metric, period);
      if (!out.has(c.communityId)) out.set(c.communityId, new Set());
      out.get(c.communityId)!.add(board);
    }
  }
  return out;
}

/**
 * What the communities boards' top lists must merge: each community's CURRENT value (its totals item, read
 * consistently after the commit that moved it) on each board named. A value read later than one's own
 * commit is still a true value, and values only grow, so the lists' maximum ends at the last one.
 */
export async function communityTopUpdates(boards: Map<string, Set<string>>): Promise<Map<string, Map<string, number>>> {
  const out = new Map<string, Map<string, number>>();
  if (boards.size === 0) return out;
  const found = await batchGet([...boards.keys()].map(communityTotalsKey));
  for (const [communityId, names] of boards) {
    const it = found.get(itemId(communityTotalsKey(communityId)));
    for (const board of names) {
      const [, metric, period] = board.split('#') as [string, Metric, string];
      const value = (it?.[communityBoardAttr(metric, period)] as number | undefined) ?? 0;
      if (value <= 0) continue;
      if (!out.has(board)) out.set(board, new Map());
      out.get(board)!.set(communityId, value);
    }
  }
  return out;
}

/** A person's active teams (byParent `USER#<id>#TEAMS`, member items with gsk `TEAM#<teamId>`). */
export async function activeTeamIds(userId: string): Promise<string[]> {
  const ids: string[] = [];
  const all = await queryAll({
    TableName: tableName(),
    IndexName: 'byParent',
    KeyConditionExpression: 'gpk = :p AND begins_with(gsk, :t)',
    ExpressionAttributeValues: { ':p': userTeamsParent(userId), ':t': 'TEAM#' },
  });
  for (const it of all) {
    if (it.status === 'active') ids.push((it.gsk as string).slice('TEAM#'.length));
  }
  return ids;
}

/** Names and communities of teams from their `META` items; a team without one counts city-wide only. */
export async function readTeamInfos(teamIds: string[]): Promise<Map<string, TeamInfo>> {
  const out = new Map<string, TeamInfo>(teamIds.map((id) => [id, { id, name: '', communityId: null, streetId: null }]));
  if (teamIds.length === 0) return out;
  const found = await batchGet(teamIds.map(teamKey), { consistent: false, attributes: ['name', 'communityId'] });
  for (const it of found.values()) {
    const id = (it.pk as string).slice('TEAM#'.length);
    const communityId = (it.communityId as string | undefined) ?? null;
    out.set(id, { id, name: (it.name as string | undefined) ?? '', communityId, streetId: null });
  }
  for (const t of out.values()) if (t.communityId) t.streetId = await streetOf(t.communityId);
  return out;
}

/** The street of a community from the cached org, re-read once when the community is newer than the cache. */
async function streetOf(communityId: string): Promise<string | null> {
  const c = (await loadOrg()).communityById.get(communityId) ?? (await loadOrg(true)).communityById.get(communityId);
  return c?.streetId ?? null;
}

/** A contribution with its street derived and the teams it counts for (at most MAX_TEAMS_PER_CONTRIBUTION). */
export interface ResolvedContribution extends Contribution {
  teams: TeamInfo[];
}

/**
 * Resolves contributions: the street from the community when left out, and the teams (the person's
 * active teams when `teamIds` is omitted). Reads: one byParent Query per person whose `teamIds` are
 * omitted, one BatchGet of the teams' `META` items when any team counts, and the cached org.
 */
export async function resolveContributions(
  contributions: Contribution[],
  teamsOf: (userId: string) => Promise<string[]> = activeTeamIds,
): Promise<ResolvedContribution[]> {
  for (const c of contributions) {
    if (!Number.isInteger(c.value)) throw new Error(`a board value must be an integer, got ${c.value}`);
  }
  const counted = contributions.filter((c) => c.value !== 0);
  if (counted.length === 0) return [];
  const teamsByUser = new Map<string, string[]>();
  const lookups = [...new Set(counted.filter((c) => !c.teamIds).map((c) => c.userId))];
  await Promise.all(lookups.map(async (u) => teamsByUser.set(u, await teamsOf(u))));
  const teamIdsOf = (c: Contribution) =>
    [...new Set(c.teamIds ?? teamsByUser.get(c.userId) ?? [])].sort().slice(0, MAX_TEAMS_PER_CONTRIBUTION);
  const infos = await readTeamInfos([...new Set(counted.flatMap(teamIdsOf))]);
  const out: ResolvedContribution[] = [];
  for (const c of counted) {
    const streetId = c.streetId ?? (c.communityId ? await streetOf(c.communityId) : null);
    out.push({ ...c, streetId, teams: teamIdsOf(c).map((id) => infos.get(id)!) });
  }
  return out;
}

/**
 * The merged TEAM and COMMUNITY board moves of resolved contributions (few subjects, written once per
 * batch: a team's byScore board item, a community's totals item). People boards are the persons' totals
 * and the board tops.
 */
export function aggregateMoves(resolved: ResolvedContribution[]): BoardMove[] {
  const tz = config().tzName;
  return mergeMoves(resolved.flatMap((c) => boardMoves(c, c.teams, tz)).filter((m) => m.subject !== 'USER'));
}

/** Adds resolved contributions to a person's totals: the place at earning time and each team, per period. */
export function addToPerson(p: PersonBoards, resolved: ResolvedContribution[]): void {
  const tz = config().tzName;
  for (const c of resolved) {
    if (c.value <= 0) continue;
    for (const period of [localMonth(c.at, tz), localYear(c.at, tz), 'all']) {
      addPersonValue(p, c.metric, period, personPlace(c.communityId, c.streetId), c.value);
      for (const t of c.teams) addPersonValue(p, c.metric, period, teamPlace(t.id), c.value);
    }
    // A closed account's name stays erased: a record still in flight at the closing carries the old name.
    if (c.name && p.name !== CLOSED_NAME) p.name = c.name;
  }
}

/** The people boards contributions count on, in their periods (what the board tops must merge). */
export function peopleBoardsOf(resolved: ResolvedContribution[]): Set<string> {
  const tz = config().tzName;
  return new Set(
    resolved.flatMap((c) =>
      boardMoves(c, c.teams, tz)
        .filter((m) => m.subject === 'USER')
        .map((m) => m.board),
    ),
  );
}

/** The merged board moves of contributions, every subject (people included); `teamsOf` looks up active teams. */
export async function leaderboardMoves(
  contributions: Contribution[],
  teamsOf: (userId: string) => Promise<string[]> = activeTeamIds,
): Promise<BoardMove[]> {
  const tz = config().tzName;
  return mergeMoves((await resolveContributions(contributions, teamsOf)).flatMap((c) => boardMoves(c, c.teams, tz)));
}

/**
 * Applies contributions outside the stream (seeding, tests): each person's totals (read, add, write under
 * the item's write counter), the team and community board items in transactions, then the board tops.
 * The projector does the same per batch, with its exactly-once guard in the person's write.
 */
export async function creditBoards(
  contributions: Contribution[],
  teamsOf: (userId: string) => Promise<string[]> = activeTeamIds,
): Promise<void> {
  const resolved = await resolveContributions(contributions, teamsOf);
  if (resolved.length === 0) return;
  const byUser = new Map<string, ResolvedContribution[]>();
  for (const c of resolved) byUser.set(c.userId, [...(byUser.get(c.userId) ?? []), c]);
  const tops = new Map<string, Map<string, number>>();
  for (const [userId, cs] of byUser) {
    for (let attempt = 0; ; attempt++) {
      const found = await batchGet([personBoardsKey(userId)]);
      const it = found.get(itemId(personBoardsKey(userId)));
      const p = personBoardsOf(it);
      addToPerson(p, cs);
      try {
        await transactWrite([personBoardsTxItem(userId, p, it)]);
      } catch (err) {
        if (err instanceof ConditionFailedError && attempt < 5) continue;
        throw err;
      }
      const values = personBoardValues(p);
      for (const board of peopleBoardsOf(cs)) {
        if (!tops.has(board)) tops.set(board, new Map());
        tops.get(board)!.set(userId, values.get(board) ?? 0);
      }
      break;
    }
  }
  const at = nowIso();
  const moves = aggregateMoves(resolved);
  // A community's three periods are one totals item: merged into one write (DynamoDB refuses two in a transaction).
  const totals = new Map<string, ProjectionWrite>();
  coalesce(
    totals,
    moves.filter((m) => m.subject === 'COMMUNITY').map((m) => communityTotalsWrite(m, at)),
  );
  const items = [
    ...moves.filter((m) => m.subject !== 'COMMUNITY').map((m) => boardUpdate(m, at)),
    ...[...totals.values()].map((w) => toTxItem(w)!),
  ];
  for (let i = 0; i < items.length; i += MAX_TX_ITEMS) await transactWrite(items.slice(i, i + MAX_TX_ITEMS));
  for (const [board, values] of await communityTopUpdates(communityBoardsOf(resolved))) tops.set(board, values);
  await mergeIntoTops(tops);
}

/**
 * The write of a person's totals item: the whole item, conditioned on the write counter `n` read with it
 * (or on its absence), so two writers never both apply; `guard` (the projector's) replaces ver/slots.
 */
export function personBoardsTxItem(
  userId: string,
  p: PersonBoards,
  before: Record<string, unknown> | undefined,
  guard?: { ver: number; slots: number[] },
): TxItem {
  const n0 = (before?.n as number | undefined) ?? 0;
  const kept =
    guard ?? (before?.ver !== undefined ? { ver: before.ver as number, slots: before.slots as number[] } : {});
  return {
    Put: {
      TableName: tableName(),
      Item: { ...personBoardsKey(userId), type: 'LBP', subjectId: userId, ...p, ...kept, n: n0 + 1 },
      ConditionExpression: before ? '#n = :n0' : 'attribute_not_exists(pk)',
      ...(before ? { ExpressionAttributeNames: { '#n': 'n' }, ExpressionAttributeValues: { ':n0': n0 } } : {}),
    },
  };
}
