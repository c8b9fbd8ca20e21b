import { describe, expect, it } from 'vitest';
import { call, useTable } from '../../fixtures/api.js';
import { activityBody, smallCity } from '../../fixtures/volunteer.js';

useTable();

describe('a team leader publishes only in its team’s community (issue 12, defect 8)', () => {
  it('refuses a leader naming another community with 403, not a 400 about the team', async () => {
    const city = await smallCity();
    const leader = await city.resident('队长');
    const team = await call('POST', '/api/teams', {
      token: city.organizer.token,
      body: { name: '楼道清洁队', communityId: city.community.id, leaderId: leader.userId },
    });
    expect(team.status).toBe(201);
    const elsewhere = await call('POST', '/api/activities', {
      token: leader.token,
      body: activityBody(city.neighbour.id, { teamId: team.body.id }),
    });
    expect(elsewhere.status).toBe(403);
    expect(elsewhere.body.type).toBe('/problems/forbidden');
    // In its own community the same leader publishes for its team.
    const home = await call('POST', '/api/activities', {
      token: leader.token,
      body: activityBody(city.community.id, { teamId: team.body.id }),
    });
    expect(home.status).toBe(201);
  });
});
