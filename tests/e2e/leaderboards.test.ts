import { beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { nowIso } from '../../functions/clock.js';
import { loadOrg } from '../../functions/db/org.js';
import { getUser, getUserIdByPhone } from '../../functions/db/users.js';
import { demoPhone } from '../../functions/local/seed/people.js';
import { newId } from '../../shared/ids.js';
import { applyContributions, putTeam } from '../fixtures/boards.js';
import { pageErrors, screenshot, signInViaUi, useBrowserStack } from './fixtures/browser.js';

// Only the district and its people: the boards below are exactly what this file credits.
const e2e = useBrowserStack({ SEED: 'base' });

// demoPhone(5..12) are the eight residents of the first demo community; demoPhone(6) signs in.
const MINUTES = [300, 240, 240, 180, 150, 120, 90, 60];
let meName = '';
let communityName = '';
const teamName = '龙泽苑青年志愿队';

beforeAll(async () => {
  const org = await loadOrg(true);
  const teamId = newId();
  const at = nowIso();
  for (const [i, minutes] of MINUTES.entries()) {
    const u = (await getUser((await getUserIdByPhone(demoPhone(5 + i)))!))!;
    const community = org.communityById.get(u.communityId!)!;
    if (i === 0) await putTeam(teamId, teamName, community.id);
    if (i === 1) {
      meName = u.name;
      communityName = community.name;
    }
    await applyContributions([
      {
        userId: u.id,
        name: u.name,
        metric: 'service_minutes',
        value: minutes,
        at,
        communityId: community.id,
        streetId: community.streetId,
        teamIds: i < 4 ? [teamId] : [],
      },
      {
        userId: u.id,
        name: u.name,
        metric: 'garbage_points',
        value: 3 + (i % 3),
        at,
        communityId: community.id,
        streetId: community.streetId,
      },
    ]);
  }
});

const rowsOf = (page: Page) =>
  page
    .locator('[data-testid=lb-list] .lb-row')
    .evaluateAll((els) =>
      els.map((el) => [
        el.querySelector('.lb-rank')!.textContent,
        el.querySelector('.lb-name')!.firstChild!.textContent,
        el.querySelector('.lb-value')!.textContent,
      ]),
    );

describe('排行榜 (/leaderboards)', () => {
  it('shows a signed-in resident their community this month, their own row highlighted, with a top-10 chart', async () => {
    const page = await e2e.newPage();
    await signInViaUi(page, demoPhone(6), '/leaderboards');
    await expect.poll(() => page.locator('h1').textContent()).toBe('排行榜');
    expect(await page.locator('.nav-active').textContent()).toBe('排行榜');
    // Defaults: 个人 · 服务时长 · 我的社区 · 本月.
    expect(await page.locator('.tab-active').allTextContents()).toEqual(['个人', '服务时长', '我的社区', '本月']);
    await expect.poll(() => page.locator('[data-testid=lb-list] .lb-row').count()).toBe(8);
    const rows = await rowsOf(page);
    expect(rows.map((r) => r[0])).toEqual(['1', '2', '2', '4', '5', '6', '7', '8']);
    expect(rows.map((r) => r[2])).toEqual([
      '5.0 小时',
      '4.0 小时',
      '4.0 小时',
      '3.0 小时',
      '2.5 小时',
      '2.0 小时',
      '1.5 小时',
      '1.0 小时',
    ]);
    for (const r of rows) expect(r[1]).toMatch(/^.\*$/);
    // My own row: highlighted, masked like everyone's, tied at 2.
    const mine = page.getByTestId('lb-mine');
    expect(await mine.count()).toBe(1);
    expect(await mine.locator('.lb-rank').textContent()).toBe('2');
    expect(await mine.locator('.lb-name').textContent()).toContain(`${Array.from(meName)[0]}*`);
    expect(await page.getByTestId('lb-me').textContent()).toContain('第 2 名');
    expect(await page.getByTestId('lb-me').textContent()).toContain('4.0 小时');
    // The chart: ten bars at most, mine marked; large text in the list.
    expect(await page.locator('[data-testid=lb-chart] rect').count()).toBe(8);
    expect(await page.locator('[data-testid=lb-chart] g[data-mine=true]').count()).toBe(1);
    const size = await page
      .locator('.lb-row')
      .first()
      .evaluate((el) => parseFloat(getComputedStyle(el).fontSize));
    expect(size).toBeGreaterThanOrEqual(20);
    await screenshot(page, 'leaderboards-people');
    expect(pageErrors(page)).toEqual([]);
    await page.close();
  });

  it('switches metric, scope and period, and shows teams and communities', async () => {
    const page = await e2e.newPage();
    await signInViaUi(page, demoPhone(6), '/leaderboards');
    await expect.poll(() => page.locator('[data-testid=lb-list] .lb-row').count()).toBe(8);

    await page.getByRole('tab', { name: '垃圾分类积分' }).click();
    await expect
      .poll(async () => (await rowsOf(page)).map((r) => r[2]))
      .toEqual(['5 分', '5 分', '4 分', '4 分', '4 分', '3 分', '3 分', '3 分']);
    expect(new URL(page.url()).searchParams.get('metric')).toBe('garbage_points');

    await page.getByRole('tab', { name: '全区' }).click();
    await page.getByRole('tab', { name: '累计' }).click();
    await expect
      .poll(() => page.locator('.tab-active').allTextContents())
      .toEqual(['个人', '垃圾分类积分', '全区', '累计']);
    // The tabs switch at once; the list arrives with the next answer.
    await expect.poll(() => page.locator('[data-testid=lb-list] .lb-row').count()).toBe(8);

    await page.getByRole('tab', { name: '志愿积分' }).click();
    await expect.poll(() => page.locator('.empty-title').textContent()).toBe('这里还没有人上榜');
    expect(await page.getByTestId('lb-me').textContent()).toContain('还没有记录');

    await page.getByRole('tab', { name: '团队', exact: true }).click();
    await expect.poll(async () => rowsOf(page)).toEqual([['1', teamName, '16.0 小时']]);
    expect(await page.getByTestId('lb-pickers').textContent()).toContain('团队按队员的服务时长排名');

    await page.getByRole('tab', { name: '社区', exact: true }).click();
    await page.getByRole('tab', { name: '服务时长' }).click();
    await expect.poll(async () => rowsOf(page)).toEqual([['1', communityName, '23.0 小时']]);
    expect(await page.getByTestId('lb-mine').count()).toBe(1);
    await screenshot(page, 'leaderboards-communities');
    expect(pageErrors(page)).toEqual([]);
    await page.close();
  });

  it('shows a visitor the district board without `me`, and how to see their community', async () => {
    const page = await e2e.newPage();
    // The browser profile is shared by this file's tests: sign out first.
    await page.goto('/');
    await page.evaluate(() => localStorage.removeItem('cp.token'));
    await page.goto('/leaderboards?period=all');
    await expect.poll(() => page.locator('[data-testid=lb-list] .lb-row').count()).toBe(8);
    expect(await page.getByTestId('lb-me').count()).toBe(0);
    expect(await page.getByTestId('lb-mine').count()).toBe(0);
    expect(await page.getByTestId('lb-pickers').textContent()).toContain('登录并选择所在社区后');
    expect(await page.getByRole('tab', { name: '我的社区' }).count()).toBe(0);
    expect(pageErrors(page)).toEqual([]);
    await page.close();
  });
});
