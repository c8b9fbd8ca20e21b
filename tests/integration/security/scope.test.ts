import { describe, expect, it } from 'vitest';
import { call, useTable, userWith } from '../../fixtures/api.js';
import { makeStreet, organizerOf, resident, staffOf } from '../../fixtures/rewards.js';

useTable();

describe('no self-adjustment (issue 12, defect 4)', () => {
  it('refuses an organiser crediting itself with 403 and moves nothing', async () => {
    const { communityId } = await makeStreet();
    const org = await organizerOf(communityId);
    const r = await call('POST', '/api/points/adjustments', {
      token: org.token,
      body: { userId: org.userId, delta: 10000, note: '自己加分' },
    });
    expect(r.status).toBe(403);
    expect((await call('GET', '/api/me', { token: org.token })).body.balance).toBe(0);
    const other = await resident(communityId);
    const ok = await call('POST', '/api/points/adjustments', {
      token: org.token,
      body: { userId: other.userId, delta: 5, note: '补录' },
    });
    expect(ok.status).toBe(201);
  });

  it('refuses the admin adjusting itself too', async () => {
    const admin = await userWith({ roles: [{ role: 'admin', scope: 'city' }] });
    const r = await call('POST', '/api/points/adjustments', {
      token: admin.token,
      body: { userId: admin.userId, delta: 1, note: 'x' },
    });
    expect(r.status).toBe(403);
  });
});

describe('phone lookups stay within the caller’s scope (issue 12, defect 5)', () => {
  it('staff and organisers find only residents of communities they serve; the admin anyone', async () => {
    const a = await makeStreet();
    const b = await makeStreet();
    const mine = await resident(a.communityId, 0, '本社区居民');
    const elsewhere = await resident(b.communityId, 0, '外社区居民');
    const staff = await staffOf(a.communityId);
    const org = await organizerOf(a.communityId);
    const admin = await userWith({ roles: [{ role: 'admin', scope: 'city' }] });
    for (const who of [staff, org]) {
      const found = await call('GET', `/api/users?phone=${mine.phone}`, { token: who.token });
      expect(found.status).toBe(200);
      expect(found.body.items.map((x: { id: string }) => x.id)).toEqual([mine.userId]);
      const hidden = await call('GET', `/api/users?phone=${elsewhere.phone}`, { token: who.token });
      expect(hidden.status).toBe(200);
      expect(hidden.body.items).toEqual([]);
    }
    const any = await call('GET', `/api/users?phone=${elsewhere.phone}`, { token: admin.token });
    expect(any.body.items.map((x: { id: string }) => x.id)).toEqual([elsewhere.userId]);
  });
});
