import { useTestClock } from '../../fixtures/test-clock.js';
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { call, useTable } from '../../fixtures/api.js';
import { activityBody, codeOf, newActivity, smallCity, type City } from '../../fixtures/volunteer.js';

useTable();

const MIN = 60_000;
let city: City;
beforeAll(async () => {
  city = await smallCity();
});
afterEach(() => {
  useTestClock();
});

/** Freezes Date at `ms` (timers keep running, so the SDK is unaffected). */
const at = (ms: number) => {
  vi.useFakeTimers({ toFake: ['Date'] });
  vi.setSystemTime(ms);
};

/** An activity starting in `startInMin` minutes and people with confirmed places. */
async function setup(over: Record<string, unknown> = {}, startInMin = 10, lengthMin = 60, people = 1) {
  const a = await newActivity(city.organizer.token, activityBody(city.community.id, over, startInMin, lengthMin));
  const vs = await Promise.all(Array.from({ length: people }, (_, i) => city.resident(`志愿者${i}`)));
  for (const v of vs) await call('POST', `/api/activities/${a.id}/signups`, { token: v.token });
  return { a, v: vs[0]!, vs, start: Date.parse(a.startsAt), end: Date.parse(a.endsAt) };
}

const checkin = (token: string, id: string, body: Record<string, unknown>) =>
  call('POST', `/api/activities/${id}/checkins`, { token, body });
const checkout = (token: string, id: string, code: string) =>
  call('POST', `/api/activities/${id}/checkouts`, { token, body: { code } });

describe('GET /api/activities/{id}/checkin-code', () => {
  it('gives organisers, the admin and the leader of its team a 6-digit code expiring within 30 s', async () => {
    const leader = await city.resident('队长');
    const team = await call('POST', '/api/teams', {
      token: city.organizer.token,
      body: { name: '队', communityId: city.community.id, leaderId: leader.userId },
    });
    const { a } = await setup({ teamId: team.body.id });
    for (const who of [city.organizer, city.streetOrganizer, city.admin, leader]) {
      const r = await call('GET', `/api/activities/${a.id}/checkin-code`, { token: who.token });
      expect(r.status).toBe(200);
      expect(r.body.code).toMatch(/^\d{6}$/);
      const left = Date.parse(r.body.expiresAt) - Date.now();
      expect(left).toBeGreaterThan(0);
      expect(left).toBeLessThanOrEqual(30_000);
    }
    const otherLeader = await city.resident('别队长');
    const other = await call('POST', '/api/teams', {
      token: city.organizer.token,
      body: { name: '别队', communityId: city.community.id, leaderId: otherLeader.userId },
    });
    expect(other.status).toBe(201);
    for (const who of [otherLeader, city.otherOrganizer, await city.resident()]) {
      const r = await call('GET', `/api/activities/${a.id}/checkin-code`, { token: who.token });
      expect(r.status).toBe(403);
    }
  });

  it('rotates every 30 s: the previous code still works, one from more than 60 s ago does not', async () => {
    const { a, vs } = await setup({}, 10, 60, 3);
    const t0 = Date.now();
    at(t0);
    const old = await call('GET', `/api/activities/${a.id}/checkin-code`, { token: city.organizer.token });
    at(t0 + 30_000);
    const fresh = await call('GET', `/api/activities/${a.id}/checkin-code`, { token: city.organizer.token });
    expect(Date.parse(fresh.body.expiresAt)).toBe(Date.parse(old.body.expiresAt) + 30_000);
    // 30 s later the old code is the previous step's: accepted.
    expect((await checkin(vs[0]!.token, a.id, { code: old.body.code })).status).toBe(201);
    // 60 s after it was shown, it is two steps old: rejected, while the current one works.
    at(t0 + 60_000);
    const stale = await checkin(vs[1]!.token, a.id, { code: old.body.code });
    expect(stale.status).toBe(400);
    expect(stale.body.type).toBe('/problems/invalid-code');
    const now = await codeOf(city.organizer.token, a.id);
    expect((await checkin(vs[1]!.token, a.id, { code: now })).status).toBe(201);
    // A code from yesterday is useless.
    at(t0 - 24 * 3_600_000);
    const yesterday = await codeOf(city.organizer.token, a.id);
    at(t0 + 61_000);
    expect((await checkin(vs[2]!.token, a.id, { code: yesterday })).status).toBe(400);
  });
});

