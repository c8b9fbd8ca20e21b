import { beforeAll, describe, expect, it } from 'vitest';
import { call, useTable, userWith } from '../../fixtures/api.js';
import { smallCity, type City } from '../../fixtures/volunteer.js';
import { listMyTeams } from '../../../functions/db/teams.js';
import { userTeamsParent } from '../../../shared/db/keys.js';

useTable();

let city: City;
beforeAll(async () => {
  city = await smallCity();
});

const newTeam = async (token: string, body: Record<string, unknown>) => call('POST', '/api/teams', { token, body });

describe('POST /api/teams', () => {
  it('creates a team whose leader gets the leader role and is an active member', async () => {
    const leader = await city.resident('张队长');
    const r = await newTeam(city.organizer.token, {
      name: '银发志愿队',
      communityId: city.community.id,
      leaderId: leader.userId,
    });
    expect(r.status).toBe(201);
    expect(r.body).toEqual({
      id: expect.any(String),
      name: '银发志愿队',
      communityId: city.community.id,
      leaderId: leader.userId,
    });
    const me = await call('GET', '/api/me', { token: leader.token });
    expect(me.body.roles).toContainEqual({ role: 'leader', scope: `team:${r.body.id}` });
    const team = await call('GET', `/api/teams/${r.body.id}`, { token: leader.token });
    expect(team.body).toMatchObject({ memberCount: 1, serviceMinutes: 0, leaderId: leader.userId });
    expect(team.body.members).toEqual([{ userId: leader.userId, name: '张队长', status: 'active' }]);
    // The leaderboard module finds a person's teams through byParent userTeamsParent.
    const mine = await listMyTeams(leader.userId);
    expect(mine).toEqual([expect.objectContaining({ teamId: r.body.id, status: 'active' })]);
    expect(userTeamsParent(leader.userId)).toBe(`USER#${leader.userId}#TEAMS`);
  });

  it('lets a street organizer and the admin create teams, not a resident or another community’s organizer', async () => {
    const body = { name: '巡逻队', communityId: city.community.id };
    expect((await newTeam(city.streetOrganizer.token, body)).status).toBe(201);
    expect((await newTeam(city.admin.token, body)).status).toBe(201);
    const resident = await city.resident();
    const r1 = await newTeam(resident.token, body);
    expect(r1.status).toBe(403);
    expect(r1.body.type).toBe('/problems/forbidden');
    expect((await newTeam(city.otherOrganizer.token, body)).status).toBe(403);
  });

  it('rejects an unknown community or leader with 400', async () => {
    const r = await newTeam(city.admin.token, { name: 'x', communityId: '01ARZ3NDEKTSV4RRFFQ69G5FAV' });
    expect(r.status).toBe(400);
    expect(r.body.errors[0].path).toBe('communityId');
    const r2 = await newTeam(city.admin.token, {
      name: 'x',
      communityId: city.community.id,
      leaderId: '01ARZ3NDEKTSV4RRFFQ69G5FAV',
    });
    expect(r2.status).toBe(400);
    expect(r2.body.errors[0].path).toBe('leaderId');
  });
});

