import { beforeAll, describe, expect, it } from 'vitest';
import { createCommunity, createStreet } from '../../../functions/db/org.js';
import { communitiesBoard, peopleBoard, teamsBoard } from '../../../shared/db/keys.js';
import { newId } from '../../../shared/ids.js';
import { localMonth } from '../../../shared/time.js';
import { applyContributions, putTeam, writeBoardRows } from '../../fixtures/boards.js';
import { call, useTable, userWith } from '../../fixtures/api.js';

useTable();

const AT = '2026-05-20T04:00:00.000Z';
let streetId = '';
let communityId = '';
let other = '';

beforeAll(async () => {
  streetId = (await createStreet('天通苑北街道', newId())).id;
  communityId = (await createCommunity(streetId, '佳运园社区', newId())).id;
  other = (await createCommunity(streetId, '天通西苑第二社区', newId())).id;
});

const get = (path: string, token?: string) => call('GET', path, { token });

describe('GET /api/leaderboards', () => {
  it('ranks people highest first, equal values sharing a rank (1, 2, 2, 4), names masked', async () => {
    const people = [
      { name: '王秀英', value: 50 },
      { name: '李建国', value: 40 },
      { name: '张丽娟', value: 40 },
      { name: '刘海燕', value: 30 },
    ].map((p) => ({ ...p, userId: newId() }));
    await applyContributions(
      people.map((p) => ({ ...p, metric: 'service_minutes' as const, at: AT, communityId, streetId })),
    );
    const r = await get(`/api/leaderboards?metric=service_minutes&scope=community:${communityId}&period=2026-05`);
    expect(r.status).toBe(200);
    expect(r.body).toMatchObject({ metric: 'service_minutes', scope: `community:${communityId}`, period: '2026-05' });
    expect(r.body.entries.map((e: { rank: number; name: string; value: number }) => [e.rank, e.name, e.value])).toEqual(
      [
        [1, '王*', 50],
        [2, '李*', 40],
        [2, '张*', 40],
        [4, '刘*', 30],
      ],
    );
    expect(r.body.me).toBeUndefined();
    // The same credits rank on the street, the city and the year; not in another month.
    for (const q of [`scope=street:${streetId}&period=2026`, 'scope=city&period=all']) {
      const wide = await get(`/api/leaderboards?metric=service_minutes&${q}`);
      expect(wide.body.entries.map((e: { value: number }) => e.value)).toEqual([50, 40, 40, 30]);
    }
    const june = await get(`/api/leaderboards?metric=service_minutes&scope=community:${communityId}&period=2026-06`);
    expect(june.body.entries).toEqual([]);
  });

  it('cuts at `limit` keeping the shared rank of a tie at the cut', async () => {
    const scope = `community:${other}`;
    await writeBoardRows(
      peopleBoard('volunteer_points', scope, 'all'),
      'USER',
      [9, 7, 7, 7, 3].map((value, i) => ({ subjectId: newId(), name: `居民${i}`, value })),
    );
    const r = await get(`/api/leaderboards?metric=volunteer_points&scope=${scope}&period=all&limit=3`);
    expect(r.body.entries.map((e: { rank: number; value: number }) => [e.rank, e.value])).toEqual([
      [1, 9],
      [2, 7],
      [2, 7],
    ]);
  });

  it('gives the caller `me` with an exact rank within the top 100, ties included', async () => {
    const me = await userWith({ name: '赵明' });
    const scope = `team:${newId()}`;
    const board = peopleBoard('garbage_points', scope, 'all');
    // 98 people above, then the caller tied with one other at rank 99.
    const rows = Array.from({ length: 98 }, (_, i) => ({ subjectId: newId(), name: `甲${i}`, value: 1000 - i }));
    rows.push({ subjectId: newId(), name: '乙', value: 500 }, { subjectId: me.userId, name: '赵明', value: 500 });
    await writeBoardRows(board, 'USER', rows);
    const r = await get(`/api/leaderboards?metric=garbage_points&scope=${scope}&period=all`, me.token);
    expect(r.status).toBe(200);
    expect(r.body.entries).toHaveLength(20);
    expect(r.body.me).toEqual({ rank: 99, value: 500 });
  });

  it('gives `rank: null` with the true value beyond the top 100, and 0 for someone not ranked', async () => {
    const me = await userWith();
    const stranger = await userWith();
    const scope = `team:${newId()}`;
    const board = peopleBoard('garbage_points', scope, '2026');
    const rows = Array.from({ length: 130 }, (_, i) => ({ subjectId: newId(), name: `丙${i}`, value: 200 + i }));
    rows.push({ subjectId: me.userId, name: '我', value: 5 });
    await writeBoardRows(board, 'USER', rows);
    const r = await get(`/api/leaderboards?metric=garbage_points&scope=${scope}&period=2026&limit=5`, me.token);
    expect(r.body.me).toEqual({ rank: null, value: 5 });
    expect(r.body.entries.map((e: { rank: number }) => e.rank)).toEqual([1, 2, 3, 4, 5]);
    const s = await get(`/api/leaderboards?metric=garbage_points&scope=${scope}&period=2026`, stranger.token);
    expect(s.body.me).toEqual({ rank: null, value: 0 });
  });

  it('answers an empty board with no entries', async () => {
    const me = await userWith();
    const r = await get(`/api/leaderboards?metric=garbage_points&scope=street:${newId()}&period=2020-01`, me.token);
    expect(r.status).toBe(200);
    expect(r.body).toEqual({
      metric: 'garbage_points',
      scope: r.body.scope,
      period: '2020-01',
      entries: [],
      me: { rank: null, value: 0 },
    });
  });

  it.each([
    ['metric=points&scope=city&period=all', 'metric'],
    ['scope=city&period=all', 'metric'],
    ['metric=garbage_points&scope=district&period=all', 'scope'],
    ['metric=garbage_points&scope=street:abc&period=all', 'scope'],
    ['metric=garbage_points&period=all', 'scope'],
    ['metric=garbage_points&scope=city&period=2026-13', 'period'],
    ['metric=garbage_points&scope=city&period=26', 'period'],
    ['metric=garbage_points&scope=city&period=all&limit=0', 'limit'],
    ['metric=garbage_points&scope=city&period=all&limit=101', 'limit'],
    ['metric=garbage_points&scope=city&period=all&limit=ten', 'limit'],
  ])('refuses %s with 400 validation naming %s', async (q, path) => {
    const r = await get(`/api/leaderboards?${q}`);
    expect(r.status).toBe(400);
    expect(r.headers.get('content-type')).toContain('application/problem+json');
    expect(r.body.type).toBe('/problems/validation');
    expect(r.body.errors.map((e: { path: string }) => e.path)).toContain(path);
  });

  it('refuses a malformed token with 401', async () => {
    const r = await call('GET', '/api/leaderboards?metric=garbage_points&scope=city&period=all', {
      headers: { authorization: 'Bearer not-a-token' },
    });
    expect(r.status).toBe(401);
  });
});

