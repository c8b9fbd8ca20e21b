import { beforeAll, describe, expect, it } from 'vitest';
import { moveBalance } from '../../../functions/db/ledger.js';
import { call, newPhone, signIn, useTable } from '../../fixtures/api.js';
import { newCardNo } from '../../fixtures/garbage.js';
import { gift, makeStreet, newKey, organizerOf, redeemCall, staffOf, type Person } from '../../fixtures/rewards.js';
import { activityBody, newActivity } from '../../fixtures/volunteer.js';

useTable();

let communityId: string;
let otherCommunityId: string;
let staff: Person;
let organizer: Person;
let outsider: Person;

beforeAll(async () => {
  ({ communityId, otherCommunityId } = await makeStreet());
  staff = await staffOf(communityId);
  organizer = await organizerOf(communityId);
  outsider = await staffOf(otherCommunityId);
});

const register = (token: string, body: Record<string, unknown>) => call('POST', '/api/residents', { token, body });

describe('managed residents (代管居民)', () => {
  it('staff register a resident without a phone; they are found by a name prefix, managed', async () => {
    const r = await register(staff.token, { name: '孙桂兰', communityId, note: '独居老人' });
    expect(r.status).toBe(201);
    expect(r.body).toEqual({ id: expect.any(String), name: '孙桂兰', communityId, managed: true });
    const found = await call('GET', `/api/users?communityId=${communityId}&q=${encodeURIComponent('孙桂')}`, {
      token: staff.token,
    });
    expect(found.status).toBe(200);
    expect(found.body.items).toEqual([{ id: r.body.id, name: '孙桂兰', phone: null, communityId, managed: true }]);
  });

  it('refuses staff of another community and people without a role, and writes nothing', async () => {
    const other = await register(outsider.token, { name: '赵某某', communityId });
    expect(other.status).toBe(403);
    const resident = await signIn();
    expect((await register(resident.token, { name: '赵某某', communityId })).status).toBe(403);
    const found = await call('GET', `/api/users?communityId=${communityId}&q=${encodeURIComponent('赵某某')}`, {
      token: staff.token,
    });
    expect(found.body.items).toEqual([]);
    const peek = await call('GET', `/api/users?communityId=${communityId}&q=x`, { token: outsider.token });
    expect(peek.status).toBe(403);
  });

  it('masks phones for staff and shows them to organisers', async () => {
    const phone = newPhone();
    const r = await register(staff.token, { name: '钱多多', communityId });
    expect((await call('PATCH', `/api/users/${r.body.id}`, { token: staff.token, body: { phone } })).status).toBe(200);
    const q = `/api/users?communityId=${communityId}&q=${encodeURIComponent('钱多')}`;
    const byStaff = await call('GET', q, { token: staff.token });
    expect(byStaff.body.items[0].phone).toBe(`${phone.slice(0, 3)}****${phone.slice(-4)}`);
    const byOrganizer = await call('GET', q, { token: organizer.token });
    expect(byOrganizer.body.items[0].phone).toBe(phone);
  });

  it('gives a managed resident a phone: they sign in with it and keep their record; a taken phone is 409', async () => {
    const r = await register(staff.token, { name: '周建国', communityId });
    const id = r.body.id as string;
    await moveBalance({ userId: id, delta: 30, reason: 'adjust', ref: 'test', actor: 'test' });
    const taken = await signIn();
    const clash = await call('PATCH', `/api/users/${id}`, { token: staff.token, body: { phone: taken.phone } });
    expect(clash.status).toBe(409);
    expect(clash.body.errors[0]).toMatchObject({ path: 'phone', code: 'phone_taken' });
    const phone = newPhone();
    const ok = await call('PATCH', `/api/users/${id}`, { token: staff.token, body: { phone } });
    expect(ok.status).toBe(200);
    expect(ok.body).toMatchObject({ id, phone, managed: false });
    const again = await call('PATCH', `/api/users/${id}`, { token: staff.token, body: { phone: newPhone() } });
    expect(again.status).toBe(409);
    const me = await signIn(phone);
    expect(me.userId).toBe(id);
    const profile = await call('GET', '/api/me', { token: me.token });
    expect(profile.body).toMatchObject({ id, name: '周建国', communityId, balance: 30 });
  });

  it('is checked in by proxy, given a card, and redeems with staff by card, once per Idempotency-Key', async () => {
    const r = await register(organizer.token, { name: '吴淑珍', communityId });
    const id = r.body.id as string;
    // Proxy attendance takes the managed resident's id like anyone's.
    const a = await newActivity(organizer.token, activityBody(communityId, {}, -60, 120));
    const put = await call('PUT', `/api/activities/${a.id}/attendance/${id}`, {
      token: organizer.token,
      body: { checkedInAt: a.startsAt },
    });
    expect(put.status).toBe(200);
    expect(put.body).toMatchObject({ userId: id, manual: true });
    const cardNo = newCardNo();
    expect((await call('POST', '/api/cards', { token: staff.token, body: { cardNo, userId: id } })).status).toBe(201);
    await moveBalance({ userId: id, delta: 50, reason: 'adjust', ref: 'test', actor: 'test' });
    const g = await gift(staff.token, { communityId, cost: 20, stock: 3 });
    const key = newKey();
    const first = await redeemCall(staff.token, g.id, { key, body: { cardNo } });
    expect(first.status).toBe(201);
    expect(first.body).toMatchObject({ rewardId: g.id, quantity: 1, cost: 20, status: 'fulfilled', balanceAfter: 30 });
    const retry = await redeemCall(staff.token, g.id, { key, body: { cardNo } });
    expect(retry.status).toBe(201);
    expect(retry.body.id).toBe(first.body.id);
    expect(retry.body.balanceAfter).toBe(30);
    const list = await call('GET', `/api/rewards/${g.id}/redemptions`, { token: staff.token });
    expect(list.body.items.map((x: { id: string; status: string }) => [x.id, x.status])).toEqual([
      [first.body.id, 'fulfilled'],
    ]);
    expect((await call('GET', `/api/rewards/${g.id}`)).body.stock).toBe(2);
    // Staff of another community cannot redeem this gift for the card.
    const foreign = await redeemCall(outsider.token, g.id, { body: { cardNo } });
    expect(foreign.status).toBe(403);
    // An unknown card is 404 and charges nothing.
    const unknown = await redeemCall(staff.token, g.id, { body: { cardNo: newCardNo() } });
    expect(unknown.status).toBe(404);
  });
});
