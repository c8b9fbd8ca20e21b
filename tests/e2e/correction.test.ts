import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { handler as noticesJob } from '../../functions/jobs/notices.js';
import { demoPhone } from '../../functions/local/seed/people.js';
import { pageErrors, screenshot, signInViaUi, tokenOf, useBrowserStack } from './fixtures/browser.js';
import { apiOf } from './fixtures/api.js';

// The district and its people only. The stack runs in this process (its config and clock too), so the test
// runs the notices job itself where `npm start` would on its JOB_INTERVAL_S timer.
const e2e = useBrowserStack({ SEED: 'base' });
const api = apiOf(() => e2e.url);

/** The organiser works through the API here (their pages have their own tests); a code from the local outbox. */
async function signInApi(phone: string): Promise<string> {
  await api(null, 'POST', '/api/auth/otp', { phone });
  const code = (await api(null, 'GET', `/api/dev/outbox?phone=${phone}`)).body.items[0].code as string;
  return (await api(null, 'POST', '/api/auth/token', { phone, code })).body.token as string;
}

/** The notices' titles on the inbox page, reloaded until `want` shows (the jobs run on their own schedule). */
async function inboxShows(page: Page, want: string): Promise<void> {
  await expect
    .poll(
      async () => {
        await page.goto('/me/notifications');
        await page.getByTestId('inbox').waitFor({ timeout: 10_000 });
        return (await page.getByTestId('inbox').textContent()) ?? '';
      },
      { timeout: 30_000, interval: 1_000 },
    )
    .toContain(want);
}

describe('a volunteer is heard', () => {
  it('is reminded, misses the check-in, asks for a correction and sees it accepted and credited', async () => {
    const organiser = await signInApi(demoPhone(3));
    const communityId = (await api(organiser, 'GET', '/api/me')).body.communityId as string;
    const t0 = Date.parse((await api(null, 'GET', '/api/dev/clock')).body.now as string);
    const title = '浏览器测试：纠错';
    const created = await api(organiser, 'POST', '/api/activities', {
      communityId,
      title,
      location: { name: '5号楼前' },
      startsAt: new Date(t0 + 3 * 3_600_000).toISOString(),
      endsAt: new Date(t0 + 5 * 3_600_000).toISOString(),
      capacity: 5,
      pointsPerHour: 10,
    });
    expect(created.status).toBe(201);
    const id = created.body.id as string;

    // The volunteer signs up on the activity page, and the reminder job tells them (starts in 3 h: the 24-h one).
    const page = await e2e.newPage();
    await signInViaUi(page, demoPhone(11), `/activities/${id}`);
    await page.getByRole('button', { name: '我要报名' }).click();
    await expect.poll(() => page.getByTestId('signup-status').textContent()).toContain('您已报名');
    await noticesJob(undefined);
    await inboxShows(page, `活动提醒：${title}`);

    // They never check in; after the end the organiser confirms, which records the no-show.
    await e2e.advanceClock(5 * 3_600_000 + 10 * 60_000);
    const confirmed = await api(organiser, 'POST', `/api/activities/${id}/confirm`, {});
    expect(confirmed.body.noShows).toHaveLength(1);
    const volunteerId = confirmed.body.noShows[0] as string;

    // On the activity page they ask for the missed check-in to be corrected: 2 hours served.
    await page.goto(`/activities/${id}`);
    const form = page.getByTestId('correction-form');
    await form.waitFor();
    await form.locator('select[name=kind]').selectOption('missing-checkin');
    await form.locator('input[name=minutes]').fill('120');
    await form.locator('input[name=note]').fill('手机没电，没能扫码签到');
    await form.getByRole('button', { name: '提交纠错申请' }).click();
    await page.getByTestId('correction-open').waitFor();
    await screenshot(page, 'correction-filed');

    const before = (await api(await tokenOf(page), 'GET', '/api/me')).body as {
      balance: number;
      serviceMinutes: number;
    };
    // The organiser finds it in the queue and accepts it: the difference is credited at once.
    const queue = await api(organiser, 'GET', `/api/corrections?communityId=${communityId}&status=open`);
    const request = queue.body.items.find((c: { userId: string }) => c.userId === volunteerId);
    expect(request).toMatchObject({ activityTitle: title, kind: 'missing-checkin', minutes: 120, overdue: false });
    const accepted = await api(organiser, 'POST', `/api/corrections/${request.id}/accept`, { minutes: 120 });
    expect(accepted.body).toEqual({ status: 'accepted', minutes: 120, credited: { minutes: 120, points: 20 } });

    // The volunteer is told, and their points and hours show it.
    await inboxShows(page, `纠错申请已处理：${title}`);
    await screenshot(page, 'correction-answered');
    await page.goto('/me');
    await expect.poll(() => page.getByTestId('me-balance').textContent()).toContain(String(before.balance + 20));
    const after = (await api(await tokenOf(page), 'GET', '/api/me')).body;
    expect(after.serviceMinutes).toBe(before.serviceMinutes + 120);
    expect(pageErrors(page)).toEqual([]);
  });
});