describe('POST /api/activities/{id}/checkins', () => {
  it('checks a confirmed volunteer in once; twice is 409 already-checked-in', async () => {
    const { a, v } = await setup();
    const code = await codeOf(city.organizer.token, a.id);
    const r = await checkin(v.token, a.id, { code });
    expect(r.status).toBe(201);
    expect(Math.abs(Date.parse(r.body.checkedInAt) - Date.now())).toBeLessThan(60_000);
    const again = await checkin(v.token, a.id, { code });
    expect(again.status).toBe(409);
    expect(again.body.type).toBe('/problems/already-checked-in');
    const mine = await call('GET', `/api/activities/${a.id}/signups/me`, { token: v.token });
    expect(mine.body.checkedInAt).toBe(r.body.checkedInAt);
  });

  it('accepts a code typed with spaces', async () => {
    const { a, v } = await setup();
    const code = await codeOf(city.organizer.token, a.id);
    expect((await checkin(v.token, a.id, { code: `${code.slice(0, 3)} ${code.slice(3)}` })).status).toBe(201);
  });

  it('refuses people without a confirmed place with 403 (not signed up, waitlisted)', async () => {
    const { a } = await setup({ capacity: 1 });
    const code = await codeOf(city.organizer.token, a.id);
    const stranger = await city.resident();
    expect((await checkin(stranger.token, a.id, { code })).status).toBe(403);
    const waiting = await city.resident();
    expect((await call('POST', `/api/activities/${a.id}/signups`, { token: waiting.token })).body.status).toBe(
      'waitlisted',
    );
    const r = await checkin(waiting.token, a.id, { code });
    expect(r.status).toBe(403);
    expect(r.body.type).toBe('/problems/forbidden');
  });

  it('opens 30 min before startsAt and closes at endsAt (409 outside-window)', async () => {
    const { a, vs, start, end } = await setup({}, 40, 60, 4);
    const code = () => codeOf(city.organizer.token, a.id);
    at(start - 30 * MIN - 1000);
    const early = await checkin(vs[0]!.token, a.id, { code: await code() });
    expect(early.status).toBe(409);
    expect(early.body.type).toBe('/problems/outside-window');
    at(start - 30 * MIN);
    expect((await checkin(vs[0]!.token, a.id, { code: await code() })).status).toBe(201);
    at(end);
    expect((await checkin(vs[1]!.token, a.id, { code: await code() })).status).toBe(201);
    at(end + 1000);
    const late = await checkin(vs[2]!.token, a.id, { code: await code() });
    expect(late.status).toBe(409);
    expect(late.body.type).toBe('/problems/outside-window');
  });

  it('checks the geofence by haversine distance when the activity has one', async () => {
    // Huilongguan: 40.0700 N, 116.3300 E; 0.001° of latitude is about 111 m.
    const { a, vs } = await setup({ location: { name: '广场', lat: 40.07, lng: 116.33, radiusM: 200 } }, 10, 60, 3);
    const code = await codeOf(city.organizer.token, a.id);
    const none = await checkin(vs[0]!.token, a.id, { code });
    expect(none.status).toBe(400);
    expect(none.body.type).toBe('/problems/outside-geofence');
    const far = await checkin(vs[0]!.token, a.id, { code, lat: 40.079, lng: 116.33 });
    expect(far.status).toBe(400);
    expect(far.body.type).toBe('/problems/outside-geofence');
    // ~2° of longitude at 40° N is far; the same small offset east is ~85 m per 0.001°.
    expect((await checkin(vs[0]!.token, a.id, { code, lat: 40.0717, lng: 116.33 })).status).toBe(201);
    expect((await checkin(vs[1]!.token, a.id, { code, lat: 40.07, lng: 116.3322 })).status).toBe(201);
    expect((await checkin(vs[2]!.token, a.id, { code, lat: 40.07, lng: 116.3326 })).status).toBe(400);
  });

  it('does not check the geofence of an activity without coordinates', async () => {
    const { a, v } = await setup();
    expect(
      (await checkin(v.token, a.id, { code: await codeOf(city.organizer.token, a.id), lat: 0, lng: 0 })).status,
    ).toBe(201);
  });

  it('rejects a malformed code with 400 validation and a wrong one with 400 invalid-code', async () => {
    const { a, v } = await setup();
    const r = await checkin(v.token, a.id, { code: 'abc' });
    expect(r.status).toBe(400);
    expect(r.body.type).toBe('/problems/validation');
    const right = await codeOf(city.organizer.token, a.id);
    const wrong = String((Number(right) + 1) % 1_000_000).padStart(6, '0');
    const w = await checkin(v.token, a.id, { code: wrong });
    expect(w.status).toBe(400);
    expect(w.body.type).toBe('/problems/invalid-code');
  });
});

