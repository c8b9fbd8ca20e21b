import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { advanceClock, now, resetClock, setClock } from '../../../functions/clock.js';
import { signToken } from '../../../functions/services/jwt.js';
import { signingKeys } from '../../../functions/services/signing-keys.js';
import { call, useTable } from '../../fixtures/api.js';
import { activityBody, codeOf, newActivity, smallCity, type City } from '../../fixtures/volunteer.js';

useTable();

const MIN = 60_000;
const HOUR = 60 * MIN;
let city: City;
/** The organiser's token for a 3-day span too (the fixture's lasts a day; these tests move the clock by one). */
let organizerToken: string;
beforeAll(async () => {
  city = await smallCity();
  organizerToken = signToken(await signingKeys(), city.organizer.userId, 72 * 3600).token;
});
afterEach(() => resetClock());

/**
 * An activity starting in 10 minutes with `people` confirmed volunteers. Their tokens last 3 days, so moving
 * the server clock by a day still finds them signed in, whichever clock the token check reads.
 */
async function setup(over: Record<string, unknown> = {}, people = 1) {
  const a = await newActivity(city.organizer.token, activityBody(city.community.id, over, 10, 60));
  const keys = await signingKeys();
  const vs = [];
  for (let i = 0; i < people; i++) {
    const v = await city.resident(`离线${i}`);
    const token = signToken(keys, v.userId, 72 * 3600).token;
    expect((await call('POST', `/api/activities/${a.id}/signups`, { token })).body.status).toBe('confirmed');
    vs.push({ ...v, token });
  }
  return { a, v: vs[0]!, vs, start: Date.parse(a.startsAt), end: Date.parse(a.endsAt) };
}

const checkin = (token: string, id: string, body: Record<string, unknown>) =>
  call('POST', `/api/activities/${id}/checkins`, { token, body });
const attendance = async (id: string) =>
  (await call('GET', `/api/activities/${id}/attendance`, { token: organizerToken })).body.items as {
    userId: string;
    checkedInAt: string;
    offline: boolean;
  }[];

/** The code the venue showed at `ms` (the organiser's screen, with the server clock there). */
async function codeShownAt(id: string, ms: number): Promise<string> {
  setClock(ms, { freeze: true });
  return codeOf(organizerToken, id);
}

