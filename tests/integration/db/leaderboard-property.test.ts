import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Contribution, Metric } from '../../../functions/db/leaderboard-writes.js';
import { createCommunity, createStreet } from '../../../functions/db/org.js';
import { readCommunityBoard, readPeopleBoard, readTeamBoard } from '../../../functions/services/leaderboards.js';
import { maskName } from '../../../functions/services/mask-name.js';
import { newId } from '../../../shared/ids.js';
import { applyContributions, putMembership, putTeam } from '../../fixtures/boards.js';
import { useTable } from '../../fixtures/api.js';
import { size } from '../../fixtures/resilience.js';

useTable();

// A small city shared by every run; the model below remembers every credit ever applied to it.
const S = [newId(), newId()];
const C = [
  { id: newId(), streetId: S[0]!, name: '龙泽苑社区' },
  { id: newId(), streetId: S[0]!, name: '流星花园社区' },
  { id: newId(), streetId: S[1]!, name: '佳运园社区' },
  { id: newId(), streetId: S[1]!, name: '天通西苑社区' },
];
// T3 has no team item (the teams module never wrote it): it counts city-wide only.
const T = [
  { id: newId(), name: '青年志愿队', communityId: C[0]!.id as string | null, streetId: S[0]! as string | null },
  { id: newId(), name: '银发服务队', communityId: C[2]!.id as string | null, streetId: S[1]! as string | null },
  { id: newId(), name: '', communityId: null as string | null, streetId: null as string | null },
];
const U = ['王秀英', '李建国', '张丽娟', '刘海燕', '陈国华', '杨淑珍', '赵明', '黄伟'].map((name) => ({
  id: newId(),
  name,
}));

// Instants around month and year ends in Asia/Shanghai (UTC+8, no daylight saving).
const TIMES = [
  '2025-12-31T15:59:59.999Z', // 2025-12-31 23:59 local
  '2025-12-31T16:00:00.000Z', // 2026-01-01 00:00 local
  '2026-01-31T16:00:00.000Z', // 2026-02-01 local
  '2026-02-28T15:59:00.000Z',
  '2027-03-01T00:00:00.000Z',
];
/** The oracle's own calendar: UTC+8 by arithmetic, independent of Intl. */
const localMonthOf = (at: string) => new Date(Date.parse(at) + 8 * 3_600_000).toISOString().slice(0, 7);

interface Applied {
  userId: string;
  metric: Metric;
  value: number;
  month: string;
  communityId: string | null;
  streetId: string | null;
  teamIds: string[];
}
const applied: Applied[] = [];
const membership = new Map<string, 'active' | 'pending'>(); // `${user}|${team}`

const activeTeams = (userId: string) =>
  T.filter((t) => membership.get(`${userId}|${t.id}`) === 'active')
    .map((t) => t.id)
    .sort();

/** Brute force: sum every applied credit that belongs on the board, rank with ties 1, 2, 2, 4. */
function expected(
  keep: (a: Applied) => boolean,
  subjectsOf: (a: Applied) => string[],
): { rank: number; id: string; value: number }[] {
  const sums = new Map<string, number>();
  for (const a of applied.filter(keep)) for (const s of subjectsOf(a)) sums.set(s, (sums.get(s) ?? 0) + a.value);
  const sorted = [...sums]
    .filter(([, v]) => v > 0)
    .sort(([a, x], [b, y]) => y - x || (a < b ? -1 : 1))
    .map(([id, value]) => ({ id, value }));
  return sorted.map((e) => ({
    ...e,
    rank: sorted.findIndex((f) => f.value === e.value) + 1,
  }));
}

const inPeriod = (a: Applied, period: string) =>
  period === 'all' || (period.length === 4 ? a.month.startsWith(period) : a.month === period);

