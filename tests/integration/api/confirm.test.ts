import { useTestClock } from '../../fixtures/test-clock.js';
import { TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { call, useTable } from '../../fixtures/api.js';
import {
  activityBody,
  codeOf,
  newActivity,
  smallCity,
  userWith,
  type City,
  type Person,
} from '../../fixtures/volunteer.js';
import { db } from '../../../functions/db/client.js';
import { acquireConfirmLease, getConfirmGuard } from '../../../functions/db/confirm.js';
import { now as clockNow, resetClock, useVirtualWaits } from '../../../functions/clock.js';
import { CONFIRM_LEASE_MS, WAIT_FOR_OTHER_MS } from '../../../functions/services/confirm.js';
import { sumLedger } from '../../../functions/db/ledger.js';
import { UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { tableName } from '../../../functions/db/client.js';
import { userKey } from '../../../shared/db/keys.js';

useTable();

const MIN = 60_000;
let city: City;
beforeAll(async () => {
  city = await smallCity();
});
afterEach(() => {
  useTestClock();
});

const at = (ms: number) => {
  vi.useFakeTimers({ toFake: ['Date'] });
  vi.setSystemTime(ms);
};

/**
 * A 2-hour activity that ended an hour ago, with volunteers recorded as present for the given
 * minutes from the start (null: checked in, never checked out).
 */
async function ended(minutes: (number | null)[], over: Record<string, unknown> = {}) {
  const a = await newActivity(city.organizer.token, activityBody(city.community.id, over, -180, 120));
  const start = Date.parse(a.startsAt);
  const vs: Person[] = [];
  for (const [i, m] of minutes.entries()) {
    const v = await userWith({ communityId: city.community.id, name: `志愿者${i}` });
    vs.push(v);
    const r = await call('PUT', `/api/activities/${a.id}/attendance/${v.userId}`, {
      token: city.organizer.token,
      body: {
        checkedInAt: new Date(start - 5 * MIN).toISOString(),
        checkedOutAt: m === null ? null : new Date(start + m * MIN).toISOString(),
      },
    });
    if (r.status !== 200) throw new Error(JSON.stringify(r.body));
  }
  return { a, vs };
}

const confirm = (token: string, id: string, body: unknown = {}) =>
  call('POST', `/api/activities/${id}/confirm`, { token, body });
const me = async (p: Person) => (await call('GET', '/api/me', { token: p.token })).body;
const ledger = async (p: Person) => (await call('GET', '/api/me/ledger?limit=100', { token: p.token })).body.items;

describe('POST /api/activities/{id}/confirm', () => {
  it('credits each volunteer’s overlap minutes and floor(minutes × pointsPerHour / 60) points once', async () => {
    const { a, vs } = await ended([45, 120, null]);
    const r = await confirm(city.organizer.token, a.id);
    expect(r.status).toBe(200);
    expect(r.body.confirmed).toEqual(
      expect.arrayContaining([
        { userId: vs[0]!.userId, minutes: 45, points: 7 },
        { userId: vs[1]!.userId, minutes: 120, points: 20 },
        { userId: vs[2]!.userId, minutes: 0, points: 0 },
      ]),
    );
    expect(r.body.confirmed).toHaveLength(3);
    expect(r.body).toMatchObject({ totalMinutes: 165, totalPoints: 27 });
    expect(await me(vs[0]!)).toMatchObject({ balance: 7, serviceMinutes: 45, stars: 0 });
    expect(await me(vs[1]!)).toMatchObject({ balance: 20, serviceMinutes: 120 });
    expect(await me(vs[2]!)).toMatchObject({ balance: 0, serviceMinutes: 0 });
    const entries = await ledger(vs[0]!);
    expect(entries).toEqual([
      expect.objectContaining({ delta: 7, reason: 'volunteer', ref: `activity:${a.id}`, balanceAfter: 7 }),
    ]);
    expect(await ledger(vs[2]!)).toEqual([]);
    for (const v of vs) expect(await sumLedger(v.userId)).toBe((await me(v)).balance);
    const act = await call('GET', `/api/activities/${a.id}`);
    expect(act.body).toMatchObject({ status: 'confirmed', creditedMinutes: 165, creditedPoints: 27, participants: 2 });
    expect(act.body.confirmedAt).not.toBeNull();
    const mine = await call('GET', `/api/activities/${a.id}/signups/me`, { token: vs[0]!.token });
    expect(mine.body.credited).toEqual({ minutes: 45, points: 7 });
  });

  it('answers a second confirm with 409 already-confirmed and credits nothing', async () => {
    const { a, vs } = await ended([60]);
    expect((await confirm(city.organizer.token, a.id)).status).toBe(200);
    const again = await confirm(city.streetOrganizer.token, a.id);
    expect(again.status).toBe(409);
    expect(again.body.type).toBe('/problems/already-confirmed');
    expect(await me(vs[0]!)).toMatchObject({ balance: 10, serviceMinutes: 60 });
    expect(await ledger(vs[0]!)).toHaveLength(1);
  });

  it('refuses before endsAt with 409 outside-window', async () => {
    const a = await newActivity(city.organizer.token, activityBody(city.community.id, {}, -30, 60));
    const r = await confirm(city.organizer.token, a.id);
    expect(r.status).toBe(409);
    expect(r.body.type).toBe('/problems/outside-window');
  });

  it('lets organisers of the community or street and the admin confirm; not the leader, residents or others', async () => {
    const leader = await userWith({ communityId: city.community.id, name: '队长' });
    const team = await call('POST', '/api/teams', {
      token: city.organizer.token,
      body: { name: '队', communityId: city.community.id, leaderId: leader.userId },
    });
    const { a, vs } = await ended([30], { teamId: team.body.id });
    for (const who of [leader, vs[0]!, city.otherOrganizer]) {
      const r = await confirm(who.token, a.id);
      expect(r.status).toBe(403);
      expect(r.body.type).toBe('/problems/forbidden');
    }
    expect(await me(vs[0]!)).toMatchObject({ balance: 0 });
    expect((await confirm(city.streetOrganizer.token, a.id)).status).toBe(200);
    expect((await call('GET', `/api/teams/${team.body.id}`)).body.serviceMinutes).toBe(30);
    const { a: b } = await ended([30]);
    expect((await confirm(city.admin.token, b.id)).status).toBe(200);
  });

  it('applies adjustments: a person without a check-out gets the adjusted minutes', async () => {
    const { a, vs } = await ended([30, null]);
    const r = await confirm(city.organizer.token, a.id, {
      adjustments: [
        { userId: vs[1]!.userId, minutes: 90 },
        { userId: vs[0]!.userId, minutes: 0 },
      ],
    });
    expect(r.status).toBe(200);
    expect(r.body.confirmed).toEqual(
      expect.arrayContaining([
        { userId: vs[0]!.userId, minutes: 0, points: 0 },
        { userId: vs[1]!.userId, minutes: 90, points: 15 },
      ]),
    );
    expect(await me(vs[1]!)).toMatchObject({ balance: 15, serviceMinutes: 90 });
    expect(await me(vs[0]!)).toMatchObject({ balance: 0, serviceMinutes: 0 });
  });

  it.each([
    [
      'a person not in the attendance',
      (u: string) => [
        { userId: '01ARZ3NDEKTSV4RRFFQ69G5FAV', minutes: 10 },
        { userId: u, minutes: 5 },
      ],
      'adjustments.0.userId',
    ],
    ['more minutes than the activity lasts', (u: string) => [{ userId: u, minutes: 121 }], 'adjustments.0.minutes'],
    ['negative minutes', (u: string) => [{ userId: u, minutes: -1 }], 'adjustments.0.minutes'],
    [
      'the same person twice',
      (u: string) => [
        { userId: u, minutes: 5 },
        { userId: u, minutes: 6 },
      ],
      'adjustments.1.userId',
    ],
    ['fractional minutes', (u: string) => [{ userId: u, minutes: 1.5 }], 'adjustments.0.minutes'],
  ])('rejects an adjustment naming %s with 400 validation and changes nothing', async (_n, adj, path) => {
    const { a, vs } = await ended([60]);
    const r = await confirm(city.organizer.token, a.id, { adjustments: adj(vs[0]!.userId) });
    expect(r.status).toBe(400);
    expect(r.body.type).toBe('/problems/validation');
    expect(r.body.errors.map((e: { path: string }) => e.path)).toContain(path);
    expect(await me(vs[0]!)).toMatchObject({ balance: 0, serviceMinutes: 0 });
    // Nothing was written: attendance can still be corrected and the activity confirmed.
    expect((await call('GET', `/api/activities/${a.id}`)).body.status).toBe('published');
    expect(
      (await confirm(city.organizer.token, a.id, { adjustments: [{ userId: vs[0]!.userId, minutes: 120 }] })).status,
    ).toBe(200);
    expect(await me(vs[0]!)).toMatchObject({ balance: 20, serviceMinutes: 120 });
  });

  it('accepts the edges 0 and the whole duration', async () => {
    const { a, vs } = await ended([60, 60]);
    const r = await confirm(city.organizer.token, a.id, {
      adjustments: [
        { userId: vs[0]!.userId, minutes: 0 },
        { userId: vs[1]!.userId, minutes: 120 },
      ],
    });
    expect(r.status).toBe(200);
    expect(r.body.totalMinutes).toBe(120);
  });

  it('credits exactly once when two organisers confirm at the same moment', async () => {
    const { a, vs } = await ended([30, 60, 90, 120, 15, 45]);
    const [r1, r2] = await Promise.all([
      confirm(city.organizer.token, a.id),
      confirm(city.streetOrganizer.token, a.id),
    ]);
    expect([r1.status, r2.status].sort()).toEqual([200, 409]);
    const loser = r1.status === 409 ? r1 : r2;
    expect(loser.body.type).toBe('/problems/already-confirmed');
    const expected = [30, 60, 90, 120, 15, 45];
    for (const [i, v] of vs.entries()) {
      const m = await me(v);
      expect(m.serviceMinutes).toBe(expected[i]);
      expect(m.balance).toBe(Math.floor((expected[i]! * 10) / 60));
      expect(await sumLedger(v.userId)).toBe(m.balance);
      expect(await ledger(v)).toHaveLength(1);
    }
    const act = (await call('GET', `/api/activities/${a.id}`)).body;
    expect(act).toMatchObject({ status: 'confirmed', creditedMinutes: 360, creditedPoints: 59, participants: 6 });
  });

  it('finishes a confirm that died halfway on the next run, never crediting anyone twice', async () => {
    const { a, vs } = await ended([10, 20, 30, 40, 50, 60, 70, 80]);
    const client = db();
    const send = client.send.bind(client);
    let txs = 0;
    // The third credit transaction is lost: the Lambda "times out" there.
    client.send = ((cmd: unknown, ...rest: unknown[]) => {
      if (cmd instanceof TransactWriteCommand && ++txs === 3) {
        return Promise.reject(Object.assign(new Error('socket hang up'), { name: 'TimeoutError' }));
      }
      return (send as (...args: unknown[]) => unknown)(cmd, ...rest);
    }) as typeof client.send;
    let first;
    try {
      first = await confirm(city.organizer.token, a.id);
    } finally {
      client.send = send as typeof client.send;
    }
    expect(first.status).toBe(500);
    const partly = await Promise.all(vs.map(me));
    const creditedFirst = partly.filter((m) => m.serviceMinutes > 0).length;
    expect(creditedFirst).toBeGreaterThan(0);
    expect(creditedFirst).toBeLessThan(8);
    expect((await call('GET', `/api/activities/${a.id}`)).body.status).toBe('published');
    // Running it again credits the rest…
    const second = await confirm(city.organizer.token, a.id);
    expect(second.status).toBe(200);
    expect(second.body.totalMinutes).toBe(360);
    for (const [i, v] of vs.entries()) {
      const m = await me(v);
      expect(m.serviceMinutes).toBe((i + 1) * 10);
      expect(m.balance).toBe(Math.floor(((i + 1) * 10 * 10) / 60));
      expect(await sumLedger(v.userId)).toBe(m.balance);
      expect(await ledger(v)).toHaveLength(1);
    }
    expect((await call('GET', `/api/activities/${a.id}`)).body).toMatchObject({
      status: 'confirmed',
      creditedMinutes: 360,
      participants: 8,
    });
    // …and only then is it 409.
    expect((await confirm(city.organizer.token, a.id)).status).toBe(409);
  });

  it('takes over from a confirm whose lease ran out without being released', async () => {
    const { a, vs } = await ended([60]);
    const now = Date.now();
    expect(await acquireConfirmLease(a.id, 'ghost', 'ghost', {}, now, 30_000)).toBeDefined();
    // While the ghost's lease lives, attendance is frozen.
    const fix = await call('PUT', `/api/activities/${a.id}/attendance/${vs[0]!.userId}`, {
      token: city.organizer.token,
      body: { checkedInAt: a.startsAt, checkedOutAt: a.endsAt },
    });
    expect(fix.status).toBe(409);
    expect(fix.body.type).toBe('/problems/already-confirmed');
    at(now + 31_000);
    const r = await confirm(city.organizer.token, a.id);
    expect(r.status).toBe(200);
    expect(await me(vs[0]!)).toMatchObject({ balance: 10, serviceMinutes: 60 });
  });

  it('lets the first retry after a crash mid-confirm take over within one lease, not wait 20 s and 503', async () => {
    const { a, vs } = await ended([60, 30]);
    // A confirm took its lease (the one a real confirm takes) and died before releasing it.
    expect(
      await acquireConfirmLease(a.id, 'crashed', city.organizer.userId, {}, clockNow(), CONFIRM_LEASE_MS),
    ).toBeDefined();
    expect(CONFIRM_LEASE_MS).toBeLessThan(WAIT_FOR_OTHER_MS);
    useVirtualWaits(); // the retry's waiting moves the clock instead of sleeping
    try {
      const before = clockNow();
      const r = await confirm(city.organizer.token, a.id);
      const waited = clockNow() - before;
      expect(r.status, JSON.stringify(r.body)).toBe(200);
      expect(r.body.totalMinutes).toBe(90);
      expect(waited).toBeGreaterThanOrEqual(CONFIRM_LEASE_MS); // it did wait the dead lease out…
      expect(waited).toBeLessThan(CONFIRM_LEASE_MS + 1000); // …and no longer
      expect(await me(vs[1]!)).toMatchObject({ balance: 5, serviceMinutes: 30 });
    } finally {
      resetClock();
    }
  });

  it('answers 503 after the wait, on the clock, while another confirm keeps its lease alive', async () => {
    const { a } = await ended([60]);
    // A live confirm renews its lease; one far in the future stands for that here.
    await acquireConfirmLease(a.id, 'alive', city.organizer.userId, {}, clockNow(), 10 * WAIT_FOR_OTHER_MS);
    useVirtualWaits();
    try {
      const before = clockNow();
      const r = await confirm(city.organizer.token, a.id);
      expect(r.status).toBe(503);
      expect(clockNow() - before).toBeGreaterThanOrEqual(WAIT_FOR_OTHER_MS);
      expect((await getConfirmGuard(a.id))?.owner).toBe('alive'); // nothing taken over
    } finally {
      resetClock();
    }
  });

  it('keeps the first confirm’s adjustments when a later one resumes it', async () => {
    const { a, vs } = await ended([60]);
    const now = Date.now();
    await acquireConfirmLease(a.id, 'ghost', 'ghost', { [vs[0]!.userId]: 15 }, now, 30_000);
    at(now + 31_000);
    const r = await confirm(city.organizer.token, a.id, { adjustments: [{ userId: vs[0]!.userId, minutes: 100 }] });
    expect(r.status).toBe(200);
    expect(r.body.confirmed).toEqual([{ userId: vs[0]!.userId, minutes: 15, points: 2 }]);
  });

  it('freezes attendance once confirmed: check-out and manual records are 409 already-confirmed', async () => {
    const a = await newActivity(city.organizer.token, activityBody(city.community.id, {}, 10, 60));
    const v = await userWith({ communityId: city.community.id });
    await call('POST', `/api/activities/${a.id}/signups`, { token: v.token });
    const end = Date.parse(a.endsAt);
    const t0 = Date.now();
    expect(
      (
        await call('POST', `/api/activities/${a.id}/checkins`, {
          token: v.token,
          body: { code: await codeOf(city.organizer.token, a.id) },
        })
      ).status,
    ).toBe(201);
    at(end + MIN);
    expect((await confirm(city.organizer.token, a.id)).status).toBe(200);
    const out = await call('POST', `/api/activities/${a.id}/checkouts`, {
      token: v.token,
      body: { code: await codeOf(city.organizer.token, a.id) },
    });
    expect(out.status).toBe(409);
    expect(out.body.type).toBe('/problems/already-confirmed');
    const manual = await call('PUT', `/api/activities/${a.id}/attendance/${v.userId}`, {
      token: city.organizer.token,
      body: { checkedInAt: new Date(t0).toISOString(), checkedOutAt: a.endsAt },
    });
    expect(manual.status).toBe(409);
    expect(await me(v)).toMatchObject({ balance: 0, serviceMinutes: 0 });
  });

  it('keeps team minutes right when two activities of a team are confirmed at once', async () => {
    const team = await call('POST', '/api/teams', {
      token: city.organizer.token,
      body: { name: '并发队', communityId: city.community.id },
    });
    const x = await ended([10, 20, 30], { teamId: team.body.id });
    const y = await ended([40, 50], { teamId: team.body.id });
    const rs = await Promise.all([confirm(city.organizer.token, x.a.id), confirm(city.admin.token, y.a.id)]);
    expect(rs.map((r) => r.status)).toEqual([200, 200]);
    expect((await call('GET', `/api/teams/${team.body.id}`)).body.serviceMinutes).toBe(150);
  });

  it('awards stars from confirmed hours (100 h → 1 star) and lists the record in 我的服务记录', async () => {
    const { a, vs } = await ended([60]);
    // 99 h 30 min already confirmed before (set directly: minutes carry no points).
    await db().send(
      new UpdateCommand({
        TableName: tableName(),
        Key: userKey(vs[0]!.userId),
        UpdateExpression: 'SET serviceMinutes = :m',
        ExpressionAttributeValues: { ':m': 99 * 60 + 30 },
      }),
    );
    expect((await me(vs[0]!)).stars).toBe(0);
    expect((await confirm(city.organizer.token, a.id)).status).toBe(200);
    const m = await me(vs[0]!);
    expect(m.serviceMinutes).toBe(100 * 60 + 30);
    expect(m.stars).toBe(1);
    const rec = await call('GET', '/api/me/service', { token: vs[0]!.token });
    expect(rec.status).toBe(200);
    expect(rec.body).toMatchObject({
      userId: vs[0]!.userId,
      name: '志愿者0',
      serviceMinutes: 100 * 60 + 30,
      stars: 1,
      nextStarHours: 300,
      nextCursor: null,
    });
    expect(rec.body.items).toEqual([
      expect.objectContaining({ activityId: a.id, title: a.title, minutes: 60, points: 10, startsAt: a.startsAt }),
    ]);
  });

  it('lists service records newest first with a cursor', async () => {
    const v = await userWith({ communityId: city.community.id, name: '老志愿者' });
    const ids: string[] = [];
    for (const startIn of [-600, -400, -200]) {
      const a = await newActivity(city.organizer.token, activityBody(city.community.id, {}, startIn, 60));
      await call('PUT', `/api/activities/${a.id}/attendance/${v.userId}`, {
        token: city.organizer.token,
        body: { checkedInAt: a.startsAt, checkedOutAt: a.endsAt },
      });
      expect((await confirm(city.organizer.token, a.id)).status).toBe(200);
      ids.push(a.id);
    }
    const p1 = await call('GET', '/api/me/service?limit=2', { token: v.token });
    expect(p1.body.items.map((r: { activityId: string }) => r.activityId)).toEqual([ids[2], ids[1]]);
    const p2 = await call('GET', `/api/me/service?limit=2&cursor=${p1.body.nextCursor}`, { token: v.token });
    expect(p2.body.items.map((r: { activityId: string }) => r.activityId)).toEqual([ids[0]]);
    expect(p2.body.serviceMinutes).toBe(180);
  });
});
