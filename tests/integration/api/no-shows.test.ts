import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { advanceClock, resetClock } from '../../../functions/clock.js';
import { config, setConfig } from '../../../functions/config.js';
import { getActivity } from '../../../functions/db/activities.js';
import { signToken } from '../../../functions/services/jwt.js';
import { recordNoShows } from '../../../functions/services/no-shows.js';
import { signingKeys } from '../../../functions/services/signing-keys.js';
import { DAY, HOUR, localDay } from '../../../shared/time.js';
import { call, useTable } from '../../fixtures/api.js';
import { activityBody, newActivity, smallCity, type City, type Person } from '../../fixtures/volunteer.js';

useTable();

let city: City;
beforeAll(async () => {
  city = await smallCity();
});
afterEach(() => {
  resetClock();
  setConfig({ noShowLimit: 3 });
});

const signUp = async (p: Person, id: string) => {
  const r = await call('POST', `/api/activities/${id}/signups`, { token: p.token });
  expect(r.status).toBe(201);
};
const confirm = (id: string) =>
  call('POST', `/api/activities/${id}/confirm`, { token: city.organizer.token, body: {} });
const me = async (p: Person) => (await call('GET', '/api/me', { token: p.token })).body;

describe('no-shows', () => {
  it('are recorded once at confirm, listed, told, counted on the profile and excused by an organiser', async () => {
    const a = await newActivity(city.organizer.token, activityBody(city.community.id, {}, 60, 60));
    const [came, absent] = [await city.resident('来了'), await city.resident('没来')];
    await signUp(came, a.id);
    await signUp(absent, a.id);
    advanceClock(3 * HOUR);
    const start = Date.parse(a.startsAt);
    await call('PUT', `/api/activities/${a.id}/attendance/${came.userId}`, {
      token: city.organizer.token,
      body: { checkedInAt: new Date(start).toISOString(), checkedOutAt: new Date(start + HOUR).toISOString() },
    });
    const r = await confirm(a.id);
    expect(r.status).toBe(200);
    expect(r.body.noShows).toEqual([absent.userId]);
    expect(r.body.confirmed.map((c: { userId: string }) => c.userId)).toEqual([came.userId]);
    // A repeated confirm and a replayed recording add nothing.
    expect((await confirm(a.id)).status).toBe(409);
    await Promise.all([1, 2, 3].map(async () => recordNoShows((await getActivity(a.id, true))!)));
    expect((await me(absent)).noShows90d).toBe(1);
    expect((await me(came)).noShows90d).toBe(0);

    const att = await call('GET', `/api/activities/${a.id}/attendance`, { token: city.organizer.token });
    expect(att.body.items.find((x: { userId: string }) => x.userId === absent.userId)).toMatchObject({
      name: '没来',
      noShow: true,
      checkedInAt: null,
      minutes: 0,
    });
    expect(att.body.items.find((x: { userId: string }) => x.userId === came.userId).noShow).toBe(false);
    const told = (await call('GET', '/api/me/notifications', { token: absent.token })).body.items.filter(
      (n: { kind: string }) => n.kind === 'no-show',
    );
    expect(told).toHaveLength(1);
    expect(told[0].title).toBe(`缺席记录：${a.title}`);

    const path = `/api/activities/${a.id}/no-shows/${absent.userId}`;
    expect((await call('DELETE', path, { token: absent.token })).status).toBe(403);
    expect((await call('DELETE', path, { token: city.otherOrganizer.token })).status).toBe(403);
    expect((await call('DELETE', path, { token: city.streetOrganizer.token })).status).toBe(204);
    expect((await call('DELETE', path, { token: city.organizer.token })).status).toBe(404);
    expect((await me(absent)).noShows90d).toBe(0);
    const after = await call('GET', `/api/activities/${a.id}/attendance`, { token: city.organizer.token });
    expect(after.body.items.some((x: { noShow: boolean }) => x.noShow)).toBe(false);
  });

  it('stop new sign-ups at NO_SHOW_LIMIT until 30 days after the latest, saying the day in the reader’s language', async () => {
    expect(config().noShowLimit).toBe(3);
    const p = await city.resident('常缺席');
    const missed = [];
    for (let i = 0; i < 3; i++) {
      missed.push(await newActivity(city.organizer.token, activityBody(city.community.id, {}, 60 + i, 60)));
    }
    for (const a of missed) await signUp(p, a.id);
    advanceClock(3 * HOUR);
    for (const a of missed) expect((await confirm(a.id)).body.noShows).toEqual([p.userId]);
    expect((await me(p)).noShows90d).toBe(3);

    const next = await newActivity(city.organizer.token, activityBody(city.community.id, {}, 60, 60));
    const lifts = localDay(Date.parse(missed[2]!.endsAt) + 30 * DAY, config().tzName);
    const zh = await call('POST', `/api/activities/${next.id}/signups`, { token: p.token });
    expect([zh.status, zh.body.type]).toEqual([409, '/problems/limit-reached']);
    expect(zh.body.detail).toBe(`近 90 天内您有 3 次报名后未到场，${lifts} 起才能再报名`);
    const en = await call('POST', `/api/activities/${next.id}/signups`, {
      token: p.token,
      headers: { 'Accept-Language': 'en' },
    });
    expect(en.body.detail).toContain(`you can sign up again from ${lifts}`);
    expect((await call('GET', `/api/activities/${next.id}`)).body.signups).toBe(0);

    setConfig({ noShowLimit: 0 }); // the rule turned off
    const later = await newActivity(city.organizer.token, activityBody(city.community.id, {}, 120, 60));
    await signUp(p, later.id);
    setConfig({ noShowLimit: 3 });
    advanceClock(31 * DAY); // lifted (tokens last a day: sign again on the new date)
    const fresh = async (who: Person) => ({ ...who, token: signToken(await signingKeys(), who.userId, 3600).token });
    const far = await newActivity((await fresh(city.organizer)).token, activityBody(city.community.id, {}, 60, 60));
    await signUp(await fresh(p), far.id);
  });
});
