import { afterEach, describe, expect, it } from 'vitest';
import { DAY } from '../../../shared/time.js';
import { advanceClock, now, resetClock, setClock } from '../../../functions/clock.js';
import { call, useTable, userWith } from '../../fixtures/api.js';
import { newCardNo } from '../../fixtures/garbage.js';
import { gift, makeStreet, organizerOf, redeemCall, resident, staffOf } from '../../fixtures/rewards.js';
import { activityBody, newActivity, smallCity } from '../../fixtures/volunteer.js';

useTable();
afterEach(() => resetClock());

const streetOrganizer = (streetId: string) =>
  userWith({ roles: [{ role: 'organizer', scope: `street:${streetId}` }], name: '街道主任' });

describe('GET /api/audit (issue 12: the audit trail)', () => {
  it('records each privileged act with its actor, newest first, for the street organiser and the admin only', async () => {
    const { streetId, communityId } = await makeStreet();
    const street = await streetOrganizer(streetId);
    const org = await organizerOf(communityId);
    const staff = await staffOf(communityId);
    const someone = await resident(communityId, 0, '王阿姨');
    const helper = await resident(communityId, 0, '新站长');

    expect(
      (
        await call('POST', '/api/roles', {
          token: street.token,
          body: { userId: helper.userId, role: 'staff', scope: `community:${communityId}` },
        })
      ).status,
    ).toBe(201);
    const adj = await call('POST', '/api/points/adjustments', {
      token: org.token,
      body: { userId: someone.userId, delta: 30, note: '纸质签到补录' },
    });
    expect(adj.status).toBe(201);
    expect(adj.body).toMatchObject({ actorId: org.userId, note: '纸质签到补录' });
    const cardNo = newCardNo();
    expect(
      (await call('POST', '/api/cards', { token: staff.token, body: { cardNo, userId: someone.userId } })).status,
    ).toBe(201);
    const bin = await call('POST', '/api/bins', { token: staff.token, body: { communityId, name: '1号桶' } });
    expect(bin.status).toBe(201);
    expect((await call('DELETE', `/api/cards/${cardNo}`, { token: staff.token })).status).toBe(204);
    // Refused acts leave no trace: the trail is written in the act's own transaction.
    const refused = await call('POST', '/api/points/adjustments', {
      token: org.token,
      body: { userId: someone.userId, delta: -1000, note: '扣分' },
    });
    expect(refused.status).toBe(409);

    const r = await call('GET', `/api/audit?communityId=${communityId}`, { token: street.token });
    expect(r.status).toBe(200);
    expect(r.body.items.map((e: { action: string }) => e.action)).toEqual([
      'card.unbind',
      'bin.create',
      'card.bind',
      'points.adjust',
      'role.grant',
    ]);
    expect(r.body.nextCursor).toBeNull();
    expect(r.body.items[3]).toMatchObject({
      actorId: org.userId,
      actorName: '测试主任',
      target: `user:${someone.userId}`,
      communityId,
      detail: { delta: 30, note: '纸质签到补录' },
    });
    expect(r.body.items[1]).toMatchObject({ actorId: staff.userId, target: `bin:${bin.body.id}` });
    expect(r.body.items[4]).toMatchObject({ actorId: street.userId, detail: { role: 'staff' } });
    // The street organiser's own street view and the admin's city view see the same acts.
    const mine = await call('GET', '/api/audit', { token: street.token });
    expect(mine.body.items).toEqual(r.body.items);
    const admin = await userWith({ roles: [{ role: 'admin', scope: 'city' }] });
    const city = await call('GET', `/api/audit?actorId=${staff.userId}`, { token: admin.token });
    expect(city.body.items.map((e: { action: string }) => e.action)).toEqual([
      'card.unbind',
      'bin.create',
      'card.bind',
    ]);

    // Nobody below a street organiser, nor one of another street, reads it.
    const other = await makeStreet();
    const stranger = await streetOrganizer(other.streetId);
    for (const who of [org, staff, someone, stranger]) {
      const denied = await call('GET', `/api/audit?communityId=${communityId}`, { token: who.token });
      expect(denied.status).toBe(403);
      expect(denied.body.type).toBe('/problems/forbidden');
    }
    expect((await call('GET', '/api/audit', { token: org.token })).status).toBe(403);
  });

  it('pages across months with an opaque cursor, filters by time, and exports CSV', async () => {
    const { streetId, communityId } = await makeStreet();
    const t0 = now();
    const org = await organizerOf(communityId);
    const someone = await resident(communityId);
    const adjust = (token: string, note: string) =>
      call('POST', '/api/points/adjustments', { token, body: { userId: someone.userId, delta: 1, note } });
    expect((await adjust(org.token, '六月')).status).toBe(201);
    setClock(t0 + 31 * DAY); // next month: a new audit partition
    const org2 = await organizerOf(communityId);
    expect((await adjust(org2.token, '七月一')).status).toBe(201);
    expect((await adjust(org2.token, '七月二')).status).toBe(201);
    const street = await streetOrganizer(streetId);

    const notes: string[] = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      const q: string = `/api/audit?communityId=${communityId}&limit=1${cursor ? `&cursor=${cursor}` : ''}`;
      const r = await call('GET', q, { token: street.token });
      expect(r.status).toBe(200);
      expect(r.body.items.length).toBeLessThanOrEqual(1);
      notes.push(...r.body.items.map((e: { detail: { note: string } }) => e.detail.note));
      cursor = r.body.nextCursor;
      if (cursor) expect(Buffer.from(cursor, 'base64url').toString('latin1')).not.toContain('AUDIT#'); // opaque
      pages++;
    } while (cursor && pages < 10);
    expect(notes).toEqual(['七月二', '七月一', '六月']);

    const june = await call('GET', `/api/audit?communityId=${communityId}&to=${new Date(t0 + DAY).toISOString()}`, {
      token: street.token,
    });
    expect(june.body.items.map((e: { detail: { note: string } }) => e.detail.note)).toEqual(['六月']);
    const tampered = await call('GET', `/api/audit?communityId=${communityId}&cursor=eyJhIjoxfQ`, {
      token: street.token,
    });
    expect(tampered.status).toBe(400);

    const csv = await call('GET', `/api/audit?communityId=${communityId}&format=csv`, { token: street.token });
    expect(csv.status).toBe(200);
    expect(csv.headers.get('content-type')).toMatch(/^text\/csv/);
    const lines = String(csv.body)
      .replace(/^\uFEFF/, '')
      .trim()
      .split('\r\n');
    expect(lines[0]).toBe(
      '时间(at),操作人(actor),操作人ID(actorId),操作(action),对象(target),社区ID(communityId),详情(detail)',
    );
    expect(lines).toHaveLength(4);
    expect(lines[1]).toContain('points.adjust');
  });

  it('records proxy attendance and the confirm of an activity, gift hand-overs and cancels by staff', async () => {
    const city = await smallCity();
    const cid = city.community.id;
    const a = await newActivity(city.organizer.token, activityBody(cid, {}, -180, 120));
    const v = await city.resident('张大爷');
    const start = Date.parse(a.startsAt);
    const put = await call('PUT', `/api/activities/${a.id}/attendance/${v.userId}`, {
      token: city.organizer.token,
      body: { checkedInAt: new Date(start).toISOString(), checkedOutAt: new Date(start + 60 * 60_000).toISOString() },
    });
    expect(put.status, JSON.stringify(put.body)).toBe(200);
    expect(
      (await call('POST', `/api/activities/${a.id}/confirm`, { token: city.organizer.token, body: {} })).status,
    ).toBe(200);
    // A second confirm is refused and records nothing more.
    expect(
      (await call('POST', `/api/activities/${a.id}/confirm`, { token: city.organizer.token, body: {} })).status,
    ).toBe(409);

    const staff = await staffOf(cid);
    const g = await gift(staff.token, { communityId: cid, cost: 5 });
    const r1 = await redeemCall(v.token, g.id);
    const r2 = await redeemCall(v.token, g.id);
    expect([r1.status, r2.status]).toEqual([201, 201]);
    const wrong = await call('POST', `/api/redemptions/${r1.body.id}/fulfil`, {
      token: staff.token,
      body: { pickupCode: r1.body.pickupCode === '000000' ? '111111' : '000000' },
    });
    expect(wrong.body.type).toBe('/problems/invalid-code'); // refused: no trace
    const ok = await call('POST', `/api/redemptions/${r1.body.id}/fulfil`, {
      token: staff.token,
      body: { pickupCode: r1.body.pickupCode },
    });
    expect(ok.status).toBe(200);
    expect((await call('POST', `/api/redemptions/${r2.body.id}/cancel`, { token: staff.token })).status).toBe(200);

    const trail = await call('GET', `/api/audit?communityId=${cid}`, { token: city.streetOrganizer.token });
    expect(trail.status).toBe(200);
    const acts = trail.body.items.map((e: { action: string; target: string }) => `${e.action} ${e.target}`);
    expect(acts).toEqual([
      `redemption.cancel redemption:${r2.body.id}`,
      `redemption.fulfil redemption:${r1.body.id}`,
      `reward.create reward:${g.id}`,
      `activity.confirm activity:${a.id}`,
      `attendance.proxy user:${v.userId}`,
    ]);
    expect(trail.body.items[3]).toMatchObject({
      actorId: city.organizer.userId,
      actorName: '王主任',
      detail: { volunteers: 1, totalMinutes: 60, totalPoints: 10 },
    });
    // The credit itself names its actor in the volunteer's ledger.
    const ledger = await call('GET', '/api/me/ledger', { token: v.token });
    expect(ledger.body.items.find((e: { reason: string }) => e.reason === 'volunteer')).toMatchObject({
      actorId: city.organizer.userId,
      delta: 10,
    });
  });

  it('records the answers to correction requests', async () => {
    const city = await smallCity();
    const a = await newActivity(city.organizer.token, activityBody(city.community.id, {}, 60, 120));
    const v = await city.resident('补签者');
    const w = await city.resident('另一位');
    for (const p of [v, w]) {
      expect((await call('POST', `/api/activities/${a.id}/signups`, { token: p.token })).status).toBe(201);
    }
    advanceClock(3.5 * 60 * 60_000); // the activity ended 30 minutes ago
    const file = async (token: string) =>
      (await call('POST', `/api/activities/${a.id}/corrections`, { token, body: { kind: 'other', note: '忘记签到' } }))
        .body.id as string;
    const cv = await file(v.token);
    const cw = await file(w.token);
    const org = city.organizer.token;
    expect((await call('POST', `/api/corrections/${cv}/accept`, { token: org, body: { minutes: 60 } })).status).toBe(
      200,
    );
    expect(
      (await call('POST', `/api/corrections/${cw}/reject`, { token: org, body: { reason: '没有到场' } })).status,
    ).toBe(200);
    const trail = await call('GET', `/api/audit?communityId=${city.community.id}`, {
      token: city.streetOrganizer.token,
    });
    const acts = trail.body.items.map((e: { action: string; target: string }) => `${e.action} ${e.target}`);
    expect(acts).toEqual([`correction.reject correction:${cw}`, `correction.accept correction:${cv}`]);
    expect(trail.body.items[0]).toMatchObject({ actorId: city.organizer.userId, detail: { reason: '没有到场' } });
  });
});
