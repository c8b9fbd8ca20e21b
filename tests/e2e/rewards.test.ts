import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { config } from '../../functions/config.js';
import { getUser, getUserIdByPhone } from '../../functions/db/users.js';
import { demoPhone } from '../../functions/local/seed/people.js';
import { fakeCameraArgs, writeQrVideo } from './fixtures/camera.js';
import { launchPhone, pageErrors, screenshot, signInViaUi, tokenOf, useBrowserStack } from './fixtures/browser.js';

// Only the parts of the demo city this file uses (seeding all of it takes ~40 s on a busy machine).
const e2e = useBrowserStack({ SEED: 'base,rewards' });

// Demo city numbering (functions/local/seed/people.ts): two street organisers, then per community its
// organiser, its staff member and 8 residents. 龙泽苑社区 is the first community.
const FIRST_STAFF = demoPhone(4);
const SECOND_STAFF = demoPhone(14);

type Json = any; // eslint-disable-line @typescript-eslint/no-explicit-any

/** Calls the running API as whoever holds `token` (or nobody). */
async function apiCall(
  token: string | null,
  method: string,
  path: string,
  body?: unknown,
  headers: Record<string, string> = {},
): Promise<{ status: number; body: Json }> {
  const res = await fetch(`${e2e.url}${path}`, {
    method,
    headers: {
      ...(token ? { authorization: `Bearer ${token}` } : {}),
      'content-type': 'application/json',
      ...headers,
    },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.text();
  return { status: res.status, body: text ? JSON.parse(text) : undefined };
}

/** A token through the real OTP flow (the local outbox), for set-up calls a test makes as that person. */
async function tokenFor(phone: string): Promise<string> {
  expect((await apiCall(null, 'POST', '/api/auth/otp', { phone })).status).toBe(202);
  const code = (await apiCall(null, 'GET', `/api/dev/outbox?phone=${phone}`)).body.items[0].code;
  const r = await apiCall(null, 'POST', '/api/auth/token', { phone, code });
  expect(r.status).toBe(200);
  return r.body.token;
}

/**
 * Sets a demo resident's balance to exactly `balance` (the demo city may have credited volunteer or sorting
 * points already), as the admin does with a manual correction — so the figures on screen are known.
 */
async function givePoints(phone: string, balance: number): Promise<string> {
  const userId = (await getUserIdByPhone(phone))!;
  const admin = await tokenFor(config().adminPhone);
  const delta = balance - (await getUser(userId, true))!.balance;
  if (delta !== 0) {
    const r = await apiCall(admin, 'POST', '/api/points/adjustments', { userId, delta, note: '浏览器测试' });
    expect(r.status).toBe(201);
  }
  return userId;
}

/** Signs whoever is signed in on this browser out (all tabs share one profile). */
async function signOut(page: Page): Promise<void> {
  await page.goto('/');
  await page.evaluate(() => localStorage.removeItem('cp.token'));
}

const giftsOf = async (communityId: string): Promise<Json[]> =>
  (await apiCall(null, 'GET', `/api/rewards?communityId=${communityId}&limit=100`)).body.items;

describe('积分兑换 (rewards)', () => {
  it('a resident redeems a gift and sees the pickup code; staff hand it over by the code; 我的兑换 shows it collected', async () => {
    const phone = demoPhone(9);
    await givePoints(phone, 400);

    const page = await e2e.newPage();
    await signInViaUi(page, phone, '/rewards');
    await expect.poll(() => page.locator('h1').textContent()).toBe('积分兑换');
    await expect.poll(() => page.getByTestId('rewards-balance').textContent()).toContain('400');
    const token = await tokenOf(page);
    const me = (await apiCall(token, 'GET', '/api/me')).body;

    // The community's gifts, with picture, cost, stock and the per-person limit.
    const gifts = await giftsOf(me.communityId);
    await page.getByTestId('gift').first().waitFor();
    expect(await page.getByTestId('gift').count()).toBe(gifts.filter((g) => g.active).length);
    const oil = gifts.find((g) => g.name === '食用油')!;
    const oilCard = page.locator(`[data-gift-id="${oil.id}"]`);
    const oilText = await oilCard.textContent();
    expect(oilText).toContain('150 积分');
    expect(oilText).toContain(`库存 ${oil.stock} 件`);
    expect(oilText).toContain('每人限兑 2 件');
    await expect
      .poll(() => oilCard.locator('img.gift-img').evaluate((i: HTMLImageElement) => i.complete && i.naturalWidth))
      .toBeGreaterThan(0);
    await screenshot(page, 'rewards');

    // The confirm step: two bottles.
    await oilCard.getByRole('button', { name: '兑换' }).click();
    const dialog = page.getByTestId('redeem-confirm');
    await dialog.waitFor();
    await dialog.getByRole('button', { name: '增加一件' }).click();
    expect(await dialog.getByTestId('redeem-total').textContent()).toBe('300 积分');
    expect(await dialog.textContent()).toContain('兑换后剩余 100 积分');
    await screenshot(page, 'rewards-confirm');

    // The first answer is lost on the way back (the server did redeem): the retry carries the same key,
    // gets the same redemption, and is not charged again.
    const keys: string[] = [];
    let lose = true;
    await page.route('**/api/rewards/*/redemptions', async (route) => {
      keys.push(route.request().headers()['idempotency-key'] ?? '');
      if (!lose) return route.continue();
      lose = false;
      await route.fetch();
      await route.abort('failed');
    });
    await dialog.getByRole('button', { name: '确认兑换' }).click();
    await expect.poll(() => dialog.getByTestId('redeem-error').textContent()).toContain('不会重复扣积分');
    expect(await dialog.getByRole('button', { name: '减少一件' }).isDisabled()).toBe(true); // the same request again
    await dialog.getByRole('button', { name: '确认兑换' }).click();
    const result = page.getByTestId('redeem-result');
    await result.waitFor();
    await page.unroute('**/api/rewards/*/redemptions');
    expect(keys).toHaveLength(2);
    expect(keys[0]).toMatch(/^[0-9a-f]{32}$/);
    expect(keys[1]).toBe(keys[0]);

    const mine = (await apiCall(token, 'GET', '/api/me/redemptions')).body.items;
    expect(mine).toHaveLength(1);
    const redemption = mine[0];
    expect(redemption).toMatchObject({ rewardId: oil.id, quantity: 2, cost: 300, status: 'reserved' });
    const code: string = redemption.pickupCode;
    expect(await result.getByTestId('pickup-code').getAttribute('data-code')).toBe(code);
    expect((await result.getByTestId('pickup-code').textContent())!.replace(/\s/g, '')).toBe(code);
    await expect
      .poll(() => result.locator('img.qr').getAttribute('data-qr-text'))
      .toBe(`cp-pickup:${redemption.id}:${code}`);
    expect(await result.textContent()).toContain('剩余 100 积分');
    expect((await apiCall(token, 'GET', '/api/me')).body.balance).toBe(100);
    await screenshot(page, 'rewards-result');

    // Back on the list: two fewer in stock, the new balance, and a gift beyond it says why.
    await result.getByRole('button', { name: '完成' }).click();
    await expect.poll(() => oilCard.getByTestId('gift-stock').textContent()).toBe(`库存 ${oil.stock - 2} 件`);
    await expect.poll(() => page.getByTestId('rewards-balance').textContent()).toContain('100');
    const rice = gifts.find((g) => g.name === '大米')!;
    expect(await page.locator(`[data-gift-id="${rice.id}"]`).getByTestId('gift-blocked').textContent()).toBe(
      '积分不足 · 还差 100 积分',
    );

    // 我的兑换: the pickup QR, the code and the countdown; in English too.
    await page.getByRole('link', { name: /我的兑换/ }).click();
    await page.waitForURL((u) => u.pathname === '/rewards/mine');
    const item = page.getByTestId('redemption');
    await item.first().waitFor();
    expect(await item.count()).toBe(1);
    expect(await item.getByTestId('pickup-code').getAttribute('data-code')).toBe(code);
    expect(await item.getByTestId('status').textContent()).toBe('待领取');
    const expiry = await item.getByTestId('pickup-expiry').textContent();
    expect(expiry).toMatch(/还剩 \d+ 天 \d+ 小时/);
    expect(expiry).toContain('到期');
    await screenshot(page, 'rewards-mine');
    await page.getByTestId('lang-switch').click();
    await expect.poll(() => page.locator('h1').textContent()).toBe('My redemptions');
    expect(await item.getByTestId('pickup-expiry').textContent()).toMatch(/\d+ d \d+ h left/);
    await page.getByTestId('lang-switch').click();
    await expect.poll(() => page.locator('h1').textContent()).toBe('我的兑换');
    expect(pageErrors(page)).toEqual([]);

    // The staff member of the community: a wrong code is refused, the right one hands it over, once.
    await signOut(page);
    await signInViaUi(page, FIRST_STAFF, '/organize');
    const staffMe = (await apiCall(await tokenOf(page), 'GET', '/api/me')).body;
    expect(staffMe.roles).toContainEqual({ role: 'staff', scope: `community:${me.communityId}` });
    await page.getByRole('link', { name: /兑换核销/ }).click();
    await page.waitForURL((u) => u.pathname === '/organize/rewards');
    const codeInput = page.locator('input[name=pickupCode]');
    await codeInput.waitFor();
    await screenshot(page, 'staff-fulfil');

    const wrong = String((Number(code) + 500_000) % 1_000_000).padStart(6, '0');
    await codeInput.fill(wrong);
    await page.getByRole('button', { name: '查找' }).click();
    const failed = page.getByTestId('fulfil-failed');
    await failed.waitFor();
    expect(await failed.textContent()).toContain(`没有找到取货码 ${wrong} 的待领取礼品`);
    await screenshot(page, 'staff-fulfil-failed');
    await failed.getByRole('button', { name: '重新核销' }).click();

    await codeInput.fill(code.replace(/^(\d{3})/, '$1 ')); // typed with a space, as read aloud
    await page.getByRole('button', { name: '查找' }).click();
    const found = page.getByTestId('fulfil-found');
    await found.waitFor();
    expect(await found.getByTestId('found-gift').textContent()).toBe('食用油 × 2');
    expect(await found.getByTestId('found-name').textContent()).toBe(me.name);
    await screenshot(page, 'staff-fulfil-found');
    await found.getByRole('button', { name: '确认发放' }).click();
    const done = page.getByTestId('fulfil-done');
    await done.waitFor();
    expect(await done.textContent()).toContain('核销成功');
    expect(await done.textContent()).toContain(`请把 食用油 × 2 交给 ${me.name}`);
    await screenshot(page, 'staff-fulfil-done');
    expect((await apiCall(token, 'GET', `/api/redemptions/${redemption.id}`)).body.status).toBe('fulfilled');

    await done.getByRole('button', { name: '继续核销' }).click();
    await codeInput.fill(code);
    await page.getByRole('button', { name: '查找' }).click();
    await failed.waitFor();
    expect(await failed.textContent()).toContain('没有找到');
    expect(pageErrors(page)).toEqual([]);

    // The resident's 我的兑换: nothing left to collect, and the history says it was collected.
    await signOut(page);
    await signInViaUi(page, phone, '/rewards/mine');
    await expect.poll(() => page.locator('.empty-title').textContent()).toBe('没有待领取的礼品');
    await page.getByRole('tab', { name: '全部记录' }).click();
    await page.waitForURL((u) => u.search === '?tab=all');
    await expect.poll(() => item.getByTestId('status').textContent()).toBe('已领取');
    expect(await item.textContent()).toContain('在服务站领取');
    await screenshot(page, 'rewards-mine-history');
    expect(pageErrors(page)).toEqual([]);
    await signOut(page);
    await page.close();
  }, 240_000);

  it('cancels a reservation from 我的兑换 and gives the points back', async () => {
    const phone = demoPhone(10);
    await givePoints(phone, 100);
    const page = await e2e.newPage();
    await signInViaUi(page, phone, '/rewards/mine');
    const token = await tokenOf(page);
    const me = (await apiCall(token, 'GET', '/api/me')).body;
    const bag = (await giftsOf(me.communityId)).find((g) => g.name === '环保袋')!;
    const r = await apiCall(
      token,
      'POST',
      `/api/rewards/${bag.id}/redemptions`,
      {},
      { 'idempotency-key': 'e2e-cancel-bag-1' },
    );
    expect(r.status).toBe(201);
    await page.reload();

    const item = page.getByTestId('redemption');
    await item.first().waitFor();
    await item.getByRole('button', { name: '取消兑换' }).click();
    const dialog = page.getByTestId('cancel-dialog');
    await dialog.waitFor();
    expect(await dialog.textContent()).toContain('取消后，30 积分会退回您的账户');
    await screenshot(page, 'rewards-cancel');
    await dialog.getByRole('button', { name: '确定取消' }).click();
    await expect.poll(() => page.locator('.toast').textContent()).toBe('已取消，30 积分已退回');
    await expect.poll(() => page.locator('.empty-title').textContent()).toBe('没有待领取的礼品');
    expect((await apiCall(token, 'GET', '/api/me')).body.balance).toBe(100);

    await page.getByRole('tab', { name: '全部记录' }).click();
    await expect.poll(() => item.getByTestId('status').textContent()).toBe('已取消');
    expect(await item.textContent()).toContain('30 积分已退回');
    expect(pageErrors(page)).toEqual([]);
    await signOut(page);
    await page.close();
  }, 120_000);

  it('hands over a gift by scanning the resident’s pickup QR with the camera (loaded only then)', async () => {
    const phone = demoPhone(11);
    await givePoints(phone, 100);
    const resident = await tokenFor(phone);
    const me = (await apiCall(resident, 'GET', '/api/me')).body;
    const bag = (await giftsOf(me.communityId)).find((g) => g.name === '环保袋')!;
    const r = await apiCall(
      resident,
      'POST',
      `/api/rewards/${bag.id}/redemptions`,
      {},
      { 'idempotency-key': 'e2e-scan-bag-1' },
    );
    expect(r.status).toBe(201);

    // The staff's phone: its camera sees the resident's screen with the pickup QR.
    const dir = await mkdtemp(join(tmpdir(), 'cp-camera-'));
    const video = join(dir, 'pickup.y4m');
    writeQrVideo(video, `cp-pickup:${r.body.id}:${r.body.pickupCode}`);
    const phoneOfStaff = await launchPhone(e2e.url, fakeCameraArgs(video));
    try {
      const page = await phoneOfStaff.context.newPage();
      const errors: string[] = [];
      page.on('pageerror', (e) => errors.push(e.message));
      const scripts: string[] = [];
      page.on('request', (q) => q.resourceType() === 'script' && scripts.push(new URL(q.url()).pathname));
      await signInViaUi(page, FIRST_STAFF, '/organize/rewards');
      await page.getByRole('button', { name: '扫码核销' }).waitFor();
      expect(scripts.some((s) => /\/(scanner|jsQR)-/.test(s))).toBe(false);

      await page.getByRole('button', { name: '扫码核销' }).click();
      const found = page.getByTestId('fulfil-found');
      await found.waitFor({ timeout: 30_000 });
      expect(scripts.some((s) => /\/scanner-/.test(s))).toBe(true);
      const native = await page.evaluate(() => 'BarcodeDetector' in window);
      if (!native) expect(scripts.some((s) => /\/jsQR-/.test(s))).toBe(true);
      expect(await found.getByTestId('found-gift').textContent()).toBe('环保袋 × 1');
      expect(await found.getByTestId('found-name').textContent()).toBe(me.name);
      // The camera is off once the code is read.
      expect(await page.locator('video').count()).toBe(0);
      await found.getByRole('button', { name: '确认发放' }).click();
      await page.getByTestId('fulfil-done').waitFor();
      expect((await apiCall(resident, 'GET', `/api/redemptions/${r.body.id}`)).body.status).toBe('fulfilled');
      expect(errors).toEqual([]);
    } finally {
      await phoneOfStaff.close();
      await rm(dir, { recursive: true, force: true });
    }
  }, 120_000);

  it('lets staff offer a new gift with a photo, restock it and withdraw it', async () => {
    const page = await e2e.newPage();
    await signInViaUi(page, SECOND_STAFF, '/organize/rewards?tab=gifts');
    const token = await tokenOf(page);
    const staff = (await apiCall(token, 'GET', '/api/me')).body;
    const communityId = staff.roles.find((g: Json) => g.role === 'staff').scope.slice('community:'.length);
    await page.getByRole('link', { name: '新增礼品' }).click();
    await page.waitForURL((u) => u.pathname === '/organize/rewards/new');

    // A photo from the phone: a 1200×900 PNG, scaled down in the browser before upload.
    const photo = await page.evaluate(() => {
      const c = document.createElement('canvas');
      c.width = 1200;
      c.height = 900;
      const g = c.getContext('2d')!;
      g.fillStyle = '#2e7d32';
      g.fillRect(0, 0, 1200, 900);
      g.fillStyle = '#fff';
      g.fillRect(300, 200, 600, 500);
      return c.toDataURL('image/png').split(',')[1]!;
    });
    await page.locator('input[name=name]').fill('香皂');
    await page.locator('input[name=description]').fill('硫磺皂两块');
    await page.locator('input[name=cost]').fill('abc');
    await page.getByRole('button', { name: '上架' }).click();
    await expect.poll(() => page.locator('.field-error').first().textContent()).toContain('1–100000');
    await page.locator('input[name=cost]').fill('40');
    await page.locator('input[name=stock]').fill('5');
    await page.locator('input[name=limitPerUser]').fill('1');
    await page.locator('input[name=photo]').setInputFiles({
      name: 'soap.png',
      mimeType: 'image/png',
      buffer: Buffer.from(photo, 'base64'),
    });
    await expect
      .poll(() => page.locator('.staff-row img.gift-img').getAttribute('src'))
      .toMatch(/^data:image\/jpeg;base64,/);
    await screenshot(page, 'staff-new-gift');
    await page.getByRole('button', { name: '上架' }).click();
    await page.waitForURL((u) => u.pathname === '/organize/rewards' && u.searchParams.get('tab') === 'gifts');

    const soap = (await giftsOf(communityId)).find((g) => g.name === '香皂')!;
    expect(soap).toMatchObject({ cost: 40, stock: 5, limitPerUser: 1, description: '硫磺皂两块', active: true });
    expect(soap.imageUrl).toMatch(new RegExp(`^/api/rewards/${soap.id}/image\\?v=`));
    const row = page.locator(`[data-gift-id="${soap.id}"]`);
    await row.waitFor();
    await expect
      .poll(() => row.locator('img.gift-img').evaluate((i: HTMLImageElement) => i.complete && i.naturalWidth))
      .toBeGreaterThan(0);

    await row.getByRole('button', { name: '补货' }).click();
    await page.locator('input[name=stockDelta]').fill('3');
    await page.getByRole('button', { name: '保存' }).click();
    await expect.poll(() => row.getByTestId('staff-stock').textContent()).toBe('库存 8 件');
    await screenshot(page, 'staff-gifts');

    await row.getByRole('button', { name: '下架' }).click();
    await expect.poll(() => row.textContent()).toContain('已下架');
    expect((await apiCall(null, 'GET', `/api/rewards/${soap.id}`)).body).toMatchObject({ stock: 8, active: false });
    expect(pageErrors(page)).toEqual([]);
    await signOut(page);
    await page.close();
  }, 120_000);

  it('shows the admin the points liability per street and community, all time and by month', async () => {
    const page = await e2e.newPage();
    await signInViaUi(page, config().adminPhone, '/organize');
    await page.getByRole('link', { name: /积分负债/ }).click();
    await page.waitForURL((u) => u.pathname === '/organize/liability');
    const admin = await tokenOf(page);
    const all = (await apiCall(admin, 'GET', '/api/points/liability?scope=city')).body;
    expect(all.totals.outstanding).toBeGreaterThan(0);
    await expect
      .poll(() => page.getByTestId('liability-outstanding').textContent())
      .toContain(all.totals.outstanding.toLocaleString('zh-CN'));
    expect(await page.getByTestId('liability-redeemed').textContent()).toBe(
      all.totals.redeemed.toLocaleString('zh-CN'),
    );
    // Four bars (issued, redeemed, refunded, outstanding) per street that moved any points.
    const moved = all.streets.filter((s: Json) =>
      [s.issued.volunteer, s.issued.garbage, s.issued.adjust, s.redeemed, s.refunded].some((v) => v !== 0),
    );
    expect(moved.length).toBeGreaterThan(0);
    expect(await page.getByTestId('chart-streets').locator('svg > g').count()).toBe(moved.length);
    expect(await page.getByTestId('chart-streets').locator('svg rect').count()).toBe(moved.length * 4);
    expect(await page.getByTestId('chart-streets').locator('svg > g text').first().textContent()).toBe(moved[0].name);
    await screenshot(page, 'liability');

    await page.getByRole('tab', { name: '按月' }).click();
    const month = await page.locator('input[name=month]').inputValue();
    expect(month).toMatch(/^\d{4}-\d{2}$/);
    const monthly = (await apiCall(admin, 'GET', `/api/points/liability?scope=city&month=${month}`)).body;
    await expect
      .poll(() => page.getByTestId('liability-outstanding').textContent())
      .toContain(monthly.totals.outstanding.toLocaleString('zh-CN'));
    expect(await page.getByTestId('liability-totals').textContent()).toContain('本月净增积分');
    await screenshot(page, 'liability-month');
    expect(pageErrors(page)).toEqual([]);
    await signOut(page);
    await page.close();
  }, 120_000);
});
