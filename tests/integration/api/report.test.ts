import { useTestClock } from '../../fixtures/test-clock.js';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { app, call, useTable } from '../../fixtures/api.js';
import { activityBody, newActivity, smallCity, userWith, type City, type Person } from '../../fixtures/volunteer.js';
import { db } from '../../../functions/db/client.js';

useTable();

const MIN = 60_000;
const NOW = Date.parse('2030-06-15T04:00:00Z');
const MONTH = '2030-06';
let city: City;
let mandatoryId: string;
let specialId: string;
let otherSpecialId: string;

beforeAll(async () => {
  // The whole file lives on 2030-06-15 (Shanghai noon), so "this month" is fixed.
  vi.useFakeTimers({ toFake: ['Date'] });
  vi.setSystemTime(NOW);
  city = await smallCity();
  const theme = async (body: Record<string, unknown>) =>
    (await call('POST', '/api/themes', { token: city.admin.token, body: { month: MONTH, ...body } })).body.id as string;
  mandatoryId = await theme({ kind: 'mandatory', title: '垃圾分类入户宣传' });
  specialId = await theme({ kind: 'special', title: '楼道清理', streetId: city.street.id });
  await theme({ kind: 'special', title: '为老助餐', streetId: city.street.id });
  otherSpecialId = await theme({ kind: 'special', title: '河道巡护', streetId: city.otherStreet.id });
});
afterAll(() => {
  useTestClock();
});

/** A 2-hour activity that ended 2 hours ago, with people present for the given minutes. */
async function held(communityId: string, people: [Person, number | null][], over: Record<string, unknown> = {}) {
  const a = await newActivity(city.admin.token, activityBody(communityId, over, -240, 120));
  const start = Date.parse(a.startsAt);
  for (const [p, m] of people) {
    await call('PUT', `/api/activities/${a.id}/attendance/${p.userId}`, {
      token: city.admin.token,
      body: { checkedInAt: a.startsAt, checkedOutAt: m === null ? null : new Date(start + m * MIN).toISOString() },
    });
  }
  return a;
}
const confirm = (id: string) => call('POST', `/api/activities/${id}/confirm`, { token: city.admin.token, body: {} });

