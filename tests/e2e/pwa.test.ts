import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, describe, expect, it } from 'vitest';
import { now as serverClock } from '../../functions/clock.js';
import { getUserIdByPhone } from '../../functions/db/users.js';
import { demoPhone } from '../../functions/local/seed/people.js';
import { signToken } from '../../functions/services/jwt.js';
import { signingKeys } from '../../functions/services/signing-keys.js';
import { launchPhone, pageErrors, signInViaUi, tokenOf, useBrowserStack } from './fixtures/browser.js';

// A copy of the build, so one test can deploy "a new version" (a changed sw.js) without touching web/dist.
const webRoot = mkdtempSync(join(tmpdir(), 'cp-pwa-web-'));
cpSync('web/dist', webRoot, { recursive: true });
afterAll(() => rmSync(webRoot, { recursive: true, force: true }));

const e2e = useBrowserStack({ SEED: 'base', WEB_ROOT: webRoot });

/** Waits until the service worker has installed the shell and controls the page. */
async function controlled(page: Page): Promise<void> {
  await page.evaluate(async () => {
    await navigator.serviceWorker.ready;
    if (!navigator.serviceWorker.controller) {
      await new Promise((r) => navigator.serviceWorker.addEventListener('controllerchange', r, { once: true }));
    }
  });
}