describe('POST /api/activities/{id}/checkouts', () => {
  it('records the check-out and the minutes that overlap the activity; twice is 409 conflict', async () => {
    const { a, v, start } = await setup({}, 20, 60);
    at(start - 10 * MIN);
    expect((await checkin(v.token, a.id, { code: await codeOf(city.organizer.token, a.id) })).status).toBe(201);
    at(start + 45 * MIN + 30_000);
    const code = await codeOf(city.organizer.token, a.id);
    const r = await checkout(v.token, a.id, code);
    expect(r.status).toBe(200);
    // 10 minutes before the start do not count; 45.5 minutes inside round down.
    expect(r.body.minutes).toBe(45);
    expect(Date.parse(r.body.checkedOutAt)).toBe(start + 45 * MIN + 30_000);
    const again = await checkout(v.token, a.id, code);
    expect(again.status).toBe(409);
    expect(again.body.type).toBe('/problems/conflict');
  });

  it('needs a check-in first (409 not-checked-in) and a current code (400 invalid-code)', async () => {
    const { a, v } = await setup();
    const code = await codeOf(city.organizer.token, a.id);
    const r = await checkout(v.token, a.id, code);
    expect(r.status).toBe(409);
    expect(r.body.type).toBe('/problems/not-checked-in');
    await checkin(v.token, a.id, { code });
    const wrong = String((Number(code) + 1) % 1_000_000).padStart(6, '0');
    const w = await checkout(v.token, a.id, wrong);
    expect(w.status).toBe(400);
    expect(w.body.type).toBe('/problems/invalid-code');
  });

  it('stays open until 2 h after endsAt and counts no minutes past the end', async () => {
    const { a, vs, end } = await setup({}, 10, 60, 2);
    const code0 = await codeOf(city.organizer.token, a.id);
    for (const v of vs) await checkin(v.token, a.id, { code: code0 });
    at(end + 2 * 3_600_000);
    const r = await checkout(vs[0]!.token, a.id, await codeOf(city.organizer.token, a.id));
    expect(r.status).toBe(200);
    expect(r.body.minutes).toBe(60);
    at(end + 2 * 3_600_000 + 1000);
    const late = await checkout(vs[1]!.token, a.id, await codeOf(city.organizer.token, a.id));
    expect(late.status).toBe(409);
    expect(late.body.type).toBe('/problems/outside-window');
  });
});

