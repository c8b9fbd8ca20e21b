import { describe, expect, it } from 'vitest';
import { call, useTable } from '../../fixtures/api.js';
import { gift, makeStreet, redeemCall, resident, staffOf } from '../../fixtures/rewards.js';

useTable();

/** Every byte a client can see in a cursor, as text (base64url decoded). */
const peek = (cursor: string): string => Buffer.from(cursor, 'base64url').toString('latin1');

describe('list cursors (issue 12, defects 1 and 2)', () => {
  it('never carries a pickup code: paging reservations shows nothing of the keys', async () => {
    const { communityId } = await makeStreet();
    const staff = await staffOf(communityId);
    const g = await gift(staff.token, { communityId, cost: 1, stock: 10 });
    const codes: string[] = [];
    for (let i = 0; i < 3; i++) {
      const p = await resident(communityId, 5);
      const r = await redeemCall(p.token, g.id);
      expect(r.status).toBe(201);
      codes.push(r.body.pickupCode);
    }
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const q: string = cursor ? `&cursor=${cursor}` : '';
      const page = await call('GET', `/api/communities/${communityId}/reservations?limit=1${q}`, {
        token: staff.token,
      });
      expect(page.status).toBe(200);
      seen.push(...page.body.items.map((x: { redemptionId: string }) => x.redemptionId));
      cursor = page.body.nextCursor;
      if (cursor) {
        for (const code of codes) expect(peek(cursor)).not.toContain(code);
        expect(peek(cursor)).not.toContain('CODE#');
      }
    } while (cursor);
    expect(new Set(seen).size).toBe(3);
  });

  it('answers a crafted cursor with 400 validation on public and signed-in lists, never 500', async () => {
    const { communityId } = await makeStreet();
    const staff = await staffOf(communityId);
    const crafted = [
      'eyJhIjoxfQ',
      Buffer.from('{"pk":"X","sk":"Y"}').toString('base64url'),
      'x',
      '!!!!',
      'A'.repeat(60),
    ];
    for (const cursor of crafted) {
      for (const path of [
        `/api/rewards?communityId=${communityId}&cursor=${cursor}`,
        `/api/communities/${communityId}/reservations?cursor=${cursor}`,
        `/api/me/ledger?cursor=${cursor}`,
      ]) {
        const r = await call('GET', path, { token: staff.token });
        expect(r.status, `${path}`).toBe(400);
        expect(r.body.type).toBe('/problems/validation');
        expect(r.body.errors[0].path).toBe('cursor');
      }
    }
  });

  it('refuses a cursor with one byte changed, and a cursor of another list', async () => {
    const { communityId, otherCommunityId } = await makeStreet();
    const staff = await staffOf(communityId);
    const other = await staffOf(otherCommunityId);
    for (let i = 0; i < 3; i++) await gift(staff.token, { communityId, name: `礼品${i}` });
    for (let i = 0; i < 3; i++) await gift(other.token, { communityId: otherCommunityId, name: `礼品${i}` });
    const first = await call('GET', `/api/rewards?communityId=${communityId}&limit=1`);
    const cursor: string = first.body.nextCursor;
    expect(cursor).toEqual(expect.any(String));
    const next = await call('GET', `/api/rewards?communityId=${communityId}&limit=1&cursor=${cursor}`);
    expect(next.status).toBe(200);
    expect(next.body.items[0].id).not.toBe(first.body.items[0].id);

    const raw = Buffer.from(cursor, 'base64url');
    for (const at of [0, 13, raw.length - 1]) {
      const t = Buffer.from(raw);
      t[at]! ^= 1;
      const r = await call('GET', `/api/rewards?communityId=${communityId}&limit=1&cursor=${t.toString('base64url')}`);
      expect(r.status).toBe(400);
    }
    const cross = await call('GET', `/api/rewards?communityId=${otherCommunityId}&limit=1&cursor=${cursor}`);
    expect(cross.status).toBe(400);
    expect(cross.body.type).toBe('/problems/validation');
  });
});
