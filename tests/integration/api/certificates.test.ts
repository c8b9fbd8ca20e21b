import { beforeAll, describe, expect, it } from 'vitest';
import { setCommunityContact } from '../../../functions/db/certificates.js';
import { call, useTable } from '../../fixtures/api.js';
import { activityBody, newActivity, smallCity, type City } from '../../fixtures/volunteer.js';

useTable();

let city: City;
beforeAll(async () => {
  city = await smallCity();
  await setCommunityContact(city.community.id, '服务站 010-12345678');
});

/** A volunteer with `minutes` confirmed on an activity that ended an hour ago. */
async function served(token: string, userId: string, minutes: number) {
  const a = await newActivity(city.organizer.token, activityBody(city.community.id, {}, -180, 120));
  const put = await call('PUT', `/api/activities/${a.id}/attendance/${userId}`, {
    token: city.organizer.token,
    body: { checkedInAt: a.startsAt, checkedOutAt: a.endsAt },
  });
  expect(put.status).toBe(200);
  const confirm = await call('POST', `/api/activities/${a.id}/confirm`, {
    token: city.organizer.token,
    body: { adjustments: [{ userId, minutes }] },
  });
  expect(confirm.status).toBe(200);
  return a;
}

describe('proofs of service', () => {
  it('issues a numbered proof of confirmed service naming the community and its contact; anyone can check it', async () => {
    const v = await city.resident('钱志强');
    await served(v.token, v.userId, 90);
    await served(v.token, v.userId, 30);
    const r = await call('POST', '/api/me/certificates', { token: v.token, body: {} });
    expect(r.status).toBe(201);
    expect(r.body).toMatchObject({
      name: '钱志强',
      minutes: 120,
      activities: 2,
      issuer: { name: city.community.name, contact: '服务站 010-12345678' },
    });
    expect(r.body.number).toMatch(/^ZYFW-\d{4}-\d{6}$/);
    expect(r.body.verifyUrl).toMatch(new RegExp(`/verify/${r.body.id}$`));
    const second = await call('POST', '/api/me/certificates', { token: v.token });
    expect(second.status).toBe(201);
    expect(second.body.number).not.toBe(r.body.number);

    const check = await call('GET', `/api/certificates/${r.body.id}`);
    expect(check.status).toBe(200);
    expect(check.body).toEqual({
      number: r.body.number,
      name: '钱*',
      minutes: 120,
      activities: 2,
      issuedAt: r.body.issuedAt,
      issuer: r.body.issuer,
      valid: true,
    });
  });

  it('counts only the period asked for, and refuses a period without service (409) in Chinese', async () => {
    const v = await city.resident('孙丽娟');
    await served(v.token, v.userId, 60);
    const none = await call('POST', '/api/me/certificates', { token: v.token, body: { to: '2001-01-01' } });
    expect(none.status).toBe(409);
    expect(none.body.detail).toBe('这段时间还没有经确认的服务记录');
    const bad = await call('POST', '/api/me/certificates', {
      token: v.token,
      body: { from: '2026-12-01', to: '2026-01-01' },
      headers: { 'accept-language': 'en' },
    });
    expect(bad.status).toBe(400);
    expect(bad.body.errors).toEqual([{ path: 'to', code: 'to_before_from', message: 'Must not precede from' }]);
  });

  it('answers an unknown certificate with 404', async () => {
    const r = await call('GET', '/api/certificates/01J00000000000000000000000');
    expect(r.status).toBe(404);
    expect(r.body.title).toBe('找不到');
  });
});
