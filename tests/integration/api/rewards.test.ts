import { beforeAll, describe, expect, it } from 'vitest';
import { call, signIn, userWith, useTable } from '../../fixtures/api.js';
import { gift, makeStreet, organizerOf, resident, rewardOf, staffOf, type Person } from '../../fixtures/rewards.js';
import { config } from '../../../functions/config.js';

useTable();

let communityId: string;
let otherCommunityId: string;
let streetId: string;
let staff: Person;

beforeAll(async () => {
  ({ communityId, otherCommunityId, streetId } = await makeStreet());
  staff = await staffOf(communityId);
});

// A 1×1 transparent PNG.
const PNG =
  'data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAQAAAC1HAwCAAAAC0lEQVR42mNkYAAAAAYAAjCB0C8AAAAASUVORK5CYII=';

describe('POST /api/rewards', () => {
  it('creates a gift for organisers and staff of the community', async () => {
    const body = {
      communityId,
      name: '食用油',
      cost: 120,
      stock: 30,
      description: '5 升装',
      limitPerUser: 1,
      imageUrl: '/gifts/oil.svg',
    };
    const r = await call('POST', '/api/rewards', { token: staff.token, body });
    expect(r.status).toBe(201);
    expect(r.body).toMatchObject({ ...body, active: true, redeemed: 0, availableFrom: null, availableUntil: null });
    expect(r.body.id).toMatch(/^[0-9A-Z]{26}$/);
    const organizer = await organizerOf(communityId);
    const streetOrganizer = await userWith({ roles: [{ role: 'organizer', scope: `street:${streetId}` }] });
    const admin = await signIn(config().adminPhone);
    for (const who of [organizer, streetOrganizer, admin]) {
      expect((await call('POST', '/api/rewards', { token: who.token, body })).status).toBe(201);
    }
  });

  it('refuses residents and staff of other communities (403) and strangers (401)', async () => {
    const body = { communityId, name: '毛巾', cost: 10, stock: 5 };
    for (const who of [await resident(communityId), await staffOf(otherCommunityId)]) {
      const r = await call('POST', '/api/rewards', { token: who.token, body });
      expect(r.status).toBe(403);
      expect(r.body.type).toBe('/problems/forbidden');
    }
    expect((await call('POST', '/api/rewards', { body })).status).toBe(401);
    expect((await call('GET', `/api/rewards?communityId=${communityId}&limit=100`)).body.items).not.toContainEqual(
      expect.objectContaining({ name: '毛巾' }),
    );
  });

  it.each([
    ['cost', { cost: 0 }],
    ['cost', { cost: 100_001 }],
    ['stock', { stock: -1 }],
    ['stock', { stock: 100_001 }],
    ['limitPerUser', { limitPerUser: 0 }],
    ['imageUrl', { imageUrl: 'javascript:alert(1)' }],
    ['imageUrl', { imageUrl: 'data:image/svg+xml;base64,PHN2Zz48L3N2Zz4=' }],
    ['availableUntil', { availableFrom: '2026-12-02T00:00:00.000Z', availableUntil: '2026-12-01T00:00:00.000Z' }],
    ['name', { name: '' }],
  ])('rejects a bad %s with 400 validation', async (path, patch) => {
    const r = await call('POST', '/api/rewards', {
      token: staff.token,
      body: { communityId, name: '环保袋', cost: 5, stock: 5, ...patch },
    });
    expect(r.status).toBe(400);
    expect(r.body.type).toBe('/problems/validation');
    expect(r.body.errors.map((e: { path: string }) => e.path)).toContain(path);
  });

  it('answers 404 for a community that does not exist', async () => {
    const admin = await signIn(config().adminPhone);
    const r = await call('POST', '/api/rewards', {
      token: admin.token,
      body: { communityId: '01KAAAAAAAAAAAAAAAAAAAAAAA', name: '大米', cost: 5, stock: 5 },
    });
    expect(r.status).toBe(404);
  });

  it('stores an uploaded picture apart and serves it', async () => {
    const g = await gift(staff.token, { communityId, name: '洗衣液', imageUrl: PNG });
    expect(g.imageUrl).toMatch(new RegExp(`^/api/rewards/${g.id}/image\\?v=[0-9a-f]{10}$`));
    const res = await call('GET', g.imageUrl);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('image/png');
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    expect((await call('GET', `/api/rewards/${(await gift(staff.token, { communityId })).id}/image`)).status).toBe(404);
  });
});

