import { afterEach, describe, expect, it } from 'vitest';
import { advanceClock, resetClock } from '../../../functions/clock.js';
import { tableName } from '../../../functions/db/client.js';
import type { StreamRecordLike } from '../../../functions/db/projector/source.js';
import { StreamPoller } from '../../../functions/db/stream-poller.js';
import { handler } from '../../../functions/jobs/projector.js';
import { call, drainProjector, useTable } from '../../fixtures/api.js';
import { communityWithStaff, localNoon, registerBin, residentWithCard, scan, upload } from '../../fixtures/garbage.js';
import { activityBody, codeOf, newActivity, smallCity, userWith, type City } from '../../fixtures/volunteer.js';

useTable();
afterEach(() => resetClock());

const MIN = 60_000;
type FlagBody = {
  id: string;
  kind: string;
  subject: string;
  communityId: string | null;
  evidence: Record<string, unknown>;
  status: string;
};

const queue = async (token: string, query = '') => {
  const r = await call('GET', `/api/flags${query}`, { token });
  expect(r.status, JSON.stringify(r.body)).toBe(200);
  return r.body.items as FlagBody[];
};
const flagsOf = async (token: string, subject: string, query = '') =>
  (await queue(token, query)).filter((f) => f.subject === subject);

/** A resident of the city's community with `points` given by the admin (no flag below 1000). */
const adjust = (token: string, userId: string, delta: number) =>
  call('POST', '/api/points/adjustments', { token, body: { userId, delta, note: '活动奖励补录' } });

describe('review flags: large-adjustment (issue 12)', () => {
  it('flags |delta| > 1000 to the level above — the street for a community organiser, the admin for a street organiser', async () => {
    const city = await smallCity();
    const v = await city.resident('王阿姨');
    expect((await adjust(city.organizer.token, v.userId, 1000)).status).toBe(201); // not above the threshold
    expect((await adjust(city.organizer.token, v.userId, 1500)).status).toBe(201);
    const byOrganizer = await flagsOf(city.streetOrganizer.token, `user:${city.organizer.userId}`);
    expect(byOrganizer).toHaveLength(1);
    expect(byOrganizer[0]).toMatchObject({
      kind: 'large-adjustment',
      communityId: city.community.id,
      status: 'open',
      evidence: { userId: v.userId, delta: 1500 },
    });
    // The admin sees it too; the organiser who acted has no queue at all.
    expect(await flagsOf(city.admin.token, `user:${city.organizer.userId}`)).toHaveLength(1);
    expect((await call('GET', '/api/flags', { token: city.organizer.token })).status).toBe(403);

    // The street organiser's own large adjustment goes to the admin only: never into its own queue.
    expect((await adjust(city.streetOrganizer.token, v.userId, -2000)).status).toBe(201);
    expect(await flagsOf(city.streetOrganizer.token, `user:${city.streetOrganizer.userId}`)).toHaveLength(0);
    const own = await flagsOf(city.admin.token, `user:${city.streetOrganizer.userId}`);
    expect(own.map((f) => f.evidence.delta)).toEqual([-2000]);
    const self = await call('POST', `/api/flags/${own[0]!.id}/resolve`, {
      token: city.streetOrganizer.token,
      body: { decision: 'clear', note: '我自己处理' },
    });
    expect(self.status).toBe(403);
    expect(self.headers.get('content-type')).toContain('application/problem+json');
  });

  it('resolves once, with the decision and note in the audit trail; a second decision is 409', async () => {
    const city = await smallCity();
    const v = await city.resident();
    expect((await adjust(city.organizer.token, v.userId, 5000)).status).toBe(201);
    const [f] = await flagsOf(city.streetOrganizer.token, `user:${city.organizer.userId}`);
    const bad = await call('POST', `/api/flags/${f!.id}/resolve`, {
      token: city.streetOrganizer.token,
      body: { decision: 'maybe', note: '' },
    });
    expect(bad.status).toBe(400);
    expect(bad.body.type).toBe('/problems/validation');
    const r = await call('POST', `/api/flags/${f!.id}/resolve`, {
      token: city.streetOrganizer.token,
      body: { decision: 'confirmed', note: '已约谈，追回积分' },
    });
    expect(r.status, JSON.stringify(r.body)).toBe(200);
    expect(r.body).toMatchObject({
      status: 'resolved',
      decision: 'confirmed',
      note: '已约谈，追回积分',
      resolvedBy: city.streetOrganizer.userId,
    });
    expect(await flagsOf(city.streetOrganizer.token, `user:${city.organizer.userId}`)).toHaveLength(0);
    const resolved = await flagsOf(city.admin.token, `user:${city.organizer.userId}`, '?status=resolved');
    expect(resolved.map((x) => x.id)).toEqual([f!.id]);
    const again = await call('POST', `/api/flags/${f!.id}/resolve`, {
      token: city.admin.token,
      body: { decision: 'clear', note: '再看一次' },
    });
    expect(again.status).toBe(409);
    const audit = await call('GET', `/api/audit?communityId=${city.community.id}`, { token: city.admin.token });
    const entry = audit.body.items.find((e: { action: string }) => e.action === 'flag.resolve');
    expect(entry).toMatchObject({
      actorId: city.streetOrganizer.userId,
      target: `flag:${f!.id}`,
      detail: { kind: 'large-adjustment', decision: 'confirmed', note: '已约谈，追回积分' },
    });
    // Out of the street: 403; unknown: 404.
    const other = await userWith({ roles: [{ role: 'organizer', scope: `street:${city.otherStreet.id}` }] });
    expect(
      (
        await call('POST', `/api/flags/${f!.id}/resolve`, {
          token: other.token,
          body: { decision: 'clear', note: 'x' },
        })
      ).status,
    ).toBe(403);
    expect(
      (
        await call('POST', `/api/flags/01J00000000000000000000000/resolve`, {
          token: city.admin.token,
          body: { decision: 'clear', note: 'x' },
        })
      ).status,
    ).toBe(404);
    expect(
      (await call('GET', `/api/flags?communityId=${city.faraway.id}`, { token: city.streetOrganizer.token })).status,
    ).toBe(403);
  });
});