describe('attendance by hand and the attendance list', () => {
  it('lets an organiser record someone without a phone, marked manual', async () => {
    const { a, start, end } = await setup({}, -180, 120);
    const elder = await city.resident('赵奶奶');
    const r = await call('PUT', `/api/activities/${a.id}/attendance/${elder.userId}`, {
      token: city.organizer.token,
      body: {
        checkedInAt: new Date(start - 20 * MIN).toISOString(),
        checkedOutAt: new Date(end - 30 * MIN).toISOString(),
      },
    });
    expect(r.status).toBe(200);
    expect(r.body).toEqual({
      userId: elder.userId,
      name: '赵奶奶',
      checkedInAt: new Date(start - 20 * MIN).toISOString(),
      checkedOutAt: new Date(end - 30 * MIN).toISOString(),
      minutes: 90,
      manual: true,
      offline: false,
      noShow: false, // issue 11: the attendance list marks no-shows; a record of presence is not one
    });
    const list = await call('GET', `/api/activities/${a.id}/attendance`, { token: city.organizer.token });
    expect(list.status).toBe(200);
    expect(list.body.items).toEqual([r.body]);
    // A later correction replaces the record; a check-in without check-out counts 0 minutes.
    const fix = await call('PUT', `/api/activities/${a.id}/attendance/${elder.userId}`, {
      token: city.streetOrganizer.token,
      body: { checkedInAt: a.startsAt },
    });
    expect(fix.status).toBe(200);
    expect(fix.body).toMatchObject({ checkedOutAt: null, minutes: 0, manual: true });
  });

  it.each([
    ['check-in earlier than 30 min before the start', -31, 30, 'checkedInAt'],
    ['check-out later than 2 h after the end', 0, 120 + 121, 'checkedOutAt'],
    ['check-out before check-in', 60, 30, 'checkedOutAt'],
  ])('rejects a %s with 400 validation', async (_name, inMin, outMin, path) => {
    const { a, start } = await setup({}, -300, 120);
    const elder = await city.resident();
    const r = await call('PUT', `/api/activities/${a.id}/attendance/${elder.userId}`, {
      token: city.organizer.token,
      body: {
        checkedInAt: new Date(start + inMin * MIN).toISOString(),
        checkedOutAt: new Date(start + outMin * MIN).toISOString(),
      },
    });
    expect(r.status).toBe(400);
    expect(r.body.type).toBe('/problems/validation');
    expect(r.body.errors[0].path).toBe(path);
  });

  it('accepts the window’s edges: 30 min before the start and 2 h after the end', async () => {
    const { a, start, end } = await setup({}, -300, 120);
    const elder = await city.resident();
    const r = await call('PUT', `/api/activities/${a.id}/attendance/${elder.userId}`, {
      token: city.organizer.token,
      body: {
        checkedInAt: new Date(start - 30 * MIN).toISOString(),
        checkedOutAt: new Date(end + 120 * MIN).toISOString(),
      },
    });
    expect(r.status).toBe(200);
    expect(r.body.minutes).toBe(120);
  });

  it('allows only organisers and the admin to record, and organisers and the team leader to list', async () => {
    const leader = await city.resident('队长');
    const team = await call('POST', '/api/teams', {
      token: city.organizer.token,
      body: { name: '队', communityId: city.community.id, leaderId: leader.userId },
    });
    const { a, v } = await setup({ teamId: team.body.id }, -30, 120);
    const body = { checkedInAt: a.startsAt, checkedOutAt: a.endsAt };
    for (const who of [leader, v, city.otherOrganizer]) {
      const r = await call('PUT', `/api/activities/${a.id}/attendance/${v.userId}`, { token: who.token, body });
      expect(r.status).toBe(403);
    }
    expect(
      (await call('PUT', `/api/activities/${a.id}/attendance/${v.userId}`, { token: city.admin.token, body })).status,
    ).toBe(200);
    expect(
      (
        await call('PUT', `/api/activities/${a.id}/attendance/01ARZ3NDEKTSV4RRFFQ69G5FAV`, {
          token: city.admin.token,
          body,
        })
      ).status,
    ).toBe(404);
    expect((await call('GET', `/api/activities/${a.id}/attendance`, { token: leader.token })).status).toBe(200);
    expect((await call('GET', `/api/activities/${a.id}/attendance`, { token: city.admin.token })).status).toBe(200);
    expect((await call('GET', `/api/activities/${a.id}/attendance`, { token: v.token })).status).toBe(403);
    expect((await call('GET', `/api/activities/${a.id}/attendance`, { token: city.otherOrganizer.token })).status).toBe(
      403,
    );
  });
});
