import { communitiesBoard, peopleBoard, teamsBoard } from '../../shared/db/keys.js';
import type {
  CommunityBoard,
  CommunityBoardQuery,
  PeopleBoard,
  PeopleBoardQuery,
  TeamBoard,
  TeamBoardQuery,
} from '../../shared/schemas/leaderboards.js';
import { localMonth, localYear } from '../../shared/time.js';
import { config } from '../config.js';
import { readTeamInfos } from '../db/leaderboard-writes.js';
import { getPersonBoards, personNames, readBoardShards, readTopList } from '../db/leaderboards.js';
import { personBoardValue } from '../db/person-boards.js';
import { loadOrg } from '../db/org.js';
import { maskName } from './mask-name.js';
import { rankShards } from './rank-shards.js';
import { nowDate } from '../clock.js';

/**
 * A people board: one GetItem of its top list (the TOP_K highest, board-tops.ts), one BatchGet of the
 * shown people's names, and with a caller one GetItem of their totals. The caller's rank is exact when
 * their value reaches the list's lowest value, null below it (the contract allows it).
 */
export async function readPeopleBoard(q: PeopleBoardQuery, meId?: string): Promise<PeopleBoard> {
  const board = peopleBoard(q.metric, q.scope, q.period);
  const [top, mine] = await Promise.all([
    readTopList(board),
    meId ? getPersonBoards(meId) : Promise.resolve(undefined),
  ]);
  const ranking = rankShards([top], q.limit);
  const names = await personNames(ranking.top.map((r) => r.subjectId));
  const out: PeopleBoard = {
    metric: q.metric,
    scope: q.scope,
    period: q.period,
    entries: ranking.top.map((r) => ({
      rank: r.rank,
      userId: r.subjectId,
      name: maskName(names.get(r.subjectId) ?? ''),
      value: r.value,
    })),
  };
  if (meId) {
    const value = mine ? personBoardValue(mine, board) : 0;
    out.me = { rank: ranking.rankOf(value), value };
  }
  return out;
}

/** Teams ranked by their members' service minutes; names from the board items, else the team items. */
export async function readTeamBoard(q: TeamBoardQuery): Promise<TeamBoard> {
  const ranking = rankShards(await readBoardShards(teamsBoard(q.metric, q.scope, q.period), q.limit), q.limit);
  const unnamed = ranking.top.filter((r) => !r.name).map((r) => r.subjectId);
  const infos = unnamed.length ? await readTeamInfos(unnamed) : new Map<string, { name: string }>();
  return {
    metric: q.metric,
    scope: q.scope,
    period: q.period,
    entries: ranking.top.map((r) => ({
      rank: r.rank,
      teamId: r.subjectId,
      name: r.name || infos.get(r.subjectId)?.name || '',
      value: r.value,
    })),
  };
}

/**
 * Communities ranked by their residents' contributions (as earned there): the board's top list (one
 * BatchGet of its shards, as for people); names from the org.
 */
export async function readCommunityBoard(q: CommunityBoardQuery): Promise<CommunityBoard> {
  const [top, org] = await Promise.all([readTopList(communitiesBoard(q.metric, q.period)), loadOrg()]);
  const ranking = rankShards([top], q.limit);
  return {
    metric: q.metric,
    period: q.period,
    entries: ranking.top.map((r) => ({
      rank: r.rank,
      communityId: r.subjectId,
      name: org.communityById.get(r.subjectId)?.name ?? '',
      value: r.value,
    })),
  };
}

/** This month and year in TZ_NAME: what "本月" and "本年" mean on the boards. */
export function currentPeriods(now = nowDate()): { month: string; year: string; timeZone: string } {
  const tz = config().tzName;
  return { month: localMonth(now, tz), year: localYear(now, tz), timeZone: tz };
}
