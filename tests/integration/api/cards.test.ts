import { beforeAll, describe, expect, it } from 'vitest';
import { config } from '../../../functions/config.js';
import { call, signIn, userWith, useTable } from '../../fixtures/api.js';
import { communityWithStaff, newCardNo } from '../../fixtures/garbage.js';

useTable();

let c: Awaited<ReturnType<typeof communityWithStaff>>;
let other: Awaited<ReturnType<typeof communityWithStaff>>;

beforeAll(async () => {
  c = await communityWithStaff();
  other = await communityWithStaff();
});

const bind = (token: string, cardNo: string, userId: string) =>
  call('POST', '/api/cards', { token, body: { cardNo, userId } });

describe('POST /api/cards', () => {
  it('binds a card for staff of the resident’s community; the resident sees it in /api/me/cards', async () => {
    const u = await userWith({ communityId: c.communityId });
    const cardNo = newCardNo();
    const r = await bind(c.staff, cardNo, u.userId);
    expect(r.status).toBe(201);
    expect(r.body).toEqual({ cardNo, userId: u.userId });
    const mine = await call('GET', '/api/me/cards', { token: u.token });
    expect(mine.status).toBe(200);
    expect(mine.body.items).toEqual([{ cardNo, userId: u.userId, boundAt: expect.any(String) }]);
    expect(mine.body.nextCursor).toBeNull();
  });

  it('is idempotent for the same holder and 409 conflict for someone else', async () => {
    const a = await userWith({ communityId: c.communityId });
    const b = await userWith({ communityId: c.communityId });
    const cardNo = newCardNo();
    expect((await bind(c.staff, cardNo, a.userId)).status).toBe(201);
    expect((await bind(c.staff, cardNo, a.userId)).status).toBe(201);
    const taken = await bind(c.staff, cardNo, b.userId);
    expect(taken.status).toBe(409);
    expect(taken.body.type).toBe('/problems/conflict');
    expect((await call('GET', '/api/me/cards', { token: b.token })).body.items).toEqual([]);
  });

  it('lets the card be bound to someone else after it is unbound', async () => {
    const a = await userWith({ communityId: c.communityId });
    const b = await userWith({ communityId: c.communityId });
    const cardNo = newCardNo();
    await bind(c.staff, cardNo, a.userId);
    expect((await call('DELETE', `/api/cards/${cardNo}`, { token: c.staff })).status).toBe(204);
    expect((await call('GET', '/api/me/cards', { token: a.token })).body.items).toEqual([]);
    expect((await bind(c.staff, cardNo, b.userId)).status).toBe(201);
    expect((await call('GET', '/api/me/cards', { token: b.token })).body.items).toHaveLength(1);
  });

  it('gives one of two staff racing to bind one card to different people a 409', async () => {
    const a = await userWith({ communityId: c.communityId });
    const b = await userWith({ communityId: c.communityId });
    const cardNo = newCardNo();
    const [x, y] = await Promise.all([bind(c.staff, cardNo, a.userId), bind(c.staff, cardNo, b.userId)]);
    expect([x.status, y.status].sort()).toEqual([201, 409]);
  });

  it('refuses staff of another community, residents, and a resident without a community (admin only)', async () => {
    const u = await userWith({ communityId: c.communityId });
    expect((await bind(other.staff, newCardNo(), u.userId)).status).toBe(403);
    const neighbour = await userWith({ communityId: c.communityId });
    expect((await bind(neighbour.token, newCardNo(), u.userId)).status).toBe(403);
    const loose = await userWith();
    expect((await bind(c.staff, newCardNo(), loose.userId)).status).toBe(403);
    const admin = (await signIn(config().adminPhone)).token;
    expect((await bind(admin, newCardNo(), loose.userId)).status).toBe(201);
  });

  it('lets the street organiser bind in its communities but not elsewhere', async () => {
    const u = await userWith({ communityId: c.communityId });
    expect((await bind(c.streetOrganizer, newCardNo(), u.userId)).status).toBe(201);
    expect((await bind(other.streetOrganizer, newCardNo(), u.userId)).status).toBe(403);
  });

  it('validates cardNo (8–20 letters or digits) and the user', async () => {
    const u = await userWith({ communityId: c.communityId });
    for (const cardNo of ['1234567', 'x'.repeat(21), 'ABCD-1234', '卡号12345678']) {
      const r = await bind(c.staff, cardNo, u.userId);
      expect(r.status, cardNo).toBe(400);
      expect(r.body.errors[0].path).toBe('cardNo');
    }
    expect((await bind(c.staff, newCardNo(), '01J00000000000000000000000')).status).toBe(404);
  });
});

describe('DELETE /api/cards/{cardNo}', () => {
  it('lets the holder unbind a lost card, and answers a repeat with 204', async () => {
    const u = await userWith({ communityId: c.communityId });
    const cardNo = newCardNo();
    await bind(c.staff, cardNo, u.userId);
    expect((await call('DELETE', `/api/cards/${cardNo}`, { token: u.token })).status).toBe(204);
    expect((await call('DELETE', `/api/cards/${cardNo}`, { token: u.token })).status).toBe(204);
  });

  it('refuses other residents and staff of another community, and 404s a card never bound', async () => {
    const u = await userWith({ communityId: c.communityId });
    const stranger = await userWith({ communityId: c.communityId });
    const cardNo = newCardNo();
    await bind(c.staff, cardNo, u.userId);
    expect((await call('DELETE', `/api/cards/${cardNo}`, { token: stranger.token })).status).toBe(403);
    expect((await call('DELETE', `/api/cards/${cardNo}`, { token: other.staff })).status).toBe(403);
    expect((await call('GET', '/api/me/cards', { token: u.token })).body.items).toHaveLength(1);
    expect((await call('DELETE', `/api/cards/${newCardNo()}`, { token: c.staff })).status).toBe(404);
  });
});

describe('staff lookups', () => {
  it('finds a resident of my community by phone with their cards; others are 404', async () => {
    const u = await userWith({ communityId: c.communityId, name: '王秀英' });
    const cardNo = newCardNo();
    await bind(c.staff, cardNo, u.userId);
    const r = await call('GET', `/api/card-holders?phone=${u.phone}`, { token: c.staff });
    expect(r.status).toBe(200);
    expect(r.body).toMatchObject({ id: u.userId, name: '王秀英', phone: u.phone, communityId: c.communityId });
    expect(r.body.cards.map((x: { cardNo: string }) => x.cardNo)).toEqual([cardNo]);
    expect((await call('GET', `/api/card-holders?phone=${u.phone}`, { token: other.staff })).status).toBe(404);
    expect((await call('GET', '/api/card-holders?phone=13999999999', { token: c.staff })).status).toBe(404);
    const resident = await userWith({ communityId: c.communityId });
    expect((await call('GET', `/api/card-holders?phone=${u.phone}`, { token: resident.token })).status).toBe(404);
  });

  it('lists a resident’s cards for staff of the community only', async () => {
    const u = await userWith({ communityId: c.communityId });
    await bind(c.staff, newCardNo(), u.userId);
    await bind(c.staff, newCardNo(), u.userId);
    const r = await call('GET', `/api/users/${u.userId}/cards`, { token: c.staff });
    expect(r.status).toBe(200);
    expect(r.body.items).toHaveLength(2);
    expect((await call('GET', `/api/users/${u.userId}/cards`, { token: other.staff })).status).toBe(403);
  });
});
