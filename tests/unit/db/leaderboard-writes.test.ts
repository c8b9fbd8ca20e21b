import { describe, expect, it } from 'vitest';
import { boardShards, shardOf } from '../../../shared/db/keys.js';
import {
  boardItemCount,
  boardMoves,
  MAX_TEAMS_PER_CONTRIBUTION,
  mergeMoves,
  type Contribution,
  type TeamInfo,
} from '../../../functions/db/leaderboard-writes.js';

const TZ = 'Asia/Shanghai';
const base: Contribution = {
  userId: 'U1',
  name: '王秀英',
  metric: 'service_minutes',
  value: 90,
  // 2026-01-01 00:30 in Shanghai, still 2025 in UTC
  at: '2025-12-31T16:30:00.000Z',
  communityId: 'C1',
  streetId: 'S1',
};
const team = (id: string, communityId: string | null = 'C1', streetId: string | null = 'S1'): TeamInfo => ({
  id,
  name: `队${id}`,
  communityId,
  streetId,
});

describe('boardMoves', () => {
  it('counts month and year in TZ_NAME, not UTC', () => {
    const boards = boardMoves({ ...base, metric: 'garbage_points' }, [], TZ).map((m) => m.board);
    expect(boards).toContain('P#garbage_points#city#2026-01');
    expect(boards).toContain('P#garbage_points#city#2026');
    expect(boards).toContain('P#garbage_points#city#all');
    expect(boards.some((b) => b.includes('2025'))).toBe(false);
  });

  it('moves people boards for city, street, community and each team, plus communities and team boards', () => {
    const moves = boardMoves(base, [team('T1'), team('T2', 'C2', 'S2')], TZ);
    expect(moves).toHaveLength(boardItemCount(base, 2));
    expect(moves).toHaveLength(3 * 5 + 3 + 9 * 2);
    const month = moves.filter((m) => m.board.endsWith('#2026-01')).map((m) => `${m.subject}:${m.board}`);
    expect(month.sort()).toEqual(
      [
        'USER:P#service_minutes#city#2026-01',
        'USER:P#service_minutes#street:S1#2026-01',
        'USER:P#service_minutes#community:C1#2026-01',
        'USER:P#service_minutes#team:T1#2026-01',
        'USER:P#service_minutes#team:T2#2026-01',
        'COMMUNITY:C#service_minutes#2026-01',
        'TEAM:T#service_minutes#city#2026-01',
        'TEAM:T#service_minutes#street:S1#2026-01',
        'TEAM:T#service_minutes#community:C1#2026-01',
        'TEAM:T#service_minutes#city#2026-01',
        'TEAM:T#service_minutes#street:S2#2026-01',
        'TEAM:T#service_minutes#community:C2#2026-01',
      ].sort(),
    );
  });

  it('ranks teams only by service minutes, and a person without community only city-wide', () => {
    const moves = boardMoves(
      { ...base, metric: 'volunteer_points', communityId: null, streetId: null },
      [team('T1')],
      TZ,
    );
    expect(moves.map((m) => m.board).filter((b) => b.startsWith('T#') || b.startsWith('C#'))).toEqual([]);
    expect(moves).toHaveLength(
      boardItemCount({ ...base, metric: 'volunteer_points', communityId: null, streetId: null }, 1),
    );
  });

  it(`credits at most ${MAX_TEAMS_PER_CONTRIBUTION} teams so a volunteer credit fits a transaction`, () => {
    const teams = ['T1', 'T2', 'T3', 'T4', 'T5', 'T6'].map((id) => team(id));
    const both = [base, { ...base, metric: 'volunteer_points' as const }];
    const items = mergeMoves(both.flatMap((c) => boardMoves(c, teams, TZ)));
    expect(items).toHaveLength(84);
    expect(items.some((m) => m.board.includes('T5') || m.subjectId === 'T5')).toBe(false);
  });
});

describe('mergeMoves', () => {
  it('sums moves of one item and drops those that cancel out', () => {
    const a = boardMoves({ ...base, metric: 'garbage_points', value: 1 }, [], TZ);
    const b = boardMoves({ ...base, metric: 'garbage_points', value: 2, name: '王新名' }, [], TZ);
    const c = boardMoves({ ...base, metric: 'garbage_points', value: -3, userId: 'U2' }, [], TZ);
    const merged = mergeMoves([...a, ...b, ...c]);
    const mine = merged.filter((m) => m.subjectId === 'U1');
    expect(mine).toHaveLength(a.length - 3);
    expect(mine.every((m) => m.delta === 3 && m.name === '王新名')).toBe(true);
    // The community items of U1 (+3) and U2 (-3) cancel: no write at all.
    expect(merged.filter((m) => m.subject === 'COMMUNITY')).toEqual([]);
  });
});

describe('board shards', () => {
  it('spreads the hot garbage boards and keeps small boards in one partition', () => {
    expect(boardShards('P#garbage_points#city#all')).toBe(16);
    expect(boardShards('C#garbage_points#2026')).toBe(16);
    expect(boardShards('P#garbage_points#street:S1#all')).toBe(4);
    expect(boardShards('P#garbage_points#community:C1#all')).toBe(1);
    expect(boardShards('P#service_minutes#city#all')).toBe(4);
    expect(boardShards('T#service_minutes#city#all')).toBe(4);
    expect(boardShards('P#service_minutes#team:T1#all')).toBe(1);
  });

  it('hashes ids evenly over the shards', () => {
    const counts = new Array(16).fill(0);
    for (let i = 0; i < 16_000; i++) counts[shardOf(`01K${i.toString(32).toUpperCase().padStart(23, '0')}`, 16)]++;
    for (const n of counts) expect(n).toBeGreaterThan(800);
    for (const n of counts) expect(n).toBeLessThan(1200);
  });
});
