import { beforeAll, describe, expect, it } from 'vitest';
import { listLedger, moveBalance } from '../../../functions/db/ledger.js';
import { getUser } from '../../../functions/db/users.js';
import { now } from '../../../functions/clock.js';
import { config } from '../../../functions/config.js';
import { localMonth } from '../../../shared/time.js';
import { PRIVACY_VERSION } from '../../../functions/services/privacy-notice.js';
import { call, signIn, useTable } from '../../fixtures/api.js';
import { communityWithStaff, newCardNo, registerBin, scan, upload } from '../../fixtures/garbage.js';
import { gift, redeemCall } from '../../fixtures/rewards.js';
import { activityBody, codeOf, newActivity } from '../../fixtures/volunteer.js';

useTable();

const NAME = '张秀兰';
const CLOSED = '已注销';

/** Σ ledger deltas of a person, all pages, read from the table (the closed account's token is dead). */
async function ledgerSum(userId: string): Promise<{ sum: number; reasons: string[] }> {
  let sum = 0;
  const reasons: string[] = [];
  let cursor: string | undefined;
  do {
    const page = await listLedger(userId, 100, cursor);
    for (const e of page.items) {
      sum += e.delta;
      reasons.push(e.reason);
    }
    cursor = page.nextCursor ?? undefined;
  } while (cursor);
  return { sum, reasons };
}

describe('GET /api/privacy (public)', () => {
  it('answers the notice in zh-CN by default and in English when asked', async () => {
    const zh = await call('GET', '/api/privacy');
    expect(zh.status).toBe(200);
    expect(zh.body).toEqual({ version: PRIVACY_VERSION, language: 'zh-CN', text: expect.stringContaining('隐私政策') });
    const en = await call('GET', '/api/privacy', { headers: { 'accept-language': 'en-US,en;q=0.9' } });
    expect(en.status).toBe(200);
    expect(en.body.version).toBe(zh.body.version);
    expect(en.body.language).toBe('en');
    expect(en.body.text).toContain('privacy notice');
    expect(en.body.text).not.toBe(zh.body.text);
  });
});

describe('401 without a token', () => {
  it('refuses the export and the closing', async () => {
    for (const [method, path] of [
      ['GET', '/api/me/export'],
      ['DELETE', '/api/me'],
    ] as const) {
      const r = await call(method, path);
      expect(r.status, `${method} ${path}`).toBe(401);
      expect(r.body.type).toBe('/problems/unauthorized');
    }
  });
});