describe('GET /api/themes/{month}/report', () => {
  let v: Person[];
  beforeAll(async () => {
    v = await Promise.all([1, 2, 3, 4, 5].map((i) => userWith({ communityId: city.community.id, name: `V${i}` })));
    const [v1, v2, v3, v4, v5] = v as [Person, Person, Person, Person, Person];
    const a1 = await held(
      city.community.id,
      [
        [v1, 60],
        [v2, 30],
      ],
      { themeId: mandatoryId },
    );
    const a2 = await held(
      city.community.id,
      [
        [v1, 60],
        [v3, null],
      ],
      { themeId: specialId },
    );
    await held(city.neighbour.id, [[v4, 90]]); // never confirmed
    const a4 = await held(
      city.faraway.id,
      [
        [v1, 30],
        [v5, 45],
      ],
      { themeId: mandatoryId },
    );
    await held(city.faraway.id, [[v5, 10]], { themeId: otherSpecialId }); // never confirmed
    for (const a of [a1, a2, a4]) expect((await confirm(a.id)).status).toBe(200);
    // An activity of next month is not in this month's report.
    await newActivity(city.admin.token, activityBody(city.community.id, {}, 30 * 24 * 60, 60));
  });

  it('reports activities, distinct participants, minutes and themes per street, and mandatory coverage', async () => {
    const r = await call('GET', `/api/themes/${MONTH}/report`, { token: city.admin.token });
    expect(r.status).toBe(200);
    expect(r.body.month).toBe(MONTH);
    expect(r.body.mandatory).toMatchObject({
      themeId: mandatoryId,
      title: '垃圾分类入户宣传',
      communitiesCovered: 2,
      communitiesTotal: 3,
    });
    expect(r.body.mandatory.communities).toEqual(
      expect.arrayContaining([
        { communityId: city.community.id, name: city.community.name, streetId: city.street.id, covered: true },
        { communityId: city.neighbour.id, name: city.neighbour.name, streetId: city.street.id, covered: false },
        { communityId: city.faraway.id, name: city.faraway.name, streetId: city.otherStreet.id, covered: true },
      ]),
    );
    const street = r.body.streets.find((s: { streetId: string }) => s.streetId === city.street.id);
    // V1 served twice in this street and counts once; V3 had no minutes and does not count.
    expect(street).toEqual({
      streetId: city.street.id,
      name: city.street.name,
      activities: 2,
      participants: 2,
      serviceMinutes: 150,
      specialThemes: 2,
      published: 3,
      communitiesCovered: 1,
      communitiesTotal: 2,
      corrections: { open: 0, overdue: 0 },
    });
    const other = r.body.streets.find((s: { streetId: string }) => s.streetId === city.otherStreet.id);
    expect(other).toMatchObject({ activities: 1, participants: 2, serviceMinutes: 75, specialThemes: 1, published: 2 });
    // V1 served in both streets and counts once in the city.
    expect(r.body.totals).toEqual({ activities: 3, participants: 3, serviceMinutes: 225 });
  });

  it('reads without a Scan, in a handful of calls', async () => {
    const client = db();
    const send = client.send.bind(client);
    const seen: string[] = [];
    client.send = ((cmd: { constructor: { name: string } }, ...rest: unknown[]) => {
      seen.push(cmd.constructor.name);
      return (send as (...args: unknown[]) => unknown)(cmd, ...rest);
    }) as typeof client.send;
    try {
      expect((await call('GET', `/api/themes/${MONTH}/report`, { token: city.admin.token })).status).toBe(200);
    } finally {
      client.send = send as typeof client.send;
    }
    expect(seen).not.toContain('ScanCommand');
    // The caller's profile, the themes, the month's activities (byMonth), the participant counters, maybe the org,
    // the credits of each of the 3 confirmed activities for the per-community participants, and the open correction
    // requests (one byDue Query) — never per person.
    expect(seen.length).toBeLessThanOrEqual(5 + 3);
    expect(seen.filter((n) => n === 'QueryCommand').length).toBeGreaterThanOrEqual(3);
  });

  it('gives the same numbers as CSV with a BOM for Excel', async () => {
    const r = await call('GET', `/api/themes/${MONTH}/report?format=csv`, { token: city.streetOrganizer.token });
    expect(r.status).toBe(200);
    expect(r.headers.get('content-type')).toMatch(/^text\/csv/);
    expect(r.headers.get('content-disposition')).toContain(`${MONTH}.csv`);
    // fetch's text() drops a BOM, so look at the bytes.
    const raw = await app.request(`/api/themes/${MONTH}/report?format=csv`, {
      headers: { authorization: `Bearer ${city.streetOrganizer.token}` },
    });
    const bytes = new Uint8Array(await raw.arrayBuffer());
    expect([...bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const lines = (r.body as string).trim().split('\r\n');
    expect(lines[0]).toContain('街道 street');
    // A street organiser reads its street and its communities, not the whole district.
    expect(lines).toEqual([
      lines[0],
      `${MONTH},${city.street.name},2,2,150,2.5,2,1,2`,
      ...[
        `${MONTH},${city.street.name} · ${city.community.name},2,2,150,2.5,,1,1`,
        `${MONTH},${city.street.name} · ${city.neighbour.name},0,0,0,0.0,,0,1`,
      ].sort((a, b) => lines.indexOf(a) - lines.indexOf(b)),
      `${MONTH},合计 total,2,2,150,2.5,2,1,2`,
    ]);
  });

  it('shows a community organiser only its own community, and the admin every community', async () => {
    const mine = await call('GET', `/api/themes/${MONTH}/report`, { token: city.organizer.token });
    expect(mine.status).toBe(200);
    expect(mine.body.streets).toEqual([]);
    expect(mine.body.communities).toEqual([
      {
        communityId: city.community.id,
        name: city.community.name,
        streetId: city.street.id,
        activities: 2,
        participants: 2,
        serviceMinutes: 150,
        published: 2,
        covered: true,
      },
    ]);
    expect(mine.body.totals).toEqual({ activities: 2, participants: 2, serviceMinutes: 150 });
    expect(mine.body.mandatory).toMatchObject({ communitiesCovered: 1, communitiesTotal: 1 });
    const all = await call('GET', `/api/themes/${MONTH}/report`, { token: city.admin.token });
    expect(all.body.communities.map((c: { communityId: string }) => c.communityId)).toEqual(
      expect.arrayContaining([city.community.id, city.neighbour.id, city.faraway.id]),
    );
  });

  it('lets the admin and any organiser read it; residents get 403, strangers 401', async () => {
    expect((await call('GET', `/api/themes/${MONTH}/report`, { token: city.organizer.token })).status).toBe(200);
    const resident = await userWith({ communityId: city.community.id });
    const r = await call('GET', `/api/themes/${MONTH}/report`, { token: resident.token });
    expect(r.status).toBe(403);
    expect(r.body.type).toBe('/problems/forbidden');
    expect((await call('GET', `/api/themes/${MONTH}/report`)).status).toBe(401);
    expect((await call('GET', '/api/themes/2030-6/report', { token: city.admin.token })).status).toBe(400);
  });

  it('reports an empty month as zeros', async () => {
    const r = await call('GET', '/api/themes/2029-01/report', { token: city.admin.token });
    expect(r.body.mandatory).toBeNull();
    expect(r.body.totals).toEqual({ activities: 0, participants: 0, serviceMinutes: 0 });
    expect(r.body.streets.every((s: { published: number }) => s.published === 0)).toBe(true);
  });

  it('counts a person once when two activities of the street are confirmed at the same moment', async () => {
    const p = await userWith({ communityId: city.neighbour.id, name: '双份' });
    const before = (await call('GET', `/api/themes/${MONTH}/report`, { token: city.admin.token })).body;
    const x = await held(city.neighbour.id, [[p, 20]]);
    const y = await held(city.neighbour.id, [[p, 40]]);
    expect((await Promise.all([confirm(x.id), confirm(y.id)])).map((r) => r.status)).toEqual([200, 200]);
    const after = (await call('GET', `/api/themes/${MONTH}/report`, { token: city.admin.token })).body;
    const s0 = before.streets.find((s: { streetId: string }) => s.streetId === city.street.id);
    const s1 = after.streets.find((s: { streetId: string }) => s.streetId === city.street.id);
    expect(s1.participants - s0.participants).toBe(1);
    const byId = (r: { communities: { communityId: string; participants: number }[] }) =>
      r.communities.find((c) => c.communityId === city.neighbour.id)!.participants;
    expect(byId(after) - byId(before)).toBe(1); // the community row counts the person once too
    expect(s1.serviceMinutes - s0.serviceMinutes).toBe(60);
    expect(after.totals.participants - before.totals.participants).toBe(1);
  });
});
