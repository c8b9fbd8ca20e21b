import type { Page } from 'playwright-core';
import { afterAll, describe, expect, it } from 'vitest';
import { now } from '../../functions/clock.js';
import { getUser, getUserIdByPhone } from '../../functions/db/users.js';
import { moveBalance } from '../../functions/db/ledger.js';
import { demoPhone } from '../../functions/local/seed/people.js';
import { CODE_STEP_MS } from '../../functions/services/checkin-code.js';
import { launchPhone, pageErrors, screenshot, signInViaUi, tokenOf, useBrowserStack } from './fixtures/browser.js';
import { apiOf } from './fixtures/api.js';
import { readQr } from './fixtures/qr.js';

// Only the parts of the demo city this file uses (seeding all of it takes ~40 s on a busy machine).
const e2e = useBrowserStack({ SEED: 'base,volunteer' });
const api = apiOf(() => e2e.url);
const closers: (() => Promise<void>)[] = [];
afterAll(async () => {
  for (const close of closers) await close();
});

/** A second phone (own browser profile, own token) for the other person in a scenario. */
async function secondPhone(): Promise<Page> {
  const phone = await launchPhone(e2e.url);
  closers.push(() => phone.close());
  return phone.context.newPage();
}

describe('volunteer service in the browser', () => {
  it('organiser shows the live QR, a volunteer checks in with it, the organiser confirms, hours and stars update', async () => {
    // The volunteer already has 98.5 confirmed hours: 2 more make a one-star volunteer (100 h).
    const volunteerPhone = demoPhone(10);
    const volunteerId = (await getUserIdByPhone(volunteerPhone))!;
    const before = (await getUser(volunteerId, true))!;
    const topUp = Math.max(0, 98.5 * 60 - before.serviceMinutes);
    await moveBalance({
      userId: volunteerId,
      delta: 0,
      reason: 'adjust',
      ref: 'e2e',
      actor: 'system',
      add: { serviceMinutes: topUp },
    });
    const base = (await getUser(volunteerId, true))!;
    expect(base.serviceMinutes).toBeLessThan(100 * 60);

    // The community's organiser (demo phone 3) publishes an activity that started 2 h 10 min ago and
    // ends in 5 min (the stack's clock, which this test moves): check-in is open now.
    const organiser = await e2e.newPage();
    await signInViaUi(organiser, demoPhone(3), '/organize');
    const orgToken = await tokenOf(organiser);
    const me = (await api(orgToken, 'GET', '/api/me')).body;
    const t0 = now();
    const created = await api(orgToken, 'POST', '/api/activities', {
      communityId: me.communityId,
      title: '浏览器测试：楼道清理',
      location: { name: '3号楼前' },
      startsAt: new Date(t0 - 130 * 60_000).toISOString(),
      endsAt: new Date(t0 + 5 * 60_000).toISOString(),
      capacity: 5,
      pointsPerHour: 10,
    });
    expect(created.status).toBe(201);
    const id = created.body.id as string;

    // The volunteer signs up on the activity page.
    const volunteer = await secondPhone();
    const volunteerErrors: string[] = [];
    volunteer.on('pageerror', (e) => volunteerErrors.push(e.message));
    await signInViaUi(volunteer, volunteerPhone, `/activities/${id}`);
    await expect.poll(() => volunteer.getByTestId('activity-title').textContent()).toBe('浏览器测试：楼道清理');
    await volunteer.getByRole('button', { name: '我要报名' }).click();
    await expect.poll(() => volunteer.getByTestId('signup-status').textContent()).toContain('您已报名');

    // The organiser opens the full-screen live QR code of the venue.
    await organiser.goto(`/organize/activities/${id}/qr`);
    await organiser.getByTestId('live-qr').waitFor();
    const shown = (await organiser.getByTestId('live-code').getAttribute('data-code'))!;
    expect(shown).toMatch(/^\d{6}$/);
    const link = await readQr(organiser);
    expect(link).toBe(`${e2e.url}/activities/${id}?code=${shown}`);
    await screenshot(organiser, 'volunteer-live-qr');

    // The volunteer's camera app opens the link: the code is filled in; one tap checks in.
    await volunteer.goto(link);
    const checkIn = volunteer.getByTestId('check-in');
    await checkIn.waitFor();
    expect(await checkIn.locator('input[name=code]').inputValue()).toBe(shown);
    await checkIn.getByRole('button', { name: '签到', exact: true }).click();
    await expect.poll(() => volunteer.getByTestId('my-part').textContent()).toContain('已签到');
    await screenshot(volunteer, 'volunteer-checked-in');

    // The venue screen moves on to a new code by itself when the code's step ends (time is moved, not waited for)…
    await e2e.advanceClock(CODE_STEP_MS);
    await expect.poll(() => organiser.getByTestId('live-code').getAttribute('data-code')).not.toBe(shown);
    // …and once the activity has ended, the organiser confirms. The volunteer never checked out, so the
    // organiser enters the 2 hours served (an adjustment).
    await e2e.advanceClock(Date.parse(created.body.endsAt) + 1500 - now());
    await organiser.goto(`/organize/activities/${id}`);
    const confirm = organiser.getByTestId('confirm');
    await confirm.waitFor();
    const minutes = confirm.locator(`input[name=minutes-${volunteerId}]`);
    expect(await minutes.inputValue()).toBe('0');
    await minutes.fill('120');
    // Confirming cannot be undone: the page asks first, and the organiser says yes.
    organiser.once('dialog', (d) => {
      expect(d.message()).toContain('确定要确认');
      void d.accept();
    });
    await confirm.getByRole('button', { name: '确认并发放积分' }).click();
    await expect.poll(() => organiser.getByTestId('manage-status').textContent()).toContain('时长已确认');
    expect(await organiser.getByTestId('manage-status').textContent()).toContain('2.0 小时');
    await screenshot(organiser, 'volunteer-confirmed');

    // The volunteer sees the hours, the points and the first star.
    await volunteer.goto('/me');
    await expect
      .poll(() => volunteer.getByTestId('me-hours').textContent())
      .toContain(((base.serviceMinutes + 120) / 60).toFixed(1));
    expect(await volunteer.getByTestId('me-balance').textContent()).toContain(String(base.balance + 20));
    expect(await volunteer.getByTestId('me-stars').textContent()).toContain('★☆☆☆☆');
    await volunteer.goto('/me/service');
    await expect.poll(() => volunteer.getByTestId('service-table').textContent()).toContain('浏览器测试：楼道清理');
    expect(await volunteer.getByTestId('service-stars').textContent()).toContain('★☆☆☆☆');
    await screenshot(volunteer, 'volunteer-service-record');
    await volunteer.goto(`/activities/${id}`);
    await expect.poll(() => volunteer.getByTestId('credited').textContent()).toContain('2.0 小时');

    expect(pageErrors(organiser)).toEqual([]);
    expect(volunteerErrors).toEqual([]);
    await organiser.close();
  }, 180_000);
});