describe('a resident’s data: consent, export, closing', () => {
  let c: Awaited<ReturnType<typeof communityWithStaff>>;
  let me: { token: string; userId: string; phone: string };
  let cardNo: string;
  let bin: { id: string; secret: string };
  let teamId: string;
  let activityId: string;
  let rewardId: string;
  let redemptionId: string;

  beforeAll(async () => {
    c = await communityWithStaff();
    me = await signIn();
    const patched = await call('PATCH', '/api/me', {
      token: me.token,
      body: { name: NAME, communityId: c.communityId },
    });
    expect(patched.status).toBe(200);
    // Garbage points put the name on the community's board.
    cardNo = newCardNo();
    expect((await call('POST', '/api/cards', { token: c.staff, body: { cardNo, userId: me.userId } })).status).toBe(
      201,
    );
    bin = await registerBin(c.communityId, c.staff);
    const up = await upload(bin, { scans: [scan(cardNo), scan(cardNo)] });
    expect(up.body.pointsAwarded).toBe(2);
    // A team led by the resident (an active member with the name).
    const team = await call('POST', '/api/teams', {
      token: c.streetOrganizer,
      body: { name: '银发志愿队', communityId: c.communityId, leaderId: me.userId },
    });
    expect(team.status).toBe(201);
    teamId = team.body.id;
    // A sign-up and a check-in (attendance carries the name).
    activityId = (await newActivity(c.streetOrganizer, activityBody(c.communityId, {}, 10))).id;
    expect((await call('POST', `/api/activities/${activityId}/signups`, { token: me.token })).status).toBe(201);
    const code = await codeOf(c.streetOrganizer, activityId);
    expect(
      (await call('POST', `/api/activities/${activityId}/checkins`, { token: me.token, body: { code } })).status,
    ).toBe(201);
    // An open reservation of 10 points.
    await moveBalance({ userId: me.userId, delta: 30, reason: 'adjust', ref: 'test', actor: 'test' });
    rewardId = (await gift(c.staff, { communityId: c.communityId, cost: 10, stock: 5 })).id;
    const red = await redeemCall(me.token, rewardId);
    expect(red.status).toBe(201);
    redemptionId = red.body.id;
  });

  it('records consent to the notice’s version at the first sign-in', async () => {
    const r = await call('GET', '/api/me', { token: me.token });
    expect(r.status).toBe(200);
    expect(r.body.consentVersion).toBe(PRIVACY_VERSION);
  });

  it('exports everything kept about the caller as JSON, balance = Σ exported ledger', async () => {
    const r = await call('GET', '/api/me/export', { token: me.token });
    expect(r.status).toBe(200);
    const x = r.body;
    expect(x.profile).toMatchObject({ id: me.userId, phone: me.phone, name: NAME, communityId: c.communityId });
    expect(x.consentVersion).toBe(PRIVACY_VERSION);
    expect(x.roles).toEqual([{ role: 'leader', scope: `team:${teamId}` }]);
    expect(x.cards).toEqual([expect.objectContaining({ cardNo, userId: me.userId })]);
    expect(x.teams).toEqual([expect.objectContaining({ teamId, status: 'active' })]);
    expect(x.signups).toEqual([expect.objectContaining({ activityId, status: 'confirmed' })]);
    expect(x.attendance).toEqual([expect.objectContaining({ checkedInAt: expect.any(String) })]);
    expect(x.redemptions).toEqual([expect.objectContaining({ id: redemptionId, status: 'reserved' })]);
    expect(x.notifications.map((n: { kind: string }) => n.kind)).toContain('redemption-reserved');
    expect(x.ledger.map((e: { reason: string }) => e.reason).sort()).toEqual(['adjust', 'garbage', 'redeem']);
    const sum = x.ledger.reduce((s: number, e: { delta: number }) => s + e.delta, 0);
    expect(sum).toBe(x.profile.balance);
    expect(x.profile.balance).toBe(2 + 30 - 10);
    // Table plumbing stays out of the copy.
    expect(JSON.stringify(x)).not.toMatch(/"(pk|gpk|lbpk|src)":/);
  });

  describe('DELETE /api/me', () => {
    let closed: Awaited<ReturnType<typeof call>>;
    beforeAll(async () => {
      closed = await call('DELETE', '/api/me', { token: me.token });
    });

    it('answers 202 and the account’s token stops working', async () => {
      expect(closed.status).toBe(202);
      expect(closed.body).toEqual({
        closed: true,
        closedAt: expect.any(String),
        reservationsCancelled: 1,
        cardsUnbound: 1,
      });
      expect((await call('GET', '/api/me', { token: me.token })).status).toBe(401);
      expect((await call('GET', '/api/me/export', { token: me.token })).status).toBe(401);
    });

    it('shows a closed account’s name as 已注销 on the board and in the team', async () => {
      const board = await call(
        'GET',
        `/api/leaderboards?metric=garbage_points&scope=community:${c.communityId}&period=all`,
      );
      expect(board.status).toBe(200);
      expect(board.body.entries).toEqual([expect.objectContaining({ userId: me.userId, name: CLOSED, value: 2 })]);
      const team = await call('GET', `/api/teams/${teamId}`, { token: c.streetOrganizer });
      expect(team.status).toBe(200);
      expect(team.body.members).toEqual([expect.objectContaining({ userId: me.userId, name: CLOSED })]);
      expect(JSON.stringify(team.body)).not.toContain(NAME);
    });

    it('erases the name from attendance and redemption lists, and the phone from the profile', async () => {
      const att = await call('GET', `/api/activities/${activityId}/attendance`, { token: c.streetOrganizer });
      expect(att.status).toBe(200);
      expect(att.body.items).toEqual([expect.objectContaining({ userId: me.userId, name: CLOSED })]);
      const reds = await call('GET', `/api/rewards/${rewardId}/redemptions`, { token: c.staff });
      expect(reds.status).toBe(200);
      expect(JSON.stringify(reds.body)).not.toContain(NAME);
      expect(reds.body.items[0]).toMatchObject({ id: redemptionId, status: 'cancelled', userName: CLOSED });
      const month = localMonth(now(), config().tzName);
      const report = await call('GET', `/api/communities/${c.communityId}/redemptions?month=${month}&format=csv`, {
        token: c.staff,
      });
      expect(report.status).toBe(200);
      expect(report.body).toContain(CLOSED);
      expect(report.body).not.toContain(NAME);
      const profile = await getUser(me.userId, true);
      expect(profile).toMatchObject({ name: CLOSED, phone: '', roles: [], closedAt: expect.any(String) });
    });

    it('cancels and refunds the open reservation: balance = Σ ledger, stock back', async () => {
      const profile = await getUser(me.userId, true);
      const { sum, reasons } = await ledgerSum(me.userId);
      expect(reasons.sort()).toEqual(['adjust', 'garbage', 'redeem', 'refund']);
      expect(profile!.balance).toBe(sum);
      expect(sum).toBe(2 + 30);
      expect((await call('GET', `/api/rewards/${rewardId}`)).body.stock).toBe(5);
    });

    it('unbinds the cards: the next drop with one is rejected as unknown-card', async () => {
      const up = await upload(bin, { scans: [scan(cardNo)] });
      expect(up.status).toBe(200);
      expect(up.body.rejected).toEqual([expect.objectContaining({ reason: 'unknown-card' })]);
    });

    it('starts a new, empty account when the phone signs in again', async () => {
      const again = await signIn(me.phone);
      expect(again.userId).not.toBe(me.userId);
      const meNow = await call('GET', '/api/me', { token: again.token });
      expect(meNow.body).toMatchObject({
        phone: me.phone,
        balance: 0,
        serviceMinutes: 0,
        communityId: null,
        roles: [],
      });
      expect(meNow.body.name).not.toBe(NAME);
      expect(meNow.body.consentVersion).toBe(PRIVACY_VERSION);
      const x = (await call('GET', '/api/me/export', { token: again.token })).body;
      for (const list of ['cards', 'teams', 'signups', 'attendance', 'ledger', 'redemptions', 'serviceRecords']) {
        expect(x[list], list).toEqual([]);
      }
    });
  });
});