describe('review flags: large-credit', () => {
  it('flags a confirm over REVIEW_POINTS, with more than half by proxy, of an activity created after it ended', async () => {
    const city = await smallCity();
    // Ended 1 h ago, created now: backdated. 10 h at 100 points an hour.
    const a = await newActivity(
      city.organizer.token,
      activityBody(city.community.id, { pointsPerHour: 100 }, -660, 600),
    );
    const v = await city.resident('张大爷');
    const start = Date.parse(a.startsAt);
    const put = await call('PUT', `/api/activities/${a.id}/attendance/${v.userId}`, {
      token: city.organizer.token,
      body: { checkedInAt: new Date(start).toISOString(), checkedOutAt: new Date(start + 600 * MIN).toISOString() },
    });
    expect(put.status).toBe(200);
    const confirm = await call('POST', `/api/activities/${a.id}/confirm`, { token: city.organizer.token, body: {} });
    expect(confirm.status).toBe(200);
    expect(confirm.body.totalPoints).toBe(1000); // the act is not blocked
    const flags = (await flagsOf(city.streetOrganizer.token, `user:${city.organizer.userId}`)).filter(
      (f) => f.kind === 'large-credit',
    );
    expect(flags).toHaveLength(1);
    expect(flags[0]!.evidence).toMatchObject({
      activityId: a.id,
      totalPoints: 1000,
      reviewPoints: 500,
      proxy: 1,
      attendance: 1,
      reasons: ['points', 'proxy', 'backdated'],
    });
  });

  it('flags an accepted correction that credits more than REVIEW_POINTS, once per correction', async () => {
    const city = await smallCity();
    const a = await newActivity(city.organizer.token, activityBody(city.community.id, { pointsPerHour: 100 }, 10, 600));
    const v = await city.resident('赵师傅');
    expect((await call('POST', `/api/activities/${a.id}/signups`, { token: v.token })).status).toBe(201);
    advanceClock(620 * MIN);
    const filed = await call('POST', `/api/activities/${a.id}/corrections`, {
      token: v.token,
      body: { kind: 'missing-checkin', minutes: 600, note: '全天在岗，忘记签到' },
    });
    expect(filed.status, JSON.stringify(filed.body)).toBe(201);
    const ok = await call('POST', `/api/corrections/${filed.body.id}/accept`, {
      token: city.organizer.token,
      body: { minutes: 600 },
    });
    expect(ok.status, JSON.stringify(ok.body)).toBe(200);
    const flags = (await flagsOf(city.streetOrganizer.token, `user:${city.organizer.userId}`)).filter(
      (f) => f.kind === 'large-credit',
    );
    expect(flags.map((f) => f.evidence)).toEqual([
      expect.objectContaining({ correctionId: filed.body.id, userId: v.userId, minutes: 600, points: 1000 }),
    ]);
  });

  it('raises nothing for an ordinary confirm: checked in by the volunteers, small, planned ahead', async () => {
    const city = await smallCity();
    const a = await newActivity(city.organizer.token, activityBody(city.community.id, {}, 10, 60));
    const v = await city.resident();
    expect((await call('POST', `/api/activities/${a.id}/signups`, { token: v.token })).status).toBe(201);
    const code = await codeOf(city.organizer.token, a.id);
    expect((await call('POST', `/api/activities/${a.id}/checkins`, { token: v.token, body: { code } })).status).toBe(
      201,
    );
    advanceClock(80 * MIN);
    expect(
      (await call('POST', `/api/activities/${a.id}/confirm`, { token: city.organizer.token, body: {} })).status,
    ).toBe(200);
    expect(await flagsOf(city.admin.token, `user:${city.organizer.userId}`)).toHaveLength(0);
  });
});

