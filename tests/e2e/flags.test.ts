import { describe, expect, it } from 'vitest';
import { demoPhone } from '../../functions/local/seed/people.js';
import { apiOf } from './fixtures/api.js';
import { pageErrors, screenshot, signInViaUi, useBrowserStack } from './fixtures/browser.js';

// The district and its people only; the stack (and its projector, which raises the flags) runs in this process.
const e2e = useBrowserStack({ SEED: 'base' });
const api = apiOf(() => e2e.url);

async function signInApi(phone: string): Promise<string> {
  await api(null, 'POST', '/api/auth/otp', { phone });
  const code = (await api(null, 'GET', `/api/dev/outbox?phone=${phone}`)).body.items[0].code as string;
  return (await api(null, 'POST', '/api/auth/token', { phone, code })).body.token as string;
}

describe('the review queue (复核提醒)', () => {
  it('shows a large adjustment to the street organiser, who clears it with a note', async () => {
    // A community organiser of the first street gives a resident 1500 points by hand: above 1000, flagged.
    const organiser = await signInApi(demoPhone(3));
    const me = (await api(organiser, 'GET', '/api/me')).body as { id: string; communityId: string };
    const org = (await api(null, 'GET', '/api/org')).body as {
      streets: { id: string; communities: { id: string }[] }[];
    };
    const streetId = org.streets.find((s) => s.communities.some((c) => c.id === me.communityId))!.id;
    const residents = await api(organiser, 'GET', `/api/users?communityId=${me.communityId}`);
    const target = (residents.body.items as { id: string }[]).find((u) => u.id !== me.id)!;
    const adj = await api(organiser, 'POST', '/api/points/adjustments', {
      userId: target.id,
      delta: 1500,
      note: '浏览器测试：大额补录',
    });
    expect(adj.status).toBe(201);

    // Its street's organiser (one of the first demo phones) reviews it on the page.
    let streetPhone = '';
    for (let i = 1; i <= 5 && !streetPhone; i++) {
      const t = await signInApi(demoPhone(i));
      const roles = (await api(t, 'GET', '/api/me')).body.roles as { role: string; scope: string }[];
      if (roles.some((g) => g.role === 'organizer' && g.scope === `street:${streetId}`)) streetPhone = demoPhone(i);
    }
    expect(streetPhone).not.toBe('');
    const page = await e2e.newPage();
    await signInViaUi(page, streetPhone, '/organize/flags');
    const card = page.getByTestId('flag').filter({ hasText: target.id });
    await expect.poll(async () => card.count(), { timeout: 30_000 }).toBe(1);
    await expect.poll(() => card.textContent()).toContain('大额积分调整');
    await expect.poll(() => card.getByTestId('flag-evidence').textContent()).toContain('1500');
    await screenshot(page, 'flag-open');
    await card.locator('input[name=note]').fill('已核实：纸质签到补录');
    await card.getByRole('button', { name: '无异常' }).click();
    await expect.poll(async () => card.count()).toBe(0);

    // Resolved: the decision and the note show under 已处理, and the trail has it.
    await page.getByRole('tab', { name: '已处理' }).click();
    const done = page.getByTestId('flag').filter({ hasText: target.id });
    await expect.poll(() => done.getByTestId('flag-decision').textContent()).toContain('已核实：纸质签到补录');
    await expect.poll(() => done.getByTestId('flag-decision').textContent()).toContain('无异常');
    await screenshot(page, 'flag-resolved');
    expect(pageErrors(page)).toEqual([]);
  });
});