const credit = fc.record({
  user: fc.integer({ min: 0, max: U.length - 1 }),
  kind: fc.constantFrom('volunteer', 'garbage'),
  minutes: fc.integer({ min: 1, max: 240 }),
  points: fc.integer({ min: 0, max: 40 }),
  time: fc.integer({ min: 0, max: TIMES.length - 1 }),
  community: fc.integer({ min: -1, max: C.length - 1 }),
  omitStreet: fc.boolean(),
  teams: fc.option(fc.subarray([0, 1, 2]), { nil: undefined }),
});
const step = fc.oneof(
  {
    weight: 4,
    arbitrary: fc.record({
      type: fc.constant('credit' as const),
      credits: fc.array(credit, { minLength: 1, maxLength: 2 }),
    }),
  },
  {
    weight: 1,
    arbitrary: fc.record({
      type: fc.constant('membership' as const),
      user: fc.integer({ min: 0, max: U.length - 1 }),
      team: fc.integer({ min: 0, max: T.length - 1 }),
      status: fc.constantFrom('active', 'pending', 'removed') as fc.Arbitrary<'active' | 'pending' | 'removed'>,
    }),
  },
);

type Credit = typeof credit extends fc.Arbitrary<infer X> ? X : never;

function contributionsOf(c: Credit): Contribution[] {
  const u = U[c.user]!;
  const community = c.community >= 0 ? C[c.community]! : null;
  const common = {
    userId: u.id,
    name: u.name,
    at: TIMES[c.time]!,
    communityId: community?.id ?? null,
    streetId: community && !c.omitStreet ? community.streetId : null,
    ...(c.teams ? { teamIds: c.teams.map((i) => T[i]!.id) } : {}),
  };
  if (c.kind === 'garbage') return [{ ...common, metric: 'garbage_points', value: c.points || 1 }];
  return [
    { ...common, metric: 'service_minutes', value: c.minutes },
    { ...common, metric: 'volunteer_points', value: c.points },
  ];
}

function record(c: Contribution): void {
  if (c.value === 0) return;
  const community = C.find((x) => x.id === c.communityId);
  applied.push({
    userId: c.userId,
    metric: c.metric,
    value: c.value,
    month: localMonthOf(c.at),
    communityId: c.communityId,
    streetId: community?.streetId ?? c.streetId,
    teamIds: c.teamIds ? [...new Set(c.teamIds)].sort() : activeTeams(c.userId),
  });
}

const METRICS: Metric[] = ['service_minutes', 'volunteer_points', 'garbage_points'];
const periodsOf = (a: Applied) => [a.month, a.month.slice(0, 4), 'all'];
const teamScopesOf = (teamId: string) => {
  const t = T.find((x) => x.id === teamId)!;
  return [
    'city',
    ...(t.streetId ? [`street:${t.streetId}`] : []),
    ...(t.communityId ? [`community:${t.communityId}`] : []),
  ];
};
const peopleScopesOf = (a: Applied) => [
  'city',
  ...(a.streetId ? [`street:${a.streetId}`] : []),
  ...(a.communityId ? [`community:${a.communityId}`] : []),
  ...a.teamIds.map((t) => `team:${t}`),
];

/** A board to compare: `people|metric|scope|period`, `communities|metric|period` or `teams|scope|period`. */
function boardsOf(a: Applied): string[] {
  return periodsOf(a).flatMap((p) => [
    ...peopleScopesOf(a).map((s) => `people|${a.metric}|${s}|${p}`),
    ...(a.communityId ? [`communities|${a.metric}|${p}`] : []),
    ...(a.metric === 'service_minutes' ? a.teamIds.flatMap(teamScopesOf).map((s) => `teams|${s}|${p}`) : []),
  ]);
}

/** Every board of every period seen so far, touched or not. */
function allBoards(): string[] {
  const periods = [...new Set(applied.flatMap(periodsOf))];
  const scopes = ['city', ...S.map((s) => `street:${s}`), ...C.map((c) => `community:${c.id}`)];
  return periods.flatMap((p) => [
    ...METRICS.flatMap((m) => [...scopes, ...T.map((t) => `team:${t.id}`)].map((s) => `people|${m}|${s}|${p}`)),
    ...METRICS.map((m) => `communities|${m}|${p}`),
    ...scopes.map((s) => `teams|${s}|${p}`),
  ]);
}