/** Three residents with confirmed places in an activity starting in 10 min. */
async function checkinSetup(city: City, people: number) {
  const a = await newActivity(city.organizer.token, activityBody(city.community.id, {}, 10, 60));
  const vs = await Promise.all(Array.from({ length: people }, (_, i) => city.resident(`邻居${i}`)));
  for (const v of vs)
    expect((await call('POST', `/api/activities/${a.id}/signups`, { token: v.token })).status).toBe(201);
  return { a, vs };
}

describe('review flags: shared-device', () => {
  it('flags one device checking in 3 accounts within 24 h, not 2, and never blocks a check-in', async () => {
    const city = await smallCity();
    const { a, vs } = await checkinSetup(city, 4);
    const device = `dev-${Math.random().toString(36).slice(2, 12)}`;
    const other = `dev-${Math.random().toString(36).slice(2, 12)}`;
    const code = await codeOf(city.organizer.token, a.id);
    const checkin = (token: string, d: string) =>
      call('POST', `/api/activities/${a.id}/checkins`, { token, body: { code }, headers: { 'x-device-id': d } });
    expect((await checkin(vs[0]!.token, device)).status).toBe(201);
    expect((await checkin(vs[1]!.token, device)).status).toBe(201);
    expect((await checkin(vs[3]!.token, other)).status).toBe(201);
    expect(await flagsOf(city.streetOrganizer.token, `device:${device}`)).toHaveLength(0);
    expect((await checkin(vs[2]!.token, device)).status).toBe(201);
    const flags = await flagsOf(city.streetOrganizer.token, `device:${device}`);
    expect(flags).toHaveLength(1);
    expect(flags[0]).toMatchObject({ kind: 'shared-device', communityId: city.community.id });
    expect([...(flags[0]!.evidence.accounts as string[])].sort()).toEqual(
      [vs[0]!.userId, vs[1]!.userId, vs[2]!.userId].sort(),
    );
    expect(await flagsOf(city.streetOrganizer.token, `device:${other}`)).toHaveLength(0);
    // A header that is no device id is a client mistake, refused before anything is written.
    const bad = await call('POST', `/api/activities/${a.id}/checkins`, {
      token: vs[3]!.token,
      body: { code },
      headers: { 'x-device-id': 'no spaces allowed' },
    });
    expect(bad.status).toBe(400);
  });
});