describe('installable app (PWA)', () => {
  it('links a zh-CN standalone manifest with 192 and 512 px PNG icons, and a real favicon', async () => {
    const page = await e2e.newPage();
    await page.goto('/');
    const href = await page.locator('link[rel=manifest]').getAttribute('href');
    expect(href).toBe('/manifest.webmanifest');
    const res = await page.request.get(href!);
    expect(res.status()).toBe(200);
    const manifest = await res.json();
    expect(manifest).toMatchObject({ name: '社区积分', lang: 'zh-CN', display: 'standalone', start_url: '/' });
    expect(manifest.theme_color).toMatch(/^#[0-9a-f]{6}$/i);
    for (const size of ['192x192', '512x512']) {
      const icon = manifest.icons.find((i: { sizes: string }) => i.sizes === size);
      const png = await page.request.get(icon.src);
      expect(png.headers()['content-type']).toBe('image/png');
      const bytes = await png.body();
      // PNG signature, then IHDR's width and height.
      expect(bytes.subarray(1, 4).toString()).toBe('PNG');
      expect(`${bytes.readUInt32BE(16)}x${bytes.readUInt32BE(20)}`).toBe(size);
    }
    const ico = await page.request.get('/favicon.ico');
    expect(ico.status()).toBe(200);
    expect((await ico.body()).subarray(0, 4)).toEqual(Buffer.from([0, 0, 1, 0]));
    expect(pageErrors(page)).toEqual([]);
    await page.close();
  });

  it('opens offline once the service worker is installed: home, a page never visited, and a reload', async () => {
    const page = await e2e.newPage();
    await page.goto('/');
    await controlled(page);
    await e2e.context.setOffline(true);
    try {
      // The network is really gone for the page.
      expect(
        await page.evaluate(() =>
          fetch('/api/health').then(
            () => 'online',
            () => 'offline',
          ),
        ),
      ).toBe('offline');
      await page.reload();
      await expect.poll(() => page.locator('h1').textContent()).toBe('首页');
      await page.goto('/rewards'); // a lazy page chunk the person never opened: precached too
      await expect.poll(() => page.locator('.app-main h1').count()).toBe(1);
      expect(await page.locator('.bottom-nav a').count()).toBe(5);
    } finally {
      await e2e.context.setOffline(false);
    }
    await page.close();
  });
});

async function api(token: string | null, method: string, path: string, body?: unknown) {
  const res = await fetch(`${e2e.url}${path}`, {
    method,
    headers: { ...(token ? { authorization: `Bearer ${token}` } : {}), 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  return { status: res.status, body: (await res.json()) as any }; // eslint-disable-line @typescript-eslint/no-explicit-any
}

describe('API docs', () => {
  it('renders /api/docs from the app’s own Swagger UI without any other host', async () => {
    const page = await e2e.newPage();
    const foreign: string[] = [];
    await page.route('**/*', (route) => {
      if (route.request().url().startsWith(e2e.url)) return route.continue();
      foreign.push(route.request().url());
      return route.abort('internetdisconnected');
    });
    await page.goto('/api/docs');
    await page.locator('.opblock').first().waitFor();
    expect(await page.locator('.opblock').count()).toBeGreaterThan(50);
    expect(foreign).toEqual([]);
    await page.close();
  });
});

describe('offline check-in in the browser', () => {
  it('keeps a check-in made with the network off as 待上传 and sees it accepted after reconnecting', async () => {
    // The community's organiser (demo phone 3) has an activity on now; a resident (demo phone 10) signed up.
    const organiserId = (await getUserIdByPhone(demoPhone(3)))!;
    const orgToken = signToken(await signingKeys(), organiserId, 3600).token;
    const organiser = (await api(orgToken, 'GET', '/api/me')).body;
    const now = serverClock(); // the stack's clock (tests/e2e/fixtures/browser.ts starts it at a fixed time)
    const created = await api(orgToken, 'POST', '/api/activities', {
      communityId: organiser.communityId,
      title: '地下车库清理',
      location: { name: '2号楼地下车库' },
      startsAt: new Date(now - 10 * 60_000).toISOString(),
      endsAt: new Date(now + 60 * 60_000).toISOString(),
      capacity: 5,
      pointsPerHour: 10,
    });
    expect(created.status).toBe(201);
    const id = created.body.id as string;
    const page = await e2e.newPage();
    await signInViaUi(page, demoPhone(10), `/activities/${id}`);
    const volunteerToken = (await tokenOf(page))!;
    const volunteerId = (await api(volunteerToken, 'GET', '/api/me')).body.id as string;
    expect((await api(volunteerToken, 'POST', `/api/activities/${id}/signups`)).body.status).toBe('confirmed');
    await page.reload();
    await controlled(page);
    // Opened once more now that the service worker controls the page, as the volunteer did on the way: its
    // reads pass through the worker and are kept for the basement. (The reads of a page the worker did not
    // control yet are not; on a loaded machine the worker took control only after them, and offline the
    // page had nothing to show.)
    await page.reload();
    const panel = page.getByTestId('check-in');
    await panel.waitFor();

    // In the basement: no signal. The volunteer types the venue's code and taps 签到.
    const code = (await api(orgToken, 'GET', `/api/activities/${id}/checkin-code`)).body.code as string;
    await e2e.context.setOffline(true);
    try {
      await panel.locator('input[name=code]').fill(code);
      await panel.getByRole('button', { name: '签到', exact: true }).click();
      const pending = page.getByTestId('pending-checkin');
      await pending.waitFor();
      expect(await pending.textContent()).toContain('待上传');
      // Kept on the phone, not on the server, and still there after reopening the app without signal.
      expect((await api(orgToken, 'GET', `/api/activities/${id}/attendance`)).body.items).toEqual([]);
      await page.reload();
      await page.getByTestId('pending-checkin').waitFor();
      expect(await page.getByTestId('check-in').count()).toBe(0);
    } finally {
      // Signal comes back minutes later: the code shown then is long stale, the scan time is what counts.
      await e2e.advanceClock(5 * 60_000);
      await e2e.context.setOffline(false);
    }
    await expect.poll(() => page.getByTestId('pending-checkin').count(), { timeout: 30_000 }).toBe(0);
    await expect.poll(() => page.getByTestId('my-part').textContent()).toContain('已签到');
    const items = (await api(orgToken, 'GET', `/api/activities/${id}/attendance`)).body.items;
    expect(items).toHaveLength(1);
    expect(items[0]).toMatchObject({ userId: volunteerId, offline: true });
    expect(Date.parse(items[0].checkedInAt)).toBeLessThan(now + 60_000);

    // The organiser's attendance list marks it 离线签到.
    await page.evaluate((t) => localStorage.setItem('cp.token', t), orgToken);
    await page.goto(`/organize/activities/${id}`);
    await expect.poll(() => page.getByTestId('offline-tag').textContent()).toBe('离线签到');
    expect(pageErrors(page).filter((e) => !/Failed to fetch|NetworkError/.test(e))).toEqual([]);
    await page.close();
  });
});

// Last: it replaces the service worker that every page of this browser uses.
describe('updates', () => {
  it('asks before switching to a newly deployed version, then reloads into it', async () => {
    // A phone of its own: the offline check-in above leaves the browser's background sync holding a request in
    // Chromium (real connectivity, emulated offline), and twice in four loaded runs the old worker then never let
    // the new one take over. A resident's phone has no such emulation; the update path is what this test is for.
    const phone = await launchPhone(e2e.url);
    try {
      const page = await phone.context.newPage();
      await page.goto('/');
      await controlled(page);
      const first = await page.evaluate(() => navigator.serviceWorker.controller!.scriptURL);
      expect(await page.getByTestId('update-prompt').count()).toBe(0);
      // Deploy: the build's service worker changes (a new precache list would change it the same way).
      const sw = join(webRoot, 'sw.js');
      writeFileSync(sw, `${readFileSync(sw, 'utf8')}\n// deployed again\n`);
      await page.evaluate(async () => (await navigator.serviceWorker.getRegistration())!.update());
      const prompt = page.getByTestId('update-prompt');
      await prompt.waitFor();
      expect(await prompt.textContent()).toContain('社区积分有新版本');
      const waiting = await page.evaluate(async () => !!(await navigator.serviceWorker.getRegistration())!.waiting);
      expect(waiting).toBe(true);
      await page.evaluate(() => ((window as unknown as { before: boolean }).before = true));
      await prompt.getByRole('button', { name: '刷新' }).click();
      // The page reloads into the new version (a fresh window has no marker).
      await expect
        .poll(() => page.evaluate(() => !(window as unknown as { before?: boolean }).before).catch(() => false), {
          timeout: 45_000,
        })
        .toBe(true);
      await controlled(page);
      expect(await page.evaluate(async () => (await navigator.serviceWorker.getRegistration())!.waiting)).toBeNull();
      expect(await page.evaluate(() => navigator.serviceWorker.controller!.scriptURL)).toBe(first);
      expect(await page.getByTestId('update-prompt').count()).toBe(0);
    } finally {
      await phone.close();
    }
  });
});
