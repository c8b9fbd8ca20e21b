import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { demoPhone } from '../../functions/local/seed/people.js';
import { firstLoadJs } from '../../scripts/first-load-size.js';
import { launchPhone, pageErrors, screenshot, signInViaUi, useBrowserStack } from './fixtures/browser.js';
import { readQr } from './fixtures/qr.js';

// Only the parts of the demo city this file uses (seeding all of it takes ~40 s on a busy machine).
const e2e = useBrowserStack({ SEED: 'base,volunteer' });

describe('web shell', () => {
  it('serves the home page in Chinese with the bottom navigation', async () => {
    const page = await e2e.newPage();
    await page.goto('/');
    await expect.poll(() => page.locator('h1').textContent()).toBe('首页');
    expect(await page.getAttribute('html', 'lang')).toBe('zh-CN');
    expect(await page.locator('.bottom-nav a').allTextContents()).toEqual(['首页', '活动', '兑换', '排行榜', '我的']);
    const base = await page.evaluate(() => getComputedStyle(document.body).fontSize);
    expect(parseFloat(base)).toBeGreaterThanOrEqual(18);
    await screenshot(page, 'home');
    expect(pageErrors(page)).toEqual([]);
    await page.close();
  });

  it('shows a friendly not-found page for unknown paths, straight from the server', async () => {
    const page = await e2e.newPage();
    const res = await page.goto('/no/such/page?x=1');
    expect(res?.status()).toBe(200); // history fallback to index.html
    await expect.poll(() => page.locator('h1').textContent()).toBe('页面找不到了');
    await page.getByRole('link', { name: '回到首页' }).click();
    await page.waitForURL((u) => u.pathname === '/');
    expect(pageErrors(page)).toEqual([]);
    await page.close();
  });

  it('sends a signed-out visitor of /me to sign-in and back after', async () => {
    const page = await e2e.newPage();
    await page.goto('/me');
    await page.waitForURL((u) => u.pathname === '/signin');
    expect(new URL(page.url()).searchParams.get('next')).toBe('/me');
    await page.locator('input[name=phone]').fill(demoPhone(7));
    await page.locator('form button[type=submit]').click();
    expect(await page.getByTestId('dev-code').textContent()).toMatch(/本地开发：验证码在这里：\d{6}/);
    expect(await page.locator('.nav-active').count()).toBe(0); // sign-in is no nav section
    await screenshot(page, 'signin');
    await signInViaUi(page, demoPhone(7), '/leaderboards');
    expect(new URL(page.url()).pathname).toBe('/leaderboards');
    await page.close();
  });

  it('drops a token the API rejects and asks to sign in again', async () => {
    const page = await e2e.newPage();
    await page.goto('/');
    await page.evaluate(() => localStorage.setItem('cp.token', 'not-a-token'));
    await page.goto('/me');
    await page.waitForURL((u) => u.pathname === '/signin');
    expect(new URL(page.url()).searchParams.get('next')).toBe('/me');
    expect(await page.evaluate(() => localStorage.getItem('cp.token'))).toBeNull();
    await page.close();
  });

  it('opens /organize for an organiser and refuses a resident', async () => {
    const resident = await e2e.newPage();
    await signInViaUi(resident, demoPhone(8), '/organize');
    await expect.poll(() => resident.locator('h1').textContent()).toBe('没有权限');
    await resident.close();
    // A fresh profile per person: sign the resident out first.
    const organiser = await e2e.newPage();
    await organiser.goto('/');
    await organiser.evaluate(() => localStorage.removeItem('cp.token'));
    await signInViaUi(organiser, demoPhone(1), '/organize'); // the first street's organiser
    await expect.poll(() => organiser.locator('h1').textContent()).toBe('管理');
    // A street organiser sees the sections of the console they can use.
    await organiser.getByTestId('organize-sections').waitFor();
    expect(await organiser.getByTestId('organize-sections').locator('.tile-title').allTextContents()).toEqual([
      '发布活动',
      '发布主题',
      '月度报告',
      '纠错申请',
      '兑换核销',
      '积分负债',
      '积分卡',
      '积分调整',
      '代管居民',
      '智能桶站',
      '垃圾分类统计',
      '审计记录',
      '复核提醒', // review flags of its communities' acts (issue 12)
    ]);
    expect(pageErrors(organiser)).toEqual([]);
    await organiser.close();
  });

  it('renders a QrCode that decodes to its text, loading the qrcode library only then', async () => {
    const page = await e2e.newPage();
    const scripts: string[] = [];
    page.on('request', (r) => r.resourceType() === 'script' && scripts.push(new URL(r.url()).pathname));
    await page.goto('/');
    await expect.poll(() => page.locator('h1').textContent()).toBe('首页');
    const manifest = JSON.parse(readFileSync('web/dist/.vite/manifest.json', 'utf8')) as Record<
      string,
      { file: string }
    >;
    const qrChunk = `/${Object.entries(manifest).find(([k]) => k.includes('node_modules/qrcode/'))![1].file}`;
    expect(scripts).not.toContain(qrChunk);
    await page.goto('/ui');
    const img = page.locator('img.qr');
    await img.waitFor();
    expect(scripts).toContain(qrChunk);
    expect(await readQr(page)).toBe('community-points:ui-kit');
    expect(pageErrors(page)).toEqual([]);
    await page.close();
  });

  it('starts the activities page’s reads from index.html under the CSP, and asks each of them once', async () => {
    // A fresh phone: no service worker from the other tests answers (and hides) the page's requests.
    const phone = await launchPhone(e2e.url);
    const page = await phone.context.newPage();
    await page.addInitScript(() => {
      const w = window as unknown as { cspViolations: string[] };
      w.cspViolations = [];
      document.addEventListener('securitypolicyviolation', (e) => w.cspViolations.push(e.violatedDirective));
    });
    const gets: string[] = [];
    page.on('request', (r) => {
      const u = new URL(r.url());
      if (r.method() === 'GET' && u.pathname.startsWith('/api/')) gets.push(u.pathname + u.search);
    });
    // With the entry script refused, only index.html's inline script can ask: the reads still leave.
    await page.route(/\/assets\/index-[^/]+\.js$/, (route) => route.abort());
    const res = await page.goto('/activities');
    expect(res?.headers()['content-security-policy']).toMatch(/script-src 'self' 'sha256-[A-Za-z0-9+/]+=*'/);
    await expect.poll(() => gets.filter((g) => g.startsWith('/api/activities?')).length).toBe(2);
    expect(gets).toContain('/api/org');
    expect(await page.evaluate(() => (window as unknown as { cspViolations: string[] }).cspViolations)).toEqual([]);
    // The app then takes those answers instead of asking again: every GET of the load once, the list drawn.
    await page.unroute(/\/assets\/index-[^/]+\.js$/);
    gets.length = 0;
    await page.goto('/activities');
    await page.getByTestId('activity-item').first().waitFor();
    await page.waitForLoadState('networkidle');
    expect(gets.filter((g, i) => gets.indexOf(g) !== i)).toEqual([]);
    expect(gets).toContain('/api/org');
    expect(await page.evaluate(() => (window as unknown as { cspViolations: string[] }).cspViolations)).toEqual([]);
    await phone.close();
  });

  it('keeps the first-load JS of every page within 60 KB gzip', () => {
    const { pages, worst } = firstLoadJs('web/dist');
    expect(pages.map((p) => p.page)).toContain('src/pages/me.tsx');
    expect(worst.gzipBytes).toBeLessThanOrEqual(60 * 1024);
  });
});
