import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { advanceClock, resetClock } from '../../../functions/clock.js';
import { signToken } from '../../../functions/services/jwt.js';
import { signingKeys } from '../../../functions/services/signing-keys.js';
import { localMonth, DAY, HOUR } from '../../../shared/time.js';
import { config } from '../../../functions/config.js';
import { call, useTable } from '../../fixtures/api.js';
import { activityBody, newActivity, smallCity, type City, type Person } from '../../fixtures/volunteer.js';

useTable();

let city: City;
beforeAll(async () => {
  city = await smallCity();
});
afterEach(() => resetClock());

const ok = <T>(r: { status: number; body: T }, status = 200): T => {
  expect(r.status, JSON.stringify(r.body)).toBe(status);
  return r.body;
};
const file = (p: Person, id: string, body: unknown) =>
  call('POST', `/api/activities/${id}/corrections`, { token: p.token, body });
const answered = async (p: Person) =>
  (await call('GET', '/api/me/notifications', { token: p.token })).body.items.filter(
    (n: { kind: string }) => n.kind === 'correction-answered',
  ) as { title: string; body: string; ref: string }[];
/** A token on the moved clock (tokens last a day). */
const fresh = async (p: Person): Promise<Person> => ({
  ...p,
  token: signToken(await signingKeys(), p.userId, 3600).token,
});