describe('GET /api/leaderboards/teams', () => {
  it('ranks teams by their members’ service minutes in the city, the street and the community', async () => {
    const [a, b] = [newId(), newId()];
    await putTeam(a, '青年志愿队', communityId);
    await putTeam(b, '银发服务队', other);
    const credit = (teamIds: string[], value: number) =>
      applyContributions([
        { userId: newId(), name: '王', metric: 'service_minutes', value, at: AT, communityId, streetId, teamIds },
      ]);
    await credit([a], 120);
    await credit([b], 60);
    await credit([a, b], 60);
    const city = await get('/api/leaderboards/teams?metric=service_minutes&scope=city&period=2026-05');
    expect(city.status).toBe(200);
    expect(city.body.entries).toEqual([
      { rank: 1, teamId: a, name: '青年志愿队', value: 180 },
      { rank: 2, teamId: b, name: '银发服务队', value: 120 },
    ]);
    const street = await get(`/api/leaderboards/teams?scope=street:${streetId}&period=2026`);
    expect(street.body.entries.map((e: { teamId: string }) => e.teamId)).toEqual([a, b]);
    const mine = await get(`/api/leaderboards/teams?metric=service_minutes&scope=community:${other}&period=all`);
    expect(mine.body.entries).toEqual([{ rank: 1, teamId: b, name: '银发服务队', value: 120 }]);
  });

  it.each([
    ['metric=garbage_points&scope=city&period=all', 'metric'],
    [`metric=service_minutes&scope=team:${newId()}&period=all`, 'scope'],
    ['metric=service_minutes&scope=city', 'period'],
  ])('refuses %s with 400 naming %s', async (q, path) => {
    const r = await get(`/api/leaderboards/teams?${q}`);
    expect(r.status).toBe(400);
    expect(r.body.errors.map((e: { path: string }) => e.path)).toContain(path);
  });
});

describe('GET /api/leaderboards/communities', () => {
  it('ranks communities by what their residents earned there, with their names', async () => {
    await writeBoardRows(communitiesBoard('garbage_points', '2031'), 'COMMUNITY', [
      { subjectId: communityId, name: '', value: 300 },
      { subjectId: other, name: '', value: 300 },
    ]);
    await applyContributions([
      {
        userId: newId(),
        name: '李',
        metric: 'garbage_points',
        value: 2,
        at: '2031-07-01T00:00:00.000Z',
        communityId: other,
        streetId,
      },
    ]);
    const r = await get('/api/leaderboards/communities?metric=garbage_points&period=2031');
    expect(r.status).toBe(200);
    expect(r.body).toEqual({
      metric: 'garbage_points',
      period: '2031',
      entries: [
        { rank: 1, communityId: other, name: '天通西苑第二社区', value: 302 },
        { rank: 2, communityId, name: '佳运园社区', value: 300 },
      ],
    });
  });

  it('refuses a bad period with 400', async () => {
    const r = await get('/api/leaderboards/communities?metric=garbage_points&period=last-week');
    expect(r.status).toBe(400);
    expect(r.body.errors[0].path).toBe('period');
  });
});

describe('GET /api/leaderboards/periods', () => {
  it('names this month and year in TZ_NAME', async () => {
    const r = await get('/api/leaderboards/periods');
    expect(r.status).toBe(200);
    expect(r.body.month).toBe(localMonth(new Date(), 'Asia/Shanghai'));
    expect(r.body.year).toBe(r.body.month.slice(0, 4));
  });
});

describe('OpenAPI', () => {
  it('documents the three boards with `me` labelled exact-or-null', async () => {
    const r = await get('/api/openapi.json');
    for (const p of ['/api/leaderboards', '/api/leaderboards/teams', '/api/leaderboards/communities']) {
      expect(r.body.paths[p].get).toBeDefined();
    }
    expect(JSON.stringify(r.body.components.schemas.LeaderboardMe)).toContain('never approximated');
  });
});

// Keeps the board helpers honest: the teams board key the writes use is the one the read uses.
it('reads the team board the writes fill', () => {
  expect(teamsBoard('service_minutes', 'city', 'all')).toBe('T#service_minutes#city#all');
});
