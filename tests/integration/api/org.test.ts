import { describe, expect, it, beforeAll } from 'vitest';
import { sumLedger } from '../../../functions/db/ledger.js';
import { call, signIn, userWith, useTable } from '../../fixtures/api.js';
import { config } from '../../../functions/config.js';

useTable();

let admin: string;
let streetA: string, streetB: string, c1: string, c2: string, c3: string;

beforeAll(async () => {
  admin = (await signIn(config().adminPhone)).token;
  streetA = (await call('POST', '/api/streets', { token: admin, body: { name: '回龙观街道' } })).body.id;
  streetB = (await call('POST', '/api/streets', { token: admin, body: { name: '天通苑北街道' } })).body.id;
  c1 = (await call('POST', '/api/communities', { token: admin, body: { streetId: streetA, name: '龙泽苑社区' } })).body
    .id;
  c2 = (await call('POST', '/api/communities', { token: admin, body: { streetId: streetA, name: '流星花园社区' } }))
    .body.id;
  c3 = (await call('POST', '/api/communities', { token: admin, body: { streetId: streetB, name: '佳运园社区' } })).body
    .id;
});

describe('organisation', () => {
  it('lists streets with their communities publicly', async () => {
    const r = await call('GET', '/api/org');
    expect(r.status).toBe(200);
    const a = r.body.streets.find((s: { id: string }) => s.id === streetA);
    expect(a.name).toBe('回龙观街道');
    expect(a.communities.map((c: { id: string }) => c.id).sort()).toEqual([c1, c2].sort());
  });

  it('lets only the admin create streets', async () => {
    const resident = await userWith();
    const r = await call('POST', '/api/streets', { token: resident.token, body: { name: '新街道' } });
    expect(r.status).toBe(403);
    expect(r.body.type).toBe('/problems/forbidden');
  });

  it('lets a street organiser create communities in its street only', async () => {
    const org = await userWith({ roles: [{ role: 'organizer', scope: `street:${streetA}` }] });
    const ok = await call('POST', '/api/communities', {
      token: org.token,
      body: { streetId: streetA, name: '新社区' },
    });
    expect(ok.status).toBe(201);
    expect(ok.body).toMatchObject({ streetId: streetA, name: '新社区' });
    const no = await call('POST', '/api/communities', {
      token: org.token,
      body: { streetId: streetB, name: '别的社区' },
    });
    expect(no.status).toBe(403);
  });

  it('rejects a community in a street that does not exist', async () => {
    const r = await call('POST', '/api/communities', {
      token: admin,
      body: { streetId: '01J00000000000000000000000', name: 'x' },
    });
    expect(r.status).toBe(400);
    expect(r.body.errors[0].path).toBe('streetId');
  });
});

describe('roles', () => {
  it('lets the admin grant any role, visible in /api/me', async () => {
    const u = await userWith();
    const r = await call('POST', '/api/roles', {
      token: admin,
      body: { userId: u.userId, role: 'organizer', scope: `street:${streetB}` },
    });
    expect(r.status).toBe(201);
    const me = await call('GET', '/api/me', { token: u.token });
    expect(me.body.roles).toContainEqual({ role: 'organizer', scope: `street:${streetB}` });
  });

  it('lets a street organiser grant organizer/staff in its communities, nothing else', async () => {
    const org = await userWith({ roles: [{ role: 'organizer', scope: `street:${streetA}` }] });
    const u = await userWith();
    const grant = (role: string, scope: string) =>
      call('POST', '/api/roles', { token: org.token, body: { userId: u.userId, role, scope } });
    expect((await grant('staff', `community:${c1}`)).status).toBe(201);
    expect((await grant('organizer', `community:${c2}`)).status).toBe(201);
    expect((await grant('staff', `community:${c3}`)).status).toBe(403);
    expect((await grant('organizer', `street:${streetA}`)).status).toBe(403);
    expect((await grant('admin', 'city')).status).toBe(403);
  });

  it('refuses residents and community organisers', async () => {
    const co = await userWith({ roles: [{ role: 'organizer', scope: `community:${c1}` }] });
    const u = await userWith();
    const r = await call('POST', '/api/roles', {
      token: co.token,
      body: { userId: u.userId, role: 'staff', scope: `community:${c1}` },
    });
    expect(r.status).toBe(403);
  });

  it('rejects a scope that does not exist or does not fit the role', async () => {
    const u = await userWith();
    const r1 = await call('POST', '/api/roles', {
      token: admin,
      body: { userId: u.userId, role: 'staff', scope: 'community:01J00000000000000000000000' },
    });
    expect(r1.status).toBe(400);
    const r2 = await call('POST', '/api/roles', {
      token: admin,
      body: { userId: u.userId, role: 'staff', scope: 'city' },
    });
    expect(r2.status).toBe(400);
  });

  it('answers 404 for an unknown user', async () => {
    const r = await call('POST', '/api/roles', {
      token: admin,
      body: { userId: '01J00000000000000000000000', role: 'staff', scope: `community:${c1}` },
    });
    expect(r.status).toBe(404);
  });
});

