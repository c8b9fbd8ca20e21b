import { useTestClock } from '../../fixtures/test-clock.js';
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { call, useTable, userWith } from '../../fixtures/api.js';
import { smallCity, type City } from '../../fixtures/volunteer.js';
import { localMonth } from '../../../shared/time.js';

useTable();

let city: City;
beforeAll(async () => {
  city = await smallCity();
});
afterEach(() => {
  useTestClock();
});

/** A month far enough ahead that no other test file uses it, with a per-run offset. */
const futureMonth = (offset: number) => `${2031 + offset}-0${1 + Math.floor(Math.random() * 9)}`;
const theme = (token: string, body: Record<string, unknown>) => call('POST', '/api/themes', { token, body });

describe('POST /api/themes', () => {
  it('publishes the month’s one mandatory theme (admin only); a second one is 409 duplicate-theme', async () => {
    const month = futureMonth(0);
    const r = await theme(city.admin.token, { month, kind: 'mandatory', title: '垃圾分类宣传月' });
    expect(r.status).toBe(201);
    expect(r.body).toMatchObject({
      id: expect.any(String),
      month,
      kind: 'mandatory',
      title: '垃圾分类宣传月',
      streetId: null,
    });
    const again = await theme(city.admin.token, { month, kind: 'mandatory', title: '另一个' });
    expect(again.status).toBe(409);
    expect(again.body.type).toBe('/problems/duplicate-theme');
    const byOrganizer = await theme(city.streetOrganizer.token, {
      month: futureMonth(1),
      kind: 'mandatory',
      title: 'x',
    });
    expect(byOrganizer.status).toBe(403);
  });

  it('publishes exactly one mandatory theme when two admins race', async () => {
    const month = futureMonth(2);
    const rs = await Promise.all(
      Array.from({ length: 5 }, (_, i) => theme(city.admin.token, { month, kind: 'mandatory', title: `主题${i}` })),
    );
    expect(rs.filter((r) => r.status === 201)).toHaveLength(1);
    expect(rs.filter((r) => r.status === 409)).toHaveLength(4);
    const got = await call('GET', `/api/themes?month=${month}`);
    expect(got.body.mandatory.id).toBe(rs.find((r) => r.status === 201)!.body.id);
  });

  it('lets a street’s organizer and the admin publish special themes for that street only', async () => {
    const month = futureMonth(3);
    const s1 = await theme(city.streetOrganizer.token, {
      month,
      kind: 'special',
      title: '邻里互助',
      streetId: city.street.id,
    });
    expect(s1.status).toBe(201);
    expect(s1.body.streetId).toBe(city.street.id);
    const s2 = await theme(city.admin.token, { month, kind: 'special', title: '文明养犬', streetId: city.street.id });
    expect(s2.status).toBe(201);
    // A community organizer is not the street's organizer; another street is off limits.
    expect(
      (await theme(city.organizer.token, { month, kind: 'special', title: 'x', streetId: city.street.id })).status,
    ).toBe(403);
    expect(
      (await theme(city.streetOrganizer.token, { month, kind: 'special', title: 'x', streetId: city.otherStreet.id }))
        .status,
    ).toBe(403);
    const resident = await city.resident();
    expect((await theme(resident.token, { month, kind: 'special', title: 'x', streetId: city.street.id })).status).toBe(
      403,
    );
    const got = await call('GET', `/api/themes?month=${month}`);
    expect(got.status).toBe(200);
    expect(got.body.mandatory).toBeNull();
    expect(got.body.special.map((t: { title: string }) => t.title)).toEqual(['邻里互助', '文明养犬']);
  });

  it('rejects a past month, a street on a mandatory theme and a special theme without a street (400)', async () => {
    const past = await theme(city.admin.token, { month: '2020-01', kind: 'mandatory', title: 'x' });
    expect(past.status).toBe(400);
    expect(past.body.errors[0].path).toBe('month');
    const m = futureMonth(4);
    const a = await theme(city.admin.token, { month: m, kind: 'mandatory', title: 'x', streetId: city.street.id });
    expect(a.status).toBe(400);
    expect(a.body.errors[0].path).toBe('streetId');
    const b = await theme(city.admin.token, { month: m, kind: 'special', title: 'x' });
    expect(b.status).toBe(400);
    expect(b.body.errors[0].path).toBe('streetId');
    const c = await theme(city.admin.token, { month: '2031-13', kind: 'mandatory', title: 'x' });
    expect(c.status).toBe(400);
    expect(c.body.errors[0].path).toBe('month');
  });

  it('counts “the current month” in TZ_NAME: the Shanghai month has begun while UTC is still in the last one', async () => {
    // 2030-03-31T17:00Z is 2030-04-01 01:00 in Shanghai.
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(new Date('2030-03-31T17:00:00Z'));
    expect(localMonth(Date.now(), 'Asia/Shanghai')).toBe('2030-04');
    // A token issued at that (fake) time.
    const admin = await userWith({ roles: [{ role: 'admin', scope: 'city' }] });
    const march = await theme(admin.token, { month: '2030-03', kind: 'mandatory', title: '三月' });
    expect(march.status).toBe(400);
    const april = await theme(admin.token, { month: '2030-04', kind: 'mandatory', title: '四月' });
    expect(april.status).toBe(201);
    const now = await call('GET', '/api/themes');
    expect(now.body.month).toBe('2030-04');
    expect(now.body.mandatory.title).toBe('四月');
  });
});
