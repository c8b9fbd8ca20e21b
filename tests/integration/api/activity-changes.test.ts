import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { advanceClock, resetClock } from '../../../functions/clock.js';
import { HOUR } from '../../../shared/time.js';
import { call, useTable } from '../../fixtures/api.js';
import { activityBody, codeOf, newActivity, smallCity, type City, type Person } from '../../fixtures/volunteer.js';

useTable();

let city: City;
beforeAll(async () => {
  city = await smallCity();
});
afterEach(() => resetClock());

const inbox = async (p: Person) =>
  (await call('GET', '/api/me/notifications', { token: p.token })).body.items as {
    kind: string;
    title: string;
    body: string;
    ref: string;
  }[];
const signUp = async (p: Person, id: string) => {
  const r = await call('POST', `/api/activities/${id}/signups`, { token: p.token });
  expect(r.status).toBe(201);
  return r.body.status as string;
};
const patch = (token: string, id: string, body: unknown) => call('PATCH', `/api/activities/${id}`, { token, body });
const standing = async (p: Person, id: string) =>
  (await call('GET', `/api/activities/${id}/signups/me`, { token: p.token })).body as {
    status: string;
    position: number | null;
  };

describe('PATCH /api/activities/{id}', () => {
  it('changes an activity before it starts and tells everyone signed up once per edit', async () => {
    const a = await newActivity(city.organizer.token, activityBody(city.community.id, {}, 24 * 60));
    const [p, q] = [await city.resident('张三'), await city.resident('李四')];
    await signUp(p, a.id);
    await signUp(q, a.id);
    const later = new Date(Date.parse(a.startsAt) + HOUR).toISOString();
    const end = new Date(Date.parse(a.endsAt) + HOUR).toISOString();
    const r = await patch(city.organizer.token, a.id, {
      title: '清理楼道（改期）',
      startsAt: later,
      endsAt: end,
      location: { name: '5号楼' },
    });
    expect(r.status).toBe(200);
    expect(r.body).toMatchObject({ title: '清理楼道（改期）', startsAt: later, endsAt: end, signups: 2 });
    expect((await call('GET', `/api/activities/${a.id}`)).body).toEqual(r.body);
    // "My sign-ups" shows the new time.
    const mine = (await call('GET', '/api/me/signups', { token: p.token })).body.items;
    expect(mine.find((s: { activityId: string }) => s.activityId === a.id)).toMatchObject({ startsAt: later });
    const changed = (await inbox(p)).filter((n) => n.kind === 'activity-changed');
    expect(changed).toHaveLength(1);
    expect(changed[0]!.title).toBe('活动有变更：清理楼道（改期）');
    expect(changed[0]!.body).toContain('5号楼');
    expect(changed[0]!.body).toContain('您的名额保留');
    // A second edit is a second notice.
    expect((await patch(city.streetOrganizer.token, a.id, { description: '带手套' })).status).toBe(200);
    expect((await inbox(q)).filter((n) => n.kind === 'activity-changed')).toHaveLength(2);
  });

  it('moves the people confirmed last to the head of the waitlist when places are cut, and back when added', async () => {
    const a = await newActivity(city.organizer.token, activityBody(city.community.id, { capacity: 3 }, 24 * 60));
    const people = [];
    for (const name of ['甲', '乙', '丙', '丁']) people.push(await city.resident(name));
    const [p1, p2, p3, p4] = people as [Person, Person, Person, Person];
    for (const p of people) {
      await signUp(p, a.id);
      advanceClock(1000); // sign-up times apart, so "latest" is unambiguous
    }
    expect(await standing(p4, a.id)).toEqual(expect.objectContaining({ status: 'waitlisted', position: 1 }));
    const cut = await patch(city.organizer.token, a.id, { capacity: 1 });
    expect(cut.status).toBe(200);
    expect(cut.body).toMatchObject({ capacity: 1, signups: 1, waitlisted: 3 });
    expect(await standing(p1, a.id)).toEqual(expect.objectContaining({ status: 'confirmed' }));
    expect((await standing(p2, a.id)).position).toBe(1);
    expect((await standing(p3, a.id)).position).toBe(2);
    expect((await standing(p4, a.id)).position).toBe(3);
    expect((await inbox(p3)).find((n) => n.kind === 'activity-changed')!.body).toContain('转入候补名单最前面');
    // A newcomer waits behind them.
    const p5 = await city.resident('戊');
    expect(await signUp(p5, a.id)).toBe('waitlisted');
    expect((await standing(p5, a.id)).position).toBe(4);
    // Places added go to the first waiting.
    const more = await patch(city.organizer.token, a.id, { capacity: 2 });
    expect(more.body).toMatchObject({ capacity: 2, signups: 2, waitlisted: 3 });
    expect((await standing(p2, a.id)).status).toBe('confirmed');
    expect((await inbox(p2)).some((n) => n.kind === 'waitlist-promoted')).toBe(true);
  });

  it('keeps the rules of creation and refuses after the start and other people', async () => {
    const a = await newActivity(city.organizer.token, activityBody(city.community.id, {}, 60, 120));
    const before = new Date(Date.parse(a.startsAt) - HOUR).toISOString();
    const bad = await patch(city.organizer.token, a.id, { endsAt: before });
    expect(bad.status).toBe(400);
    expect(bad.body.errors[0]).toMatchObject({ path: 'endsAt', code: 'after_start' });
    const long = new Date(Date.parse(a.startsAt) + 13 * HOUR).toISOString();
    expect((await patch(city.organizer.token, a.id, { endsAt: long })).status).toBe(400);
    expect((await patch(city.organizer.token, a.id, {})).status).toBe(400);
    expect((await patch(city.organizer.token, a.id, { capacity: 0 })).status).toBe(400);
    expect((await patch(city.otherOrganizer.token, a.id, { title: 'x' })).status).toBe(403);
    expect((await patch((await city.resident()).token, a.id, { title: 'x' })).status).toBe(403);
    advanceClock(61 * 60_000);
    const late = await patch(city.organizer.token, a.id, { title: '太晚了' });
    expect(late.status).toBe(409);
    expect(late.body.type).toBe('/problems/outside-window');
    expect((await call('GET', `/api/activities/${a.id}`)).body.title).toBe(a.title);
  });
});