describe('GET /api/rewards', () => {
  it('lists a community’s gifts with remaining stock and active, publicly, page by page', async () => {
    const { communityId: fresh } = await makeStreet();
    const s = await staffOf(fresh);
    for (const name of ['大米', '食用油', '环保袋']) await gift(s.token, { communityId: fresh, name, stock: 7 });
    const first = await call('GET', `/api/rewards?communityId=${fresh}&limit=2`);
    expect(first.status).toBe(200);
    expect(first.body.items.map((x: { name: string }) => x.name)).toEqual(['大米', '食用油']);
    expect(first.body.items[0]).toMatchObject({ stock: 7, active: true, communityId: fresh });
    const rest = await call('GET', `/api/rewards?communityId=${fresh}&limit=2&cursor=${first.body.nextCursor}`);
    expect(rest.body.items.map((x: { name: string }) => x.name)).toEqual(['环保袋']);
    expect(rest.body.nextCursor).toBeNull();
    expect((await call('GET', '/api/rewards')).status).toBe(400);
    expect((await call('GET', `/api/rewards?communityId=${fresh}&cursor=nonsense`)).status).toBe(400);
  });
});

describe('PATCH /api/rewards/{id}', () => {
  it('restocks and changes a gift', async () => {
    const g = await gift(staff.token, { communityId, stock: 2 });
    const r = await call('PATCH', `/api/rewards/${g.id}`, {
      token: staff.token,
      body: { stockDelta: 10, name: '东北大米', cost: 15, limitPerUser: 3, imageUrl: PNG },
    });
    expect(r.status).toBe(200);
    expect(r.body).toMatchObject({ stock: 12, name: '东北大米', cost: 15, limitPerUser: 3 });
    expect((await call('GET', r.body.imageUrl)).status).toBe(200);
    const cleared = await call('PATCH', `/api/rewards/${g.id}`, { token: staff.token, body: { limitPerUser: null } });
    expect(cleared.body.limitPerUser).toBeNull();
  });

  it('never takes stock below 0 (409 conflict, nothing changed)', async () => {
    const g = await gift(staff.token, { communityId, stock: 3 });
    const r = await call('PATCH', `/api/rewards/${g.id}`, {
      token: staff.token,
      body: { stockDelta: -4, name: '不该改名' },
    });
    expect(r.status).toBe(409);
    expect(r.body.type).toBe('/problems/conflict');
    expect(await rewardOf(g.id)).toMatchObject({ stock: 3, name: '大米' });
    const ok = await call('PATCH', `/api/rewards/${g.id}`, { token: staff.token, body: { stockDelta: -3 } });
    expect(ok.body.stock).toBe(0);
  });

  it('keeps concurrent restocks: every delta counts', async () => {
    const g = await gift(staff.token, { communityId, stock: 0 });
    await Promise.all(
      Array.from({ length: 10 }, () =>
        call('PATCH', `/api/rewards/${g.id}`, { token: staff.token, body: { stockDelta: 3 } }),
      ),
    );
    expect((await rewardOf(g.id)).stock).toBe(30);
  });

  it('is for organisers and staff of the gift’s community; 404 for an unknown gift; 400 for an empty patch', async () => {
    const g = await gift(staff.token, { communityId });
    for (const who of [await resident(communityId), await staffOf(otherCommunityId)]) {
      expect((await call('PATCH', `/api/rewards/${g.id}`, { token: who.token, body: { stockDelta: 1 } })).status).toBe(
        403,
      );
    }
    const none = await call('PATCH', '/api/rewards/01KAAAAAAAAAAAAAAAAAAAAAAA', {
      token: staff.token,
      body: { stockDelta: 1 },
    });
    expect(none.status).toBe(404);
    expect((await call('PATCH', `/api/rewards/${g.id}`, { token: staff.token, body: {} })).status).toBe(400);
    const window = await call('PATCH', `/api/rewards/${g.id}`, {
      token: staff.token,
      body: { availableFrom: '2030-01-02T00:00:00Z' },
    });
    expect(window.body.availableFrom).toBe('2030-01-02T00:00:00.000Z');
    const backwards = await call('PATCH', `/api/rewards/${g.id}`, {
      token: staff.token,
      body: { availableUntil: '2030-01-01T00:00:00Z' },
    });
    expect(backwards.status).toBe(400);
    expect((await rewardOf(g.id)).stock).toBe(5);
  });
});

describe('OpenAPI', () => {
  it('documents the rewards, redemption and liability routes', async () => {
    const doc = (await call('GET', '/api/openapi.json')).body;
    for (const p of [
      '/api/rewards',
      '/api/rewards/{id}',
      '/api/rewards/{id}/redemptions',
      '/api/me/redemptions',
      '/api/redemptions/{id}/fulfil',
      '/api/redemptions/{id}/cancel',
      '/api/points/liability',
    ]) {
      expect(Object.keys(doc.paths)).toContain(p);
    }
    const redeem = doc.paths['/api/rewards/{id}/redemptions'].post;
    expect(redeem.parameters).toContainEqual(
      expect.objectContaining({ name: 'idempotency-key', in: 'header', required: true }),
    );
  });
});
