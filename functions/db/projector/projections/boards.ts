import { boardShardPartition, boardShards, boardValueKey, shardOf } from '../../../../shared/db/keys.js';
import { nowIso } from '../../../clock.js';
import {
  addToPerson,
  aggregateMoves,
  communityTotalsWrite,
  resolveContributions,
  type BoardMove,
  type Contribution,
} from '../../leaderboard-writes.js';
import type { Projection } from '../projection.js';
import type { SourceEvent } from '../source.js';
import type { ProjectionWrite } from '../write.js';

/** The board contributions of one source event (issue 6's rules: the place at earning time counts). */
export function contributionsOf(e: SourceEvent): Contribution[] {
  const who = {
    userId: e.userId,
    name: (e.src.name as string | undefined) ?? '',
    communityId: (e.src.communityId as string | null | undefined) ?? null,
    streetId: (e.src.streetId as string | null | undefined) ?? null,
  };
  if (e.kind === 'garbage-day') {
    const points = (e.src.points as number) ?? 0;
    if (points <= 0) return [];
    return [{ ...who, metric: 'garbage_points', value: points, at: e.src.lastAt as string }];
  }
  if (e.kind === 'service') {
    const teamId = (e.src.teamId as string | null | undefined) ?? null;
    const team = teamId ? { teamIds: [teamId], teamBoardIds: [teamId] } : { teamBoardIds: [] };
    return [
      { metric: 'service_minutes' as const, value: (e.src.minutes as number) ?? 0 },
      { metric: 'volunteer_points' as const, value: (e.src.points as number) ?? 0 },
    ]
      .filter((c) => c.value > 0)
      .map((c) => ({ ...who, ...c, ...team, at: e.src.startsAt as string }));
  }
  return [];
}

/** A board move as a coalescable write: the value grows, the item sits in its board's byScore shard. */
export function boardWrite(m: BoardMove, at: string): ProjectionWrite {
  return {
    kind: 'add',
    key: boardValueKey(m.subject, m.subjectId, m.board),
    add: { lbscore: m.delta },
    set: {
      lbpk: boardShardPartition(m.board, shardOf(m.subjectId, boardShards(m.board))),
      type: 'LB',
      subjectId: m.subjectId,
      board: m.board,
      updatedAt: at,
      ...(m.name ? { name: m.name } : {}),
    },
  };
}

/**
 * People, team and community boards (issue 6) from garbage day items and service records: the person's
 * values go into their totals item (written with the guard); team board items and community totals items
 * are coalesced over the batch. The people and communities boards' top lists are merged after the commit
 * (project.ts).
 */
export const boardsProjection: Projection = {
  name: 'boards',
  async plan(events, ctx, person) {
    const contributions = events.flatMap(contributionsOf);
    if (contributions.length === 0) return [];
    const resolved = await resolveContributions(contributions, ctx.activeTeams);
    addToPerson(person, resolved);
    const at = nowIso();
    return aggregateMoves(resolved).map((m) =>
      m.subject === 'COMMUNITY' ? communityTotalsWrite(m, at) : boardWrite(m, at),
    );
  },
};