const inScope = (scope: string, a: Applied) => {
  const [kind, id] = scope.split(':');
  return (
    kind === 'city' ||
    (kind === 'street' && a.streetId === id) ||
    (kind === 'community' && a.communityId === id) ||
    (kind === 'team' && a.teamIds.includes(id!))
  );
};
const teamInScope = (scope: string, teamId: string) => {
  const [kind, id] = scope.split(':');
  const t = T.find((x) => x.id === teamId)!;
  return kind === 'city' || (kind === 'street' && t.streetId === id) || (kind === 'community' && t.communityId === id);
};
const maskedNames = new Map(U.map((u) => [u.id, maskName(u.name)]));

async function checkBoard(board: string): Promise<void> {
  const parts = board.split('|');
  if (parts[0] === 'people') {
    const [, metric, scope, period] = parts as [string, Metric, string, string];
    const want = expected(
      (a) => a.metric === metric && inPeriod(a, period) && inScope(scope, a),
      (a) => [a.userId],
    );
    const got = await readPeopleBoard({ metric, scope, period, limit: 100 });
    expect(got.entries, board).toEqual(
      want.map((w) => ({ rank: w.rank, userId: w.id, name: maskedNames.get(w.id), value: w.value })),
    );
  } else if (parts[0] === 'communities') {
    const [, metric, period] = parts as [string, Metric, string];
    const want = expected(
      (a) => a.metric === metric && inPeriod(a, period) && a.communityId !== null,
      (a) => [a.communityId!],
    );
    const got = await readCommunityBoard({ metric, period, limit: 100 });
    expect(got.entries, board).toEqual(
      want.map((w) => ({ rank: w.rank, communityId: w.id, name: C.find((c) => c.id === w.id)!.name, value: w.value })),
    );
  } else {
    const [, scope, period] = parts as [string, string, string];
    const want = expected(
      (a) => a.metric === 'service_minutes' && inPeriod(a, period),
      (a) => a.teamIds.filter((t) => teamInScope(scope, t)),
    );
    const got = await readTeamBoard({ metric: 'service_minutes', scope, period, limit: 100 });
    expect(got.entries, board).toEqual(
      want.map((w) => ({ rank: w.rank, teamId: w.id, name: T.find((t) => t.id === w.id)!.name, value: w.value })),
    );
  }
}

/** Boards compared after each run. */
const PER_RUN = 16;

/** Compares boards with the oracle, a few at a time (DynamoDB Local is shared with other test files). */
async function checkBoards(boards: string[]): Promise<void> {
  const todo = [...new Set(boards)];
  for (let i = 0; i < todo.length; i += 8) await Promise.all(todo.slice(i, i + 8).map(checkBoard));
}

beforeAll(async () => {
  for (const s of S) await createStreet(`街道${s.slice(-4)}`, s);
  for (const c of C) await createCommunity(c.streetId, c.name, c.id);
  for (const t of T) if (t.communityId) await putTeam(t.id, t.name, t.communityId);
});

describe('boards built from credits equal a brute-force ranking', () => {
  // A shared 2-core CI machine runs this beside other files on one DynamoDB Local: minutes, not seconds.
  it('for every metric, scope and period, over random credit sequences', { timeout: 300_000 }, async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(step, { minLength: 1, maxLength: 15 }), fc.nat(), async (steps, pick) => {
        const before = applied.length;
        for (const s of steps) {
          if (s.type === 'membership') {
            const u = U[s.user]!.id;
            const t = T[s.team]!.id;
            await putMembership(u, t, s.status);
            if (s.status === 'removed') membership.delete(`${u}|${t}`);
            else membership.set(`${u}|${t}`, s.status);
            continue;
          }
          // One application per step: several credits (maybe one person twice) merge into one write each.
          const cs = s.credits.flatMap(contributionsOf);
          await applyContributions(cs);
          cs.forEach(record);
        }
        // Some of the boards this run's credits touched (summing every credit on them, from every run);
        // a sample keeps the file fast, and the final check below reads every board.
        const touched = [...new Set(applied.slice(before).flatMap(boardsOf))];
        await checkBoards(touched.filter((_, i) => (i + pick) % Math.ceil(touched.length / PER_RUN) === 0));
      }),
      { numRuns: size(10, 40) },
    );
    expect(applied.length).toBeGreaterThan(20);
    // Finally every board, so a write that landed on a wrong board shows too.
    await checkBoards(allBoards());
  });
});
