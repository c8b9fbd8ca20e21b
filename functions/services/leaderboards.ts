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
import { getBoardValue, readBoardShards } from '../db/leaderboards.js';
import { loadOrg } from '../db/org.js';
import { maskName } from './mask-name.js';
import { rankShards } from './rank-shards.js';
import { nowDate } from '../clock.js';

/**
 * How deep each shard is read when the caller asks for `me`: anyone within the top ME_DEPTH of a board
 * gets an exact rank (rank-shards.ts explains why), at a cost that does not depend on the population.
 */
export const ME_DEPTH = 100;

/**
 * A people board: S byScore Queries (S = the board's shards) of Limit `limit` — or ME_DEPTH with a
 * caller — plus one GetItem of the caller's own value. Names are masked.
 */
export async function readPeopleBoard(q: PeopleBoardQuery, meId?: string): Promise<PeopleBoard> {
  const board = peopleBoard(q.metric, q.scope, q.period);
  const perShard = meId ? Math.max(q.limit, ME_DEPTH) : q.limit;
  const [reads, mine] = await Promise.all([
    readBoardShards(board, perShard),
    meId ? getBoardValue('USER', meId, board) : Promise.resolve(undefined),
  ]);
  const ranking = rankShards(reads, q.limit);
  const out: PeopleBoard = {
    metric: q.metric,
    scope: q.scope,
    period: q.period,
    entries: ranking.top.map((r) => ({ rank: r.rank, userId: r.subjectId, name: maskName(r.name), value: r.value })),
  };
  if (meId) {
    const value = Math.max(0, mine?.value ?? 0);
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

/** Communities ranked by their residents' contributions (as earned there); names from the org. */
export async function readCommunityBoard(q: CommunityBoardQuery): Promise<CommunityBoard> {
  const [reads, org] = await Promise.all([readBoardShards(communitiesBoard(q.metric, q.period), q.limit), loadOrg()]);
  const ranking = rankShards(reads, q.limit);
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