describe('team membership', () => {
  it('join → pending, approve → active, counts members, hides members from the public', async () => {
    const leader = await city.resident('队长');
    const t = await newTeam(city.organizer.token, {
      name: '环保队',
      communityId: city.community.id,
      leaderId: leader.userId,
    });
    const id = t.body.id as string;
    const v = await city.resident('小王');
    const join = await call('POST', `/api/teams/${id}/members`, { token: v.token });
    expect(join.status).toBe(201);
    expect(join.body).toEqual({ status: 'pending' });
    const again = await call('POST', `/api/teams/${id}/members`, { token: v.token });
    expect(again.status).toBe(409);
    expect(again.body.type).toBe('/problems/conflict');
    // A resident cannot approve; the leader can.
    expect((await call('POST', `/api/teams/${id}/members/${v.userId}/approve`, { token: v.token })).status).toBe(403);
    const ok = await call('POST', `/api/teams/${id}/members/${v.userId}/approve`, { token: leader.token });
    expect(ok.status).toBe(200);
    expect(ok.body).toEqual({ status: 'active' });
    expect((await call('POST', `/api/teams/${id}/members`, { token: v.token })).status).toBe(409);
    const pub = await call('GET', `/api/teams/${id}`);
    expect(pub.status).toBe(200);
    expect(pub.body.memberCount).toBe(2);
    expect(pub.body.members).toBeUndefined();
    const asMember = await call('GET', `/api/teams/${id}`, { token: v.token });
    expect(asMember.body.members).toBeUndefined();
    const asOrganizer = await call('GET', `/api/teams/${id}`, { token: city.organizer.token });
    expect(asOrganizer.body.members).toHaveLength(2);
    const list = await call('GET', `/api/teams?communityId=${city.community.id}`);
    expect(list.status).toBe(200);
    expect(list.body.items).toContainEqual({
      id,
      name: '环保队',
      communityId: city.community.id,
      memberCount: 2,
      serviceMinutes: 0,
    });
    const mine = await call('GET', '/api/me/teams', { token: v.token });
    expect(mine.body.items).toEqual([{ teamId: id, name: '环保队', communityId: city.community.id, status: 'active' }]);
  });

  it('lets a member leave and a leader remove; others get 403; counts stay right', async () => {
    const leader = await city.resident('队长');
    const t = await newTeam(city.organizer.token, {
      name: '助老队',
      communityId: city.community.id,
      leaderId: leader.userId,
    });
    const id = t.body.id as string;
    const a = await city.resident('甲');
    const b = await city.resident('乙');
    for (const p of [a, b]) {
      await call('POST', `/api/teams/${id}/members`, { token: p.token });
      await call('POST', `/api/teams/${id}/members/${p.userId}/approve`, { token: city.organizer.token });
    }
    expect((await call('GET', `/api/teams/${id}`)).body.memberCount).toBe(3);
    expect((await call('DELETE', `/api/teams/${id}/members/${b.userId}`, { token: a.token })).status).toBe(403);
    expect((await call('DELETE', `/api/teams/${id}/members/${a.userId}`, { token: a.token })).status).toBe(204);
    expect((await call('DELETE', `/api/teams/${id}/members/${b.userId}`, { token: leader.token })).status).toBe(204);
    expect((await call('DELETE', `/api/teams/${id}/members/${b.userId}`, { token: leader.token })).status).toBe(404);
    expect((await call('GET', `/api/teams/${id}`)).body.memberCount).toBe(1);
    // A pending member leaving does not move the count.
    const c = await city.resident('丙');
    await call('POST', `/api/teams/${id}/members`, { token: c.token });
    expect((await call('DELETE', `/api/teams/${id}/members/${c.userId}`, { token: c.token })).status).toBe(204);
    expect((await call('GET', `/api/teams/${id}`)).body.memberCount).toBe(1);
  });

  it('keeps memberCount right when many join and are approved at once, and when approvals repeat', async () => {
    const t = await newTeam(city.organizer.token, { name: '大队', communityId: city.community.id });
    const id = t.body.id as string;
    const people = await Promise.all(Array.from({ length: 12 }, (_, i) => userWith({ name: `队员${i}` })));
    await Promise.all(people.map((p) => call('POST', `/api/teams/${id}/members`, { token: p.token })));
    const approvals = await Promise.all(
      people.flatMap((p) => [
        call('POST', `/api/teams/${id}/members/${p.userId}/approve`, { token: city.organizer.token }),
        call('POST', `/api/teams/${id}/members/${p.userId}/approve`, { token: city.streetOrganizer.token }),
      ]),
    );
    expect(approvals.every((r) => r.status === 200)).toBe(true);
    expect((await call('GET', `/api/teams/${id}`)).body.memberCount).toBe(12);
    await Promise.all(
      people.slice(0, 5).map((p) => call('DELETE', `/api/teams/${id}/members/${p.userId}`, { token: p.token })),
    );
    expect((await call('GET', `/api/teams/${id}`)).body.memberCount).toBe(7);
  });

  it('takes the leader role away when the leader leaves', async () => {
    const leader = await city.resident('队长');
    const t = await newTeam(city.organizer.token, {
      name: '临时队',
      communityId: city.community.id,
      leaderId: leader.userId,
    });
    expect(
      (await call('DELETE', `/api/teams/${t.body.id}/members/${leader.userId}`, { token: leader.token })).status,
    ).toBe(204);
    const me = await call('GET', '/api/me', { token: leader.token });
    expect(me.body.roles).toEqual([]);
    const team = await call('GET', `/api/teams/${t.body.id}`);
    expect(team.body).toMatchObject({ leaderId: null, memberCount: 0 });
  });

  it('404s for an unknown team', async () => {
    const v = await city.resident();
    expect((await call('GET', '/api/teams/01ARZ3NDEKTSV4RRFFQ69G5FAV')).status).toBe(404);
    expect((await call('POST', '/api/teams/01ARZ3NDEKTSV4RRFFQ69G5FAV/members', { token: v.token })).status).toBe(404);
  });

  it('resolves team scopes for role grants to the team’s community and street', async () => {
    const t = await newTeam(city.organizer.token, { name: '授权队', communityId: city.community.id });
    const v = await city.resident();
    // A street organiser may grant only organizer/staff in its communities, so a leader grant needs the admin…
    const asStreet = await call('POST', '/api/roles', {
      token: city.streetOrganizer.token,
      body: { userId: v.userId, role: 'leader', scope: `team:${t.body.id}` },
    });
    expect(asStreet.status).toBe(403);
    const ok = await call('POST', '/api/roles', {
      token: city.admin.token,
      body: { userId: v.userId, role: 'leader', scope: `team:${t.body.id}` },
    });
    expect(ok.status).toBe(201);
    const unknown = await call('POST', '/api/roles', {
      token: city.admin.token,
      body: { userId: v.userId, role: 'leader', scope: 'team:01ARZ3NDEKTSV4RRFFQ69G5FAV' },
    });
    expect(unknown.status).toBe(400);
    // …and the new leader now approves members of that team.
    const w = await city.resident();
    await call('POST', `/api/teams/${t.body.id}/members`, { token: w.token });
    expect((await call('POST', `/api/teams/${t.body.id}/members/${w.userId}/approve`, { token: v.token })).status).toBe(
      200,
    );
  });
});
