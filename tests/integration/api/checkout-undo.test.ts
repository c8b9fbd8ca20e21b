import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { advanceClock, resetClock } from '../../../functions/clock.js';
import { call, useTable } from '../../fixtures/api.js';
import { activityBody, codeOf, newActivity, smallCity, type City } from '../../fixtures/volunteer.js';

useTable();

const MIN = 60_000;
let city: City;
beforeAll(async () => {
  city = await smallCity();
});
afterEach(() => resetClock());

/** A volunteer checked in to an activity that started 10 minutes ago and lasts an hour. */
async function checkedIn() {
  const a = await newActivity(city.organizer.token, activityBody(city.community.id, {}, -10, 60));
  const v = await city.resident('周芳');
  await call('POST', `/api/activities/${a.id}/signups`, { token: v.token });
  const r = await call('POST', `/api/activities/${a.id}/checkins`, {
    token: v.token,
    body: { code: await codeOf(city.organizer.token, a.id) },
  });
  expect(r.status).toBe(201);
  return { a, v };
}

const checkout = async (token: string, id: string) =>
  call('POST', `/api/activities/${id}/checkouts`, { token, body: { code: await codeOf(city.organizer.token, id) } });
const undo = (token: string, id: string) => call('DELETE', `/api/activities/${id}/checkouts/me`, { token });

describe('DELETE /api/activities/{id}/checkouts/me', () => {
  it('takes back a mistaken check-out; the minutes are counted again at the next check-out', async () => {
    const { a, v } = await checkedIn();
    const early = await checkout(v.token, a.id);
    expect(early.status).toBe(200);
    advanceClock(2 * MIN);
    const r = await undo(v.token, a.id);
    expect(r.status).toBe(200);
    expect(r.body.checkedOutAt).toBeNull();
    const att = await call('GET', `/api/activities/${a.id}/attendance`, { token: city.organizer.token });
    expect(att.body.items[0].checkedOutAt).toBeNull();
    advanceClock(30 * MIN);
    const later = await checkout(v.token, a.id);
    expect(later.status).toBe(200);
    expect(later.body.minutes).toBeGreaterThanOrEqual(early.body.minutes + 32);
  });

  it('refuses after 10 minutes or once the activity has ended (the organiser corrects it then), changing nothing', async () => {
    const { a, v } = await checkedIn();
    const out = await checkout(v.token, a.id);
    advanceClock(11 * MIN);
    const late = await undo(v.token, a.id);
    expect(late.status).toBe(409);
    expect(late.body.type).toBe('/problems/outside-window');
    expect(late.body.detail).toBe('签退超过 10 分钟不能撤销，请联系组织者更正');
    const att = await call('GET', `/api/activities/${a.id}/attendance`, { token: city.organizer.token });
    expect(att.body.items[0].checkedOutAt).toBe(out.body.checkedOutAt);

    const second = await checkedIn();
    advanceClock(45 * MIN);
    await checkout(second.v.token, second.a.id);
    advanceClock(6 * MIN); // past the end, within 10 minutes of the check-out
    const ended = await undo(second.v.token, second.a.id);
    expect(ended.status).toBe(409);
    expect(ended.body.type).toBe('/problems/outside-window');
  });

  it('answers someone who has not checked out with 409 conflict', async () => {
    const { a, v } = await checkedIn();
    const r = await undo(v.token, a.id);
    expect(r.status).toBe(409);
    expect(r.body.type).toBe('/problems/conflict');
  });
});