describe('review flags: card-burst and bin-burst', () => {
  it('flags a card with more than 10 drops in 10 minutes, once, and not one with 10', async () => {
    const g = await communityWithStaff();
    const bin = await registerBin(g.communityId, g.staff);
    const busy = await residentWithCard(g.communityId, g.staff);
    const calm = await residentWithCard(g.communityId, g.staff);
    const t0 = Date.parse(localNoon(1));
    const at = (i: number) => new Date(t0 + i * 50_000).toISOString(); // 11 drops in 8 min 20 s
    const drops = Array.from({ length: 11 }, (_, i) => scan(busy.cardNo, { scannedAt: at(i) }));
    const calmDrops = Array.from({ length: 10 }, (_, i) => scan(calm.cardNo, { scannedAt: at(i) }));
    // Split over two uploads (the burst crosses batches) and sent twice (a bin resending).
    expect((await upload(bin, { scans: [...drops.slice(0, 6), ...calmDrops] })).status).toBe(200);
    expect((await upload(bin, { scans: drops.slice(6) })).status).toBe(200);
    expect((await upload(bin, { scans: drops })).status).toBe(200);
    const flags = await flagsOf(g.streetOrganizer, `card:${busy.cardNo}`);
    expect(flags).toHaveLength(1);
    expect(flags[0]).toMatchObject({ kind: 'card-burst', communityId: g.communityId, evidence: { drops: 11 } });
    expect(await flagsOf(g.streetOrganizer, `card:${calm.cardNo}`)).toHaveLength(0);
  });

  it('flags a card used at bins of two communities within 10 minutes', async () => {
    const g = await communityWithStaff();
    const far = await communityWithStaff();
    const home = await registerBin(g.communityId, g.staff);
    const away = await registerBin(far.communityId, far.staff);
    const r = await residentWithCard(g.communityId, g.staff);
    const t0 = Date.parse(localNoon(1));
    expect((await upload(home, { scans: [scan(r.cardNo, { scannedAt: new Date(t0).toISOString() })] })).status).toBe(
      200,
    );
    expect(
      (await upload(away, { scans: [scan(r.cardNo, { scannedAt: new Date(t0 + 4 * MIN).toISOString() })] })).status,
    ).toBe(200);
    const admin = await userWith({ roles: [{ role: 'admin', scope: 'city' }] });
    const flags = await flagsOf(admin.token, `card:${r.cardNo}`);
    expect(flags).toHaveLength(1);
    expect([...(flags[0]!.evidence.communities as string[])].sort()).toEqual([g.communityId, far.communityId].sort());
  });

  it('flags a bin with more than 600 scans in an hour', { timeout: 120_000 }, async () => {
    const g = await communityWithStaff();
    const bin = await registerBin(g.communityId, g.staff);
    const cards = await Promise.all(Array.from({ length: 7 }, () => residentWithCard(g.communityId, g.staff)));
    const t0 = Date.parse(localNoon(1));
    let n = 0;
    for (const c of cards) {
      const scans = Array.from({ length: 86 }, () =>
        scan(c.cardNo, { scannedAt: new Date(t0 + (n++ % 3000) * 1000).toISOString() }),
      );
      expect((await upload(bin, { scans })).status).toBe(200);
    }
    expect(n).toBe(602);
    const flags = await flagsOf(g.streetOrganizer, `bin:${bin.id}`);
    expect(flags).toHaveLength(1);
    expect(flags[0]).toMatchObject({ kind: 'bin-burst', evidence: { binId: bin.id } });
    expect(flags[0]!.evidence.scans).toBeGreaterThan(600);
  });
});

describe('review flags: exactly once', () => {
  it('raises nothing more when the whole stream is delivered again, twice', async () => {
    const city = await smallCity();
    const v = await city.resident();
    expect((await adjust(city.organizer.token, v.userId, 3000)).status).toBe(201);
    const g = await communityWithStaff();
    const bin = await registerBin(g.communityId, g.staff);
    const r = await residentWithCard(g.communityId, g.staff);
    const t0 = Date.parse(localNoon(2));
    const scans = Array.from({ length: 12 }, (_, i) =>
      scan(r.cardNo, { scannedAt: new Date(t0 + i * 10_000).toISOString() }),
    );
    expect((await upload(bin, { scans })).status).toBe(200);
    const admin = await userWith({ roles: [{ role: 'admin', scope: 'city' }] });
    const before = await queue(admin.token, '?limit=100');
    expect(
      before.filter((f) => f.subject === `card:${r.cardNo}` || f.subject === `user:${city.organizer.userId}`),
    ).toHaveLength(2);

    const records: StreamRecordLike[] = [];
    const capture = new StreamPoller(
      async (rs) => {
        records.push(...rs);
        return { batchItemFailures: [] };
      },
      { checkpointTable: `${tableName()}-flags-capture` },
    );
    await capture.drain();
    expect(records.length).toBeGreaterThan(10);
    expect((await handler({ Records: records })).batchItemFailures).toEqual([]);
    expect((await handler({ Records: [...records].reverse() })).batchItemFailures).toEqual([]);
    await drainProjector();
    const after = await queue(admin.token, '?limit=100');
    expect(after.map((f) => f.id).sort()).toEqual(before.map((f) => f.id).sort());
  });
});
