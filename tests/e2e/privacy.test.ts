import { describe, expect, it } from 'vitest';
import { pageErrors, signInViaUi, tokenOf, useBrowserStack } from './fixtures/browser.js';

const e2e = useBrowserStack({ SEED: 'none' });

let seq = 0;
const freshPhone = () => `139${String(Date.now() % 1e6).padStart(6, '0')}${String(seq++ % 100).padStart(2, '0')}`;

describe('privacy (隐私政策, 导出我的数据, 注销账号)', () => {
  it('shows the notice at sign-in, records consent, exports, and closes the account after an are-you-sure', async () => {
    const page = await e2e.newPage();
    // The sign-in page says that a first sign-in consents, and links the notice.
    await page.goto('/signin');
    expect(await page.getByTestId('signin-consent').textContent()).toContain('隐私政策');
    await page.getByTestId('signin-consent').locator('a').click();
    await page.waitForURL((u) => u.pathname === '/privacy');
    await expect.poll(() => page.locator('h1').textContent()).toBe('隐私政策');
    await expect.poll(() => page.getByTestId('privacy-notice').textContent()).toContain('注销');

    const phone = freshPhone();
    await signInViaUi(page, phone);
    const token = await tokenOf(page);
    const me = await (await fetch(`${e2e.url}/api/me`, { headers: { authorization: `Bearer ${token}` } })).json();
    expect(me.consentVersion).toEqual(expect.any(String));

    await page.goto('/me');
    const card = page.getByTestId('me-privacy');
    await expect.poll(() => card.textContent()).toContain(me.consentVersion);
    const download = page.waitForEvent('download');
    await card.getByRole('button', { name: '导出我的数据' }).click();
    expect((await download).suggestedFilename()).toMatch(/^my-data-\d{4}-\d{2}-\d{2}\.json$/);

    // Cancelling the are-you-sure changes nothing.
    await card.getByRole('button', { name: '注销账号' }).click();
    const dialog = page.getByTestId('close-account-dialog');
    expect(await dialog.textContent()).toContain('已注销');
    await dialog.getByRole('button', { name: '取消' }).click();
    expect(await dialog.count()).toBe(0);
    expect((await fetch(`${e2e.url}/api/me`, { headers: { authorization: `Bearer ${token}` } })).status).toBe(200);

    await card.getByRole('button', { name: '注销账号' }).click();
    await dialog.getByRole('button', { name: '确定注销' }).click();
    await page.waitForURL((u) => u.pathname === '/');
    expect(await tokenOf(page)).toBeNull();
    expect((await fetch(`${e2e.url}/api/me`, { headers: { authorization: `Bearer ${token}` } })).status).toBe(401);
    expect(pageErrors(page)).toEqual([]);
  }, 120_000);
});