describe('POST /api/activities/{id}/cancel', () => {
  it('cancels, tells everyone signed up, and then refuses sign-ups, check-ins and confirm', async () => {
    const a = await newActivity(city.organizer.token, activityBody(city.community.id, {}, 20, 60));
    const p = await city.resident('王五');
    await signUp(p, a.id);
    expect(
      (await call('POST', `/api/activities/${a.id}/cancel`, { token: p.token, body: { reason: 'x' } })).status,
    ).toBe(403);
    expect(
      (await call('POST', `/api/activities/${a.id}/cancel`, { token: city.organizer.token, body: {} })).status,
    ).toBe(400);
    const code = await codeOf(city.organizer.token, a.id);
    const r = await call('POST', `/api/activities/${a.id}/cancel`, {
      token: city.organizer.token,
      body: { reason: '暴雨预警' },
    });
    expect(r.status).toBe(200);
    expect(r.body).toEqual({ status: 'cancelled' });
    expect((await call('GET', `/api/activities/${a.id}`)).body).toMatchObject({
      status: 'cancelled',
      cancelReason: '暴雨预警',
    });
    const told = (await inbox(p)).filter((n) => n.kind === 'activity-cancelled');
    expect(told).toHaveLength(1);
    expect(told[0]!.body).toContain('暴雨预警');

    const q = await city.resident('赵六');
    const signup = await call('POST', `/api/activities/${a.id}/signups`, { token: q.token });
    expect([signup.status, signup.body.type, signup.body.detail]).toEqual([
      409,
      '/problems/conflict',
      '这个活动已取消',
    ]);
    const checkin = await call('POST', `/api/activities/${a.id}/checkins`, { token: p.token, body: { code } });
    expect([checkin.status, checkin.body.type]).toEqual([409, '/problems/conflict']);
    const again = await call('POST', `/api/activities/${a.id}/cancel`, {
      token: city.organizer.token,
      body: { reason: '再取消' },
    });
    expect([again.status, again.body.type]).toEqual([409, '/problems/conflict']);
    expect((await patch(city.organizer.token, a.id, { title: 'x' })).status).toBe(409);
    advanceClock(2 * HOUR);
    const confirm = await call('POST', `/api/activities/${a.id}/confirm`, { token: city.organizer.token, body: {} });
    expect([confirm.status, confirm.body.type]).toEqual([409, '/problems/conflict']);
  });

  it('is refused once the hours are confirmed', async () => {
    const a = await newActivity(city.organizer.token, activityBody(city.community.id, {}, -180, 60));
    expect(
      (await call('POST', `/api/activities/${a.id}/confirm`, { token: city.organizer.token, body: {} })).status,
    ).toBe(200);
    const r = await call('POST', `/api/activities/${a.id}/cancel`, {
      token: city.admin.token,
      body: { reason: '晚了' },
    });
    expect([r.status, r.body.type]).toEqual([409, '/problems/already-confirmed']);
  });
});