describe('organiser console and reports in the browser', () => {
  it('publishes a special theme and an activity with the forms, then shows the monthly report with charts and CSV', async () => {
    const page = await e2e.newPage();
    await signInViaUi(page, demoPhone(1), '/organize'); // the first street's organiser
    await page.locator('.tile', { hasText: '发布主题' }).click();
    await page.waitForURL((u) => u.pathname === '/organize/themes');
    await page.locator('input[name=title]').fill('浏览器测试特色主题');
    await page.getByRole('button', { name: '发布', exact: true }).click();
    await expect.poll(() => page.getByTestId('themes-card').textContent()).toContain('浏览器测试特色主题');

    await page.goto('/organize/activities/new');
    const community = page.locator('select[name=communityId]');
    await community.waitFor();
    const options = await community
      .locator('option:not([disabled])')
      .evaluateAll((els) => els.map((e) => (e as HTMLOptionElement).value));
    await community.selectOption(options[0]!);
    await page.locator('input[name=title]').fill('浏览器测试：义务植树');
    await page.locator('input[name="location.name"]').fill('社区公园');
    const theme = page.locator('select[name=themeId]');
    await expect.poll(() => theme.locator('option', { hasText: '浏览器测试特色主题' }).count()).toBe(1);
    await theme.selectOption({ label: '特色：浏览器测试特色主题' });
    await page.getByRole('button', { name: '发布活动' }).click();
    await page.waitForURL((u) => /^\/organize\/activities\/[0-9A-Z]{26}$/.test(u.pathname));
    await expect.poll(() => page.getByTestId('manage-summary').textContent()).toContain('浏览器测试：义务植树');
    const id = new URL(page.url()).pathname.split('/').pop()!;
    const a = await api(await tokenOf(page), 'GET', `/api/activities/${id}`);
    expect(a.body).toMatchObject({
      title: '浏览器测试：义务植树',
      communityId: options[0],
      capacity: 20,
      pointsPerHour: 10,
    });

    // The report: totals, coverage, one SVG chart per measure with a bar per street the organiser runs (a street
    // organiser reads its own street, not the district), and the CSV.
    await page.goto('/organize/report');
    await page.getByTestId('report-totals').waitFor();
    const streets = 1;
    expect(await page.locator('[data-testid=chart-hours] g[data-value]').count()).toBe(streets);
    expect(await page.locator('[data-testid=chart-participants] g[data-value]').count()).toBe(streets);
    // The page shows the current month; the activity is tomorrow, the same month (the stack starts mid-month).
    const shownMonth = await page.locator('input[name=month]').inputValue();
    const shown = (await api(await tokenOf(page), 'GET', `/api/themes/${shownMonth}/report`)).body;
    expect(await page.getByTestId('report-totals').textContent()).toContain(String(shown.totals.participants));
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('button', { name: '下载 CSV（可用 Excel 打开）' }).click(),
    ]);
    expect(download.suggestedFilename()).toMatch(/^1\+N-report-\d{4}-\d{2}\.csv$/);
    await screenshot(page, 'volunteer-report');
    expect(pageErrors(page)).toEqual([]);
    await page.close();
  }, 120_000);

  it('shows the activities page and an activity in English too', async () => {
    const page = await e2e.newPage();
    // Signed out (the tabs of this file share one browser profile).
    await page.goto('/');
    await page.evaluate(() => localStorage.removeItem('cp.token'));
    await page.goto('/activities');
    await expect.poll(() => page.locator('h1').textContent()).toBe('志愿活动');
    await page.getByTestId('themes-card').waitFor();
    expect(await page.getByTestId('theme-mandatory').textContent()).not.toBe('');
    await page.getByTestId('activity-item').first().waitFor();
    await page.getByTestId('lang-switch').click();
    await expect.poll(() => page.locator('h1').textContent()).toBe('Volunteer activities');
    await page.getByTestId('activity-item').first().locator('a').click();
    await expect.poll(() => page.locator('h1').textContent()).toBe('Activity');
    expect(await page.getByRole('link', { name: 'Sign in to sign up' }).count()).toBe(1);
    await page.getByTestId('lang-switch').click();
    expect(pageErrors(page)).toEqual([]);
    await page.close();
  });
});