describe('correction requests', () => {
  it('before confirm: filed once within the window, queued, accepted as manual attendance that confirm credits', async () => {
    const a = await newActivity(city.organizer.token, activityBody(city.community.id, {}, 60, 120));
    const v = await city.resident('补签者');
    ok(await call('POST', `/api/activities/${a.id}/signups`, { token: v.token }), 201);
    const early = await file(v, a.id, { kind: 'missing-checkin', minutes: 60, note: '忘记签到了' });
    expect([early.status, early.body.type]).toEqual([409, '/problems/outside-window']);
    advanceClock(3 * HOUR + 30 * 60_000); // ended 30 min ago
    const stranger = await city.resident('路人');
    expect((await file(stranger, a.id, { kind: 'other', note: '我也想' })).status).toBe(403);
    expect((await file(v, a.id, { kind: 'missing-checkin', note: '没写分钟' })).status).toBe(400);
    expect((await file(v, a.id, { kind: 'wrong-minutes', minutes: 121, note: '太长' })).status).toBe(400);
    const filed = ok(await file(v, a.id, { kind: 'missing-checkin', minutes: 60, note: '忘记签到了' }), 201);
    expect(filed).toEqual({
      id: expect.any(String),
      activityId: a.id,
      userId: v.userId,
      kind: 'missing-checkin',
      minutes: 60,
      note: '忘记签到了',
      status: 'open',
      createdAt: expect.any(String),
      dueAt: new Date(Date.parse(filed.createdAt) + 7 * DAY).toISOString(),
    });
    const twice = await file(v, a.id, { kind: 'other', note: '再来一条' });
    expect([twice.status, twice.body.type]).toEqual([409, '/problems/conflict']);
    expect(
      ok(await call('GET', '/api/me/corrections', { token: v.token })).items.map((c: { id: string }) => c.id),
    ).toEqual([filed.id]);

    const queue = ok(
      await call('GET', `/api/corrections?communityId=${city.community.id}`, { token: city.organizer.token }),
    );
    expect(queue.items.find((c: { id: string }) => c.id === filed.id)).toMatchObject({
      activityTitle: a.title,
      name: '补签者',
      overdue: false,
      status: 'open',
    });
    expect(
      (await call('GET', `/api/corrections?communityId=${city.community.id}`, { token: city.otherOrganizer.token }))
        .status,
    ).toBe(403);
    expect((await call('GET', '/api/corrections', { token: v.token })).status).toBe(403);
    expect(
      (
        await call('POST', `/api/corrections/${filed.id}/accept`, {
          token: city.otherOrganizer.token,
          body: { minutes: 60 },
        })
      ).status,
    ).toBe(403);

    const accepted = ok(
      await call('POST', `/api/corrections/${filed.id}/accept`, { token: city.organizer.token, body: { minutes: 60 } }),
    );
    expect(accepted).toEqual({ status: 'accepted', minutes: 60, credited: { minutes: 0, points: 0 } });
    const again = await call('POST', `/api/corrections/${filed.id}/reject`, {
      token: city.organizer.token,
      body: { reason: '改主意' },
    });
    expect([again.status, again.body.type]).toEqual([409, '/problems/conflict']);
    const att = ok(await call('GET', `/api/activities/${a.id}/attendance`, { token: city.organizer.token }));
    expect(att.items).toEqual([expect.objectContaining({ userId: v.userId, manual: true, minutes: 60 })]);
    const confirmed = ok(
      await call('POST', `/api/activities/${a.id}/confirm`, { token: city.organizer.token, body: {} }),
    );
    expect(confirmed.confirmed).toEqual([{ userId: v.userId, minutes: 60, points: 10 }]);
    expect(confirmed.noShows).toEqual([]);
    const told = await answered(v);
    expect(told).toHaveLength(1);
    expect(told[0]!.body).toContain('已通过');
    expect(told[0]!.ref).toBe(`correction:${filed.id}`);
  });

  it('after confirm: credits the difference exactly once, shows overdue in the queue and report, and rejects with a reason', async () => {
    const a = await newActivity(city.organizer.token, activityBody(city.community.id, {}, 60, 120));
    const v = await city.resident('少记者');
    ok(await call('POST', `/api/activities/${a.id}/signups`, { token: v.token }), 201);
    advanceClock(3 * HOUR + 30 * 60_000);
    const start = Date.parse(a.startsAt);
    ok(
      await call('PUT', `/api/activities/${a.id}/attendance/${v.userId}`, {
        token: city.organizer.token,
        body: { checkedInAt: a.startsAt, checkedOutAt: new Date(start + 30 * 60_000).toISOString() },
      }),
    );
    ok(await call('POST', `/api/activities/${a.id}/confirm`, { token: city.organizer.token, body: {} }));
    const filed = ok(await file(v, a.id, { kind: 'wrong-minutes', minutes: 90, note: '签退按早了' }), 201);

    advanceClock(8 * DAY); // past due
    const org = await fresh(city.organizer);
    const mine = await fresh(v);
    const queue = ok(await call('GET', '/api/corrections?status=open', { token: org.token }));
    expect(queue.items.find((c: { id: string }) => c.id === filed.id)).toMatchObject({ overdue: true });
    const month = localMonth(a.startsAt, config().tzName);
    const admin = await fresh(city.admin);
    const report = ok(await call('GET', `/api/themes/${month}/report`, { token: admin.token }));
    expect(report.streets.find((s: { streetId: string }) => s.streetId === city.street.id).corrections).toEqual({
      open: 1,
      overdue: 1,
    });

    // Three organisers' tabs accept at once: one answer, one credit.
    const tries = await Promise.all(
      [org, org, await fresh(city.streetOrganizer)].map((who) =>
        call('POST', `/api/corrections/${filed.id}/accept`, { token: who.token, body: { minutes: 90 } }),
      ),
    );
    expect(tries.map((r) => r.status).sort()).toEqual([200, 409, 409]);
    expect(tries.find((r) => r.status === 200)!.body).toEqual({
      status: 'accepted',
      minutes: 90,
      credited: { minutes: 60, points: 10 },
    });
    const me = ok(await call('GET', '/api/me', { token: mine.token }));
    expect([me.balance, me.serviceMinutes]).toEqual([15, 90]);
    const ledger = ok(await call('GET', '/api/me/ledger', { token: mine.token })).items as {
      delta: number;
      reason: string;
      ref: string;
    }[];
    expect(ledger.filter((e) => e.ref === `correction:${filed.id}`)).toEqual([
      expect.objectContaining({ delta: 10, reason: 'volunteer' }),
    ]);
    expect(ledger.reduce((s, e) => s + e.delta, 0)).toBe(me.balance);

    // A second request, about something else, is rejected with a reason the volunteer reads.
    const other = ok(await file(mine, a.id, { kind: 'other', note: '名字写错了' }), 201);
    expect(
      ok(await call('POST', `/api/corrections/${other.id}/reject`, { token: org.token, body: { reason: '名字无误' } })),
    ).toEqual({ status: 'rejected' });
    const told = await answered(mine);
    expect(told).toHaveLength(2);
    expect(told.some((n) => n.body.includes('未通过。原因：名字无误'))).toBe(true);
    const after = ok(await call('GET', '/api/me', { token: mine.token }));
    expect(after.balance).toBe(15);

    advanceClock(23 * DAY); // 31 days after the end
    const late = await file(await fresh(v), a.id, { kind: 'other', note: '太晚了' });
    expect([late.status, late.body.type]).toEqual([409, '/problems/outside-window']);
  });
  it('after confirm: what a correction credits reaches the service record, the activity and team totals and the boards', async () => {
    const team = ok(
      await call('POST', '/api/teams', {
        token: city.organizer.token,
        body: { name: '纠错小分队', communityId: city.community.id },
      }),
      201,
    );
    const a = await newActivity(city.organizer.token, activityBody(city.community.id, { teamId: team.id }, 60, 120));
    const served = await city.resident('记短者');
    const missed = await city.resident('漏签者');
    for (const p of [served, missed])
      ok(await call('POST', `/api/activities/${a.id}/signups`, { token: p.token }), 201);
    advanceClock(3 * HOUR + 30 * 60_000);
    ok(
      await call('PUT', `/api/activities/${a.id}/attendance/${served.userId}`, {
        token: city.organizer.token,
        body: { checkedInAt: a.startsAt, checkedOutAt: new Date(Date.parse(a.startsAt) + 30 * 60_000).toISOString() },
      }),
    );
    ok(await call('POST', `/api/activities/${a.id}/confirm`, { token: city.organizer.token, body: {} }));
    const month = localMonth(a.startsAt, config().tzName);
    const board = async () =>
      new Map(
        (
          ok(
            await call(
              'GET',
              `/api/leaderboards?metric=service_minutes&scope=community:${city.community.id}&period=${month}`,
            ),
          ).entries as { userId: string; value: number }[]
        ).map((e) => [e.userId, e.value]),
      );
    const totals = async () => {
      const act = ok(await call('GET', `/api/activities/${a.id}`));
      const teams = ok(await call('GET', `/api/teams?communityId=${city.community.id}`)).items as {
        id: string;
        serviceMinutes: number;
      }[];
      return {
        minutes: act.creditedMinutes,
        points: act.creditedPoints,
        participants: act.participants,
        team: teams.find((t) => t.id === team.id)!.serviceMinutes,
      };
    };
    expect(await totals()).toEqual({ minutes: 30, points: 5, participants: 1, team: 30 });
    expect((await board()).get(served.userId)).toBe(30);
    expect((await board()).has(missed.userId)).toBe(false);

    // Both ask: one left early by mistake (90 minutes served), one's check-in never arrived (120 minutes).
    const wrong = ok(await file(served, a.id, { kind: 'wrong-minutes', minutes: 90, note: '签退按早了' }), 201);
    const lost = ok(await file(missed, a.id, { kind: 'missing-checkin', minutes: 120, note: '扫码没成功' }), 201);
    for (const [c, minutes] of [
      [wrong, 90],
      [lost, 120],
    ] as const) {
      ok(await call('POST', `/api/corrections/${c.id}/accept`, { token: city.organizer.token, body: { minutes } }));
    }
    // The activity counts one more participant (the one never credited), not two; minutes and points grow by
    // exactly what the corrections credited (60 + 120 minutes; 10 + 20 points).
    expect(await totals()).toEqual({ minutes: 210, points: 35, participants: 2, team: 210 });
    const after = await board();
    expect([after.get(served.userId), after.get(missed.userId)]).toEqual([90, 120]);
    for (const [p, minutes, points] of [
      [served, 90, 15],
      [missed, 120, 20],
    ] as const) {
      const records = ok(await call('GET', '/api/me/service', { token: p.token })).items as {
        activityId: string;
        minutes: number;
        points: number;
        title: string;
      }[];
      expect(records.filter((r) => r.activityId === a.id)).toEqual([
        expect.objectContaining({ minutes, points, title: a.title }),
      ]);
    }
  });
});
