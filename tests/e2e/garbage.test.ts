import { describe, expect, it } from 'vitest';
import { now, nowIso } from '../../functions/clock.js';
import { config } from '../../functions/config.js';
import { getUserIdByPhone } from '../../functions/db/users.js';
import { demoCardNo } from '../../functions/local/seed/garbage.js';
import { demoPhone } from '../../functions/local/seed/people.js';
import { signBinBody } from '../../functions/services/bin-secrets.js';
import { DAY, localMonth } from '../../shared/time.js';
import { pageErrors, screenshot, signInViaUi, tokenOf, useBrowserStack } from './fixtures/browser.js';

// Only the parts of the demo city this file uses (seeding all of it takes ~40 s on a busy machine).
const e2e = useBrowserStack({ SEED: 'base,garbage' });

/** Polls until the page shows it; generous, since a loaded 2-core machine answers slowly (not a timing test). */
const waitFor = <T>(fn: () => T | Promise<T>) => expect.poll(fn, { timeout: 20_000 });

// The demo city: demoPhone(4) is the staff member of the first community; 6 and 10 live there,
// 6 with card HT00000006 and a month of drops, 10 without a card.
const STAFF = demoPhone(4);
const HOLDER = demoPhone(6);
const NO_CARD = demoPhone(10);