describe('users and profile', () => {
  it('finds a resident by phone for organisers, not for residents', async () => {
    const target = await userWith({ name: '王秀英', communityId: c1 });
    const org = await userWith({ roles: [{ role: 'organizer', scope: `community:${c1}` }] });
    const r = await call('GET', `/api/users?phone=${target.phone}`, { token: org.token });
    expect(r.status).toBe(200);
    expect(r.body.items).toEqual([
      { id: target.userId, name: '王秀英', phone: target.phone, communityId: c1, managed: false },
    ]);
    const resident = await userWith();
    expect((await call('GET', `/api/users?phone=${target.phone}`, { token: resident.token })).status).toBe(403);
  });

  it('lets a resident choose a community once and change the name any time', async () => {
    const u = await userWith();
    const r = await call('PATCH', '/api/me', { token: u.token, body: { communityId: c1, name: '李桂兰' } });
    expect(r.status).toBe(200);
    expect(r.body).toMatchObject({ communityId: c1, name: '李桂兰' });
    const again = await call('PATCH', '/api/me', { token: u.token, body: { communityId: c2 } });
    expect(again.status).toBe(409);
    expect((await call('GET', '/api/me', { token: u.token })).body.communityId).toBe(c1);
    const rename = await call('PATCH', '/api/me', { token: u.token, body: { name: '李桂兰2' } });
    expect(rename.body.name).toBe('李桂兰2');
  });

  it('rejects an unknown community', async () => {
    const u = await userWith();
    const r = await call('PATCH', '/api/me', { token: u.token, body: { communityId: '01J00000000000000000000000' } });
    expect(r.status).toBe(400);
    expect(r.body.errors[0].path).toBe('communityId');
  });
});

describe('points adjustments', () => {
  it('lets an organiser of the user’s community adjust, writes a ledger entry, never below 0', async () => {
    const resident = await userWith({ communityId: c1 });
    const org = await userWith({ roles: [{ role: 'organizer', scope: `community:${c1}` }] });
    const r = await call('POST', '/api/points/adjustments', {
      token: org.token,
      body: { userId: resident.userId, delta: 30, note: '纸质签到补录' },
    });
    expect(r.status).toBe(201);
    expect(r.body).toMatchObject({ delta: 30, reason: 'adjust', balanceAfter: 30, note: '纸质签到补录' });
    const neg = await call('POST', '/api/points/adjustments', {
      token: org.token,
      body: { userId: resident.userId, delta: -31, note: '更正' },
    });
    expect(neg.status).toBe(409);
    expect(neg.body.type).toBe('/problems/insufficient-points');
    const ledger = await call('GET', '/api/me/ledger', { token: resident.token });
    expect(ledger.body.items).toHaveLength(1);
    expect(ledger.body.nextCursor).toBeNull();
    expect(await sumLedger(resident.userId)).toBe(30);
  });

  it('forbids organisers of another community and staff', async () => {
    const resident = await userWith({ communityId: c1 });
    const other = await userWith({ roles: [{ role: 'organizer', scope: `community:${c3}` }] });
    const staff = await userWith({ roles: [{ role: 'staff', scope: `community:${c1}` }] });
    for (const t of [other.token, staff.token]) {
      const r = await call('POST', '/api/points/adjustments', {
        token: t,
        body: { userId: resident.userId, delta: 5, note: 'x' },
      });
      expect(r.status).toBe(403);
    }
  });

  it('validates delta and note', async () => {
    const resident = await userWith({ communityId: c1 });
    for (const body of [
      { userId: resident.userId, delta: 0, note: 'x' },
      { userId: resident.userId, delta: 10001, note: 'x' },
      { userId: resident.userId, delta: 1.5, note: 'x' },
      { userId: resident.userId, delta: 5, note: '' },
      { userId: resident.userId, delta: 5 },
    ]) {
      const r = await call('POST', '/api/points/adjustments', { token: admin, body });
      expect(r.status).toBe(400);
      expect(r.body.type).toBe('/problems/validation');
    }
  });

  it('pages the ledger with a cursor and rejects a forged cursor', async () => {
    const resident = await userWith({ communityId: c2 });
    for (let i = 1; i <= 3; i++) {
      await call('POST', '/api/points/adjustments', {
        token: admin,
        body: { userId: resident.userId, delta: i, note: `n${i}` },
      });
    }
    const p1 = await call('GET', '/api/me/ledger?limit=2', { token: resident.token });
    expect(p1.body.items.map((e: { delta: number }) => e.delta)).toEqual([3, 2]);
    const p2 = await call('GET', `/api/me/ledger?limit=2&cursor=${p1.body.nextCursor}`, { token: resident.token });
    expect(p2.body.items.map((e: { delta: number }) => e.delta)).toEqual([1]);
    const bad = await call('GET', '/api/me/ledger?cursor=%%%', { token: resident.token });
    expect(bad.status).toBe(400);
    const over = await call('GET', '/api/me/ledger?limit=101', { token: resident.token });
    expect(over.status).toBe(400);
  });
});
