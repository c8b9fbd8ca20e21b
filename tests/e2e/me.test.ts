import { starsFor } from '../../functions/services/stars.js';
import { describe, expect, it } from 'vitest';
import { getUser, getUserIdByPhone } from '../../functions/db/users.js';
import { moveBalance } from '../../functions/db/ledger.js';
import { demoPhone } from '../../functions/local/seed/people.js';
import { pageErrors, screenshot, signInViaUi, tokenOf, useBrowserStack } from './fixtures/browser.js';

const e2e = useBrowserStack();

/** Calls the running API as the person signed in on `page`. */
async function apiAs(token: string | null, method: string, path: string, body?: unknown) {
  const res = await fetch(`${e2e.url}${path}`, {
    method,
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  return { status: res.status, body: (await res.json()) as any }; // eslint-disable-line @typescript-eslint/no-explicit-any
}

async function communityName(id: string): Promise<string> {
  const org = (await (await fetch(`${e2e.url}/api/org`)).json()) as {
    streets: { communities: { id: string; name: string }[] }[];
  };
  return org.streets.flatMap((s) => s.communities).find((c) => c.id === id)!.name;
}

describe('我的 (/me)', () => {
  it('shows a demo resident their name, community, points, hours and stars, in Chinese and in English', async () => {
    const phone = demoPhone(5);
    const userId = (await getUserIdByPhone(phone))!;
    // The demo city may already have credited some volunteer hours and points: count from there.
    const before = (await getUser(userId, true))!;
    // 321 points and 102.5 more confirmed hours: one star (100 h).
    await moveBalance({
      userId,
      delta: 321,
      reason: 'adjust',
      ref: 'e2e',
      actor: 'system',
      add: { serviceMinutes: 6150 },
    });

    const page = await e2e.newPage();
    await signInViaUi(page, phone);
    expect(new URL(page.url()).pathname).toBe('/me');
    const me = (await apiAs(await tokenOf(page), 'GET', '/api/me')).body;

    await expect.poll(() => page.locator('h1').textContent()).toBe('我的');
    expect(await page.getAttribute('html', 'lang')).toBe('zh-CN');
    expect(await page.getByTestId('me-name').textContent()).toBe(me.name);
    // The community's name arrives with GET /api/org, after the profile: wait for it.
    const community = await communityName(me.communityId);
    await expect.poll(() => page.getByTestId('me-community').textContent()).toContain(community);
    expect(await page.getByTestId('me-balance').textContent()).toContain((before.balance + 321).toLocaleString());
    expect(await page.getByTestId('me-hours').textContent()).toContain(
      ((before.serviceMinutes + 6150) / 60).toFixed(1),
    );
    const stars = await page.getByTestId('me-stars').textContent();
    expect(stars).toContain('星级志愿者');
    expect(stars).toContain('★'.repeat(starsFor(me.serviceMinutes)) + '☆'.repeat(5 - starsFor(me.serviceMinutes)));
    expect(await page.getByTestId('me-roles').textContent()).toContain('居民');
    expect(await page.locator('.nav-active').textContent()).toBe('我的');
    await screenshot(page, 'me');

    await page.getByTestId('lang-switch').click();
    await expect.poll(() => page.locator('h1').textContent()).toBe('Me');
    expect(await page.getAttribute('html', 'lang')).toBe('en');
    expect(await page.getByTestId('me-balance').textContent()).toContain('Points');
    expect(await page.getByTestId('me-hours').textContent()).toContain('Service hours');
    expect(await page.getByTestId('me-stars').textContent()).toContain('Star volunteer');
    expect(await page.locator('.nav-active').textContent()).toBe('Me');
    await screenshot(page, 'me-en');

    // The choice is remembered across a reload.
    await page.reload();
    await expect.poll(() => page.locator('h1').textContent()).toBe('Me');
    await page.getByTestId('lang-switch').click();
    await expect.poll(() => page.locator('h1').textContent()).toBe('我的');
    expect(pageErrors(page)).toEqual([]);
    await page.close();
  });

  it('lets a new phone choose its community once, then shows it without a choice', async () => {
    const phone = `137${String(Date.now()).slice(-8)}`;
    const page = await e2e.newPage();
    await signInViaUi(page, phone);
    const token = await tokenOf(page);
    expect((await apiAs(token, 'GET', '/api/me')).body.communityId).toBeNull();

    const select = page.locator('select[name=communityId]');
    // The choices arrive with /api/org; wait for them rather than reading an empty list.
    await expect.poll(() => select.locator('option:not([disabled])').count(), { timeout: 15_000 }).toBeGreaterThan(1);
    const options = await select
      .locator('option:not([disabled])')
      .evaluateAll((els) => els.map((e) => (e as HTMLOptionElement).value));
    expect(options.length).toBeGreaterThan(1);
    const chosen = options[1]!;
    await select.selectOption(chosen);
    await page.getByRole('button', { name: '确定社区' }).click();
    await expect.poll(() => page.locator('select[name=communityId]').count()).toBe(0);
    expect(await page.getByTestId('me-community').textContent()).toContain(await communityName(chosen));
    expect((await apiAs(token, 'GET', '/api/me')).body.communityId).toBe(chosen);

    // Set once: a reload shows it, not a choice; the API refuses another community.
    await page.reload();
    await expect.poll(() => page.getByTestId('me-community').textContent()).toContain(await communityName(chosen));
    expect(await page.locator('select[name=communityId]').count()).toBe(0);
    const again = await apiAs(token, 'PATCH', '/api/me', { communityId: options[0] });
    expect(again.status).toBe(409);
    expect(pageErrors(page)).toEqual([]);
    await page.close();
  });

  it('saves an edited name', async () => {
    const page = await e2e.newPage();
    await signInViaUi(page, demoPhone(6));
    await page.getByRole('button', { name: '修改' }).click();
    await page.locator('input[name=name]').fill('王测试');
    await page.getByRole('button', { name: '保存' }).click();
    await expect.poll(() => page.getByTestId('me-name').textContent()).toBe('王测试');
    expect((await apiAs(await tokenOf(page), 'GET', '/api/me')).body.name).toBe('王测试');
    await page.close();
  });
});