async function apiAs(token: string | null, method: string, path: string, body?: unknown) {
  const res = await fetch(`${e2e.url}${path}`, {
    method,
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  return { status: res.status, body: (await res.json().catch(() => undefined)) as any }; // eslint-disable-line @typescript-eslint/no-explicit-any
}

describe('garbage sorting screens', () => {
  it('staff find a resident by phone, bind a card and unbind it (积分卡绑定)', async () => {
    const page = await e2e.newPage();
    page.on('dialog', (d) => void d.accept());
    // Staff reach it from 管理.
    await signInViaUi(page, STAFF, '/organize');
    await page.getByTestId('organize-sections').getByText('积分卡', { exact: true }).click();
    await waitFor(() => page.locator('h1').textContent()).toBe('积分卡绑定');
    await page.locator('input[name=phone]').fill(NO_CARD);
    await page.getByRole('button', { name: '查找' }).click();
    const holder = page.getByTestId('card-holder');
    await waitFor(() => holder.textContent()).toContain('还没有积分卡');
    const cardNo = `E2E${Date.now().toString().slice(-9)}`;
    await page.locator('input[name=cardNo]').fill(cardNo);
    await page.getByRole('button', { name: '绑定', exact: true }).click();
    await waitFor(() => page.getByTestId('holder-card').first().textContent()).toContain(cardNo);
    const userId = (await getUserIdByPhone(NO_CARD))!;
    const staffToken = await tokenOf(page);
    const cards = await apiAs(staffToken, 'GET', `/api/users/${userId}/cards`);
    expect(cards.body.items.map((c: { cardNo: string }) => c.cardNo)).toEqual([cardNo]);
    await screenshot(page, 'garbage-cards');

    // A card bound to someone else: the form says so in words, and nothing changes.
    await page.locator('input[name=cardNo]').fill(demoCardNo(6));
    await page.getByRole('button', { name: '绑定', exact: true }).click();
    await waitFor(() => holder.textContent()).toContain('已绑定给其他居民');

    await page.getByRole('button', { name: '解绑' }).click();
    await waitFor(() => holder.textContent()).toContain('还没有积分卡');
    expect((await apiAs(staffToken, 'GET', `/api/users/${userId}/cards`)).body.items).toEqual([]);
    expect(pageErrors(page)).toEqual([]);
    await page.close();
  });

  it('registers a bin and shows its secret once; the secret signs the bin’s uploads', async () => {
    const page = await e2e.newPage();
    await signInViaUi(page, STAFF, '/organize/bins');
    await waitFor(() => page.locator('h1').textContent()).toBe('智能垃圾桶站');
    await page.locator('input[name=name]').fill('E2E 测试桶站');
    await page.getByRole('button', { name: '登记', exact: true }).click();
    const box = page.getByTestId('bin-secret');
    await waitFor(() => box.textContent()).toContain('只显示这一次');
    const secret = (await page.getByTestId('bin-secret-value').textContent())!.trim();
    expect(secret).toMatch(/^[0-9a-f]{64}$/);
    const binId = (await box.locator('.card-no').textContent())!.trim();
    await screenshot(page, 'garbage-bin-secret');

    // The bin uses it: a signed upload of the demo holder's drop is credited.
    const body = JSON.stringify({
      scans: [
        {
          scanId: `e2e-${Date.now()}`,
          cardNo: demoCardNo(6),
          category: 'recyclable',
          correct: true,
          scannedAt: nowIso(),
        },
      ],
    });
    const ts = String(Math.floor(now() / 1000));
    const res = await fetch(`${e2e.url}/api/bins/${binId}/scans`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        'x-bin-timestamp': ts,
        'x-bin-signature': signBinBody(secret, ts, body),
      },
      body,
    });
    expect(res.status).toBe(200);
    expect(((await res.json()) as { accepted: number }).accepted).toBe(1);

    await page.getByRole('button', { name: '我已写入设备' }).click();
    await waitFor(() => page.getByTestId('bin-list').textContent()).toContain('E2E 测试桶站');
    expect(await page.content()).not.toContain(secret);
    await page.reload();
    await waitFor(() => page.getByTestId('bin-list').textContent()).toContain('E2E 测试桶站');
    expect(await page.content()).not.toContain(secret);
    expect(pageErrors(page)).toEqual([]);
    await page.close();
  });

  it('shows the community dashboard: the month’s numbers, correct-sort rate by day, the busiest bins', async () => {
    const page = await e2e.newPage();
    // The demo month ends yesterday; look at yesterday's month so the test holds on the 1st too.
    const month = localMonth(now() - DAY, config().tzName);
    await signInViaUi(page, STAFF, `/organize/garbage?month=${month}`);
    await waitFor(() => page.locator('h1').textContent()).toBe('垃圾分类统计');
    expect(await page.locator('input[name=month]').inputValue()).toBe(month);
    await waitFor(() => page.getByTestId('top-bin').count()).toBeGreaterThan(0);
    await waitFor(() => page.getByTestId('stat-rate').textContent()).toMatch(/\d+\.\d%/);
    const rate = Number(/([\d.]+)%/.exec((await page.getByTestId('stat-rate').textContent())!)![1]);
    expect(rate).toBeGreaterThan(50);
    expect(rate).toBeLessThan(100);
    expect(Number((await page.getByTestId('stat-participants').textContent())!.replace(/\D/g, ''))).toBeGreaterThan(0);
    const chart = page.getByTestId('sorting-chart');
    await chart.waitFor();
    expect(await chart.getAttribute('aria-label')).toContain(month);
    const [y, mo] = month.split('-').map(Number) as [number, number];
    expect(await chart.locator('rect.chart-bar').count()).toBe(new Date(Date.UTC(y, mo, 0)).getUTCDate());
    expect(await chart.locator('circle.chart-dot').count()).toBeGreaterThan(0);
    expect(await chart.getAttribute('aria-label')).toContain('分类正确率');
    expect(await page.getByTestId('garbage-bins').textContent()).toContain('号桶站');
    await screenshot(page, 'garbage-dashboard');
    expect(pageErrors(page)).toEqual([]);
    await page.close();
  });

  it('shows a resident 我的积分: balance, the ledger in plain words, the card', async () => {
    const page = await e2e.newPage();
    await signInViaUi(page, HOLDER, '/points');
    await waitFor(() => page.locator('h1').textContent()).toBe('我的积分');
    const me = (await apiAs(await tokenOf(page), 'GET', '/api/me')).body;
    expect(me.balance).toBeGreaterThan(0);
    await waitFor(() => page.getByTestId('points-balance-value').textContent()).toContain(me.balance.toLocaleString());
    await page.getByTestId('ledger-entry').first().waitFor();
    expect(await page.getByTestId('points-ledger').textContent()).toContain('垃圾分类积分');
    expect(await page.getByTestId('points-cards').textContent()).toContain(demoCardNo(6));
    await screenshot(page, 'garbage-my-points');
    expect(pageErrors(page)).toEqual([]);
    await page.close();
  });
});