describe('offline check-in: POST /api/activities/{id}/checkins with scannedAt', () => {
  it('accepts a code scanned without signal hours later, at the scan time, marked offline for the organiser', async () => {
    const { a, vs, start } = await setup({}, 2);
    const scannedAt = start + 5 * MIN + 7_000;
    const code = await codeShownAt(a.id, scannedAt);
    // Someone with signal checks in online at the same moment: not offline.
    expect((await checkin(vs[1]!.token, a.id, { code })).body).toEqual({
      checkedInAt: new Date(scannedAt).toISOString(),
      offline: false,
    });
    advanceClock(20 * HOUR); // the phone is back in signal the next morning
    const r = await checkin(vs[0]!.token, a.id, { code, scannedAt: new Date(scannedAt).toISOString() });
    expect(r.status).toBe(201);
    expect(r.body).toEqual({ checkedInAt: new Date(scannedAt).toISOString(), offline: true });
    const list = await attendance(a.id);
    expect(list.find((x) => x.userId === vs[0]!.userId)).toMatchObject({
      checkedInAt: new Date(scannedAt).toISOString(),
      offline: true,
    });
    expect(list.find((x) => x.userId === vs[1]!.userId)?.offline).toBe(false);
    // The volunteer's own view has the check-in too; the upload retried after a lost answer is already-checked-in.
    const mine = await call('GET', `/api/activities/${a.id}/signups/me`, { token: vs[0]!.token });
    expect(mine.body.checkedInAt).toBe(new Date(scannedAt).toISOString());
    const again = await checkin(vs[0]!.token, a.id, { code, scannedAt: new Date(scannedAt).toISOString() });
    expect(again.status).toBe(409);
    expect(again.body.type).toBe('/problems/already-checked-in');
  });

  it('checks the code against the 30-s step of scannedAt, not of the upload time', async () => {
    const { a, vs, start } = await setup({}, 3);
    const scannedAt = start + 10 * MIN;
    const previousStep = await codeShownAt(a.id, scannedAt - 30_000);
    const twoStepsOld = await codeShownAt(a.id, scannedAt - 60_000);
    advanceClock(3 * HOUR);
    const current = await codeOf(organizerToken, a.id);
    const iso = new Date(scannedAt).toISOString();
    // The previous step's code is accepted at scannedAt, as it would have been online.
    expect((await checkin(vs[0]!.token, a.id, { code: previousStep, scannedAt: iso })).status).toBe(201);
    for (const code of [twoStepsOld, current]) {
      const r = await checkin(vs[1]!.token, a.id, { code, scannedAt: iso });
      expect(r.status).toBe(400);
      expect(r.body.type).toBe('/problems/invalid-code');
    }
    // A rejected upload keeps nothing.
    expect((await attendance(a.id)).map((x) => x.userId)).toEqual([vs[0]!.userId]);
  });

  it('accepts an upload exactly 24 h after the scan and refuses a later one (409 outside-window)', async () => {
    const { a, vs, start } = await setup({}, 2);
    const scannedAt = start + 20 * MIN;
    const code = await codeShownAt(a.id, scannedAt);
    const iso = new Date(scannedAt).toISOString();
    setClock(scannedAt + 24 * HOUR + 1, { freeze: true });
    const late = await checkin(vs[0]!.token, a.id, { code, scannedAt: iso });
    expect(late.status).toBe(409);
    expect(late.body.type).toBe('/problems/outside-window');
    setClock(scannedAt + 24 * HOUR, { freeze: true });
    expect((await checkin(vs[1]!.token, a.id, { code, scannedAt: iso })).status).toBe(201);
    expect((await attendance(a.id)).map((x) => x.userId)).toEqual([vs[1]!.userId]);
  });

  it('needs scannedAt inside the check-in window (409 outside-window) and not in the future (400 validation)', async () => {
    const { a, v, start, end } = await setup();
    for (const t of [start - 30 * MIN - 1000, end + 1000]) {
      const code = await codeShownAt(a.id, t);
      setClock(end + 2 * HOUR, { freeze: true });
      const r = await checkin(v.token, a.id, { code, scannedAt: new Date(t).toISOString() });
      expect(r.status).toBe(409);
      expect(r.body.type).toBe('/problems/outside-window');
    }
    // A phone whose clock runs ahead claims a scan that has not happened yet.
    const t = start + 5 * MIN;
    const code = await codeShownAt(a.id, t);
    setClock(t - 60_000, { freeze: true });
    const future = await checkin(v.token, a.id, { code, scannedAt: new Date(t).toISOString() });
    expect(future.status).toBe(400);
    expect(future.body.type).toBe('/problems/validation');
    expect(future.body.errors[0].path).toBe('scannedAt');
    // scannedAt must be an ISO time.
    setClock(t + 60_000, { freeze: true });
    const bad = await checkin(v.token, a.id, { code, scannedAt: 'yesterday' });
    expect(bad.status).toBe(400);
    expect(bad.body.errors[0].path).toBe('scannedAt');
    expect(await attendance(a.id)).toEqual([]);
    // The window's edges are inside it.
    const edge = start - 30 * MIN;
    const edgeCode = await codeShownAt(a.id, edge);
    setClock(edge + HOUR, { freeze: true });
    expect((await checkin(v.token, a.id, { code: edgeCode, scannedAt: new Date(edge).toISOString() })).status).toBe(
      201,
    );
  });

  it('checks the geofence with the position taken at the scan', async () => {
    const { a, vs, start } = await setup({ location: { name: '地下车库', lat: 40.07, lng: 116.33, radiusM: 100 } }, 2);
    const t = start + MIN;
    const code = await codeShownAt(a.id, t);
    advanceClock(HOUR);
    const iso = new Date(t).toISOString();
    const far = await checkin(vs[0]!.token, a.id, { code, scannedAt: iso, lat: 40.08, lng: 116.33 });
    expect(far.status).toBe(400);
    expect(far.body.type).toBe('/problems/outside-geofence');
    expect((await checkin(vs[1]!.token, a.id, { code, scannedAt: iso, lat: 40.0703, lng: 116.33 })).status).toBe(201);
    expect(now()).toBe(t + HOUR);
  });
});
