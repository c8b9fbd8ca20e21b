import { beforeAll, describe, expect, it } from 'vitest';
import { moveBalance } from '../../../functions/db/ledger.js';
import { localMonth } from '../../../shared/time.js';
import { app, call, useTable } from '../../fixtures/api.js';
import { gift, newKey, redeemCall, staffOf } from '../../fixtures/rewards.js';
import { activityBody, newActivity, smallCity, type City } from '../../fixtures/volunteer.js';

useTable();

let city: City;
beforeAll(async () => {
  city = await smallCity();
});

const BOM = '\uFEFF';
const lines = (csv: string) => csv.replace(BOM, '').trim().split('\r\n');

describe('CSV exports', () => {
  it('gives my ledger as CSV: BOM, Chinese headers with the English in brackets, one row per entry', async () => {
    const v = await city.resident('陈敏');
    await moveBalance({ userId: v.userId, delta: 12, reason: 'adjust', ref: 'x', actor: 'test', note: '补发,测试' });
    const r = await call('GET', '/api/me/ledger?format=csv', { token: v.token });
    expect(r.status).toBe(200);
    expect(r.headers.get('content-type')).toContain('text/csv');
    // (Response.text() drops a BOM, so read the bytes.)
    const raw = await app.request('/api/me/ledger?format=csv', { headers: { authorization: `Bearer ${v.token}` } });
    expect([...new Uint8Array(await raw.arrayBuffer()).slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const [head, ...rows] = lines(r.body);
    expect(head).toBe('时间(at),变动(delta),类别(reason),余额(balanceAfter),说明(note),关联(ref)');
    expect(rows).toHaveLength(1);
    expect(rows[0]).toContain(',12,adjust,12,"补发,测试",x');
  });

  it('gives an activity’s attendance, a community’s volunteer hours (phones masked) and redemptions of a month', async () => {
    const v = await city.resident('黄海燕');
    const a = await newActivity(city.organizer.token, activityBody(city.community.id, {}, -180, 120));
    await call('PUT', `/api/activities/${a.id}/attendance/${v.userId}`, {
      token: city.organizer.token,
      body: { checkedInAt: a.startsAt, checkedOutAt: a.endsAt },
    });
    expect(
      (await call('POST', `/api/activities/${a.id}/confirm`, { token: city.organizer.token, body: {} })).status,
    ).toBe(200);
    const att = await call('GET', `/api/activities/${a.id}/attendance?format=csv`, { token: city.organizer.token });
    expect(att.status).toBe(200);
    expect(lines(att.body)[0]).toBe(
      '姓名(name),签到时间(checkedInAt),签退时间(checkedOutAt),时长分钟(minutes),代签到(manual),离线签到(offline),未到(noShow)',
    );
    expect(lines(att.body)[1]).toMatch(/^黄海燕,.*,120,是,,$/);

    const month = localMonth(a.startsAt, 'Asia/Shanghai');
    const json = await call('GET', `/api/communities/${city.community.id}/volunteer-hours?month=${month}`, {
      token: city.organizer.token,
    });
    expect(json.status).toBe(200);
    const mine = json.body.items.find((x: { userId: string }) => x.userId === v.userId);
    expect(mine).toMatchObject({ name: '黄海燕', activities: 1, minutes: 120, points: 20, noShows: 0 });
    expect(mine.phone).toBe(`${v.phone.slice(0, 3)}****${v.phone.slice(-4)}`);
    const csv = await call('GET', `/api/communities/${city.community.id}/volunteer-hours?month=${month}&format=csv`, {
      token: city.organizer.token,
    });
    expect(lines(csv.body)[0]).toContain('姓名(name),手机号(phone)');
    expect(csv.body).toContain(`黄海燕,${mine.phone},1,120,2.0,20,0`);
    // Residents and organisers elsewhere do not read it.
    for (const who of [v, city.otherOrganizer]) {
      const r = await call('GET', `/api/communities/${city.community.id}/volunteer-hours?month=${month}`, {
        token: who.token,
      });
      expect(r.status).toBe(403);
    }

    const staff = await staffOf(city.community.id);
    await moveBalance({ userId: v.userId, delta: 50, reason: 'adjust', ref: 'x', actor: 'test' });
    const g = await gift(staff.token, { communityId: city.community.id, name: '洗衣液', cost: 15 });
    expect((await redeemCall(v.token, g.id, { key: newKey() })).status).toBe(201);
    const now = localMonth(new Date(), 'Asia/Shanghai');
    const red = await call('GET', `/api/communities/${city.community.id}/redemptions?month=${now}&format=csv`, {
      token: staff.token,
    });
    expect(red.status).toBe(200);
    expect(lines(red.body)[1]).toMatch(/,洗衣液,黄海燕,1,15,待领取,/);
    const none = await call('GET', `/api/communities/${city.community.id}/redemptions?month=2001-01`, {
      token: staff.token,
    });
    expect(none.body.items).toEqual([]);
  });
});
