import { readFileSync } from 'node:fs';
import jsqrModule from 'jsqr';
import type { Page } from 'playwright-core';
import { afterAll, describe, expect, it } from 'vitest';
import { now } from '../../functions/clock.js';
import { demoPhone } from '../../functions/local/seed/people.js';
import { launchPhone, pageErrors, screenshot, signInViaUi, tokenOf, useBrowserStack } from './fixtures/browser.js';

// jsqr is CommonJS typed as an ES default export: at runtime the default import may be the function itself.
const jsQR = ((jsqrModule as unknown as { default?: unknown }).default ?? jsqrModule) as typeof jsqrModule.default;

// The district and its people are enough here (the rest of the demo city takes long to seed).
const e2e = useBrowserStack({ SEED: 'base' });
const closers: (() => Promise<void>)[] = [];
afterAll(async () => {
  for (const close of closers) await close();
});

/** Another person's phone: its own browser profile, so its own sign-in (pages of one profile share the token). */
async function otherPhone(): Promise<Page> {
  const phone = await launchPhone(e2e.url);
  closers.push(() => phone.close());
  const page = await phone.context.newPage();
  page.on('pageerror', (e) => otherErrors.push(`pageerror: ${e.message}`));
  return page;
}
const otherErrors: string[] = [];

async function api(token: string | null, method: string, path: string, body?: unknown) {
  const res = await fetch(`${e2e.url}${path}`, {
    method,
    headers: { ...(token ? { authorization: `Bearer ${token}` } : {}), 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  return { status: res.status, body: (await res.json().catch(() => undefined)) as any }; // eslint-disable-line @typescript-eslint/no-explicit-any
}

/** Every error line the page shows now (under fields and once per form). */
const errorLines = (page: Page): Promise<string[]> => page.locator('.field-error, .notice-error').allTextContents();

/** Waits for the page to show at least one error line, then says that none of them has an English word. */
async function expectChineseErrors(page: Page, atLeast = 1): Promise<string[]> {
  await expect.poll(async () => (await errorLines(page)).length, { timeout: 15_000 }).toBeGreaterThanOrEqual(atLeast);
  const lines = await errorLines(page);
  for (const line of lines) expect(line, line).not.toMatch(/[A-Za-z]{2,}/);
  return lines;
}

/** Clicks a download button; the file's name and its lines, after checking it starts with a UTF-8 BOM (for Excel). */
async function downloaded(page: Page, button: string): Promise<{ name: string; lines: string[] }> {
  const [file] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: button }).click()]);
  const bytes = readFileSync((await file.path())!);
  expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
  return { name: file.suggestedFilename(), lines: bytes.subarray(3).toString('utf8').trim().split('\r\n') };
}

/** The first community of the demo district, run by demo phones 3 (organiser) and 4 (staff). */
const ORGANISER = demoPhone(3);
const STAFF = demoPhone(4);
const STREET_ORGANISER = demoPhone(1);

describe('a resident without a phone, served by the community', () => {
  it('is registered by staff, checked in by proxy, given a card and redeems by card; bad input reads Chinese', async () => {
    const staff = await e2e.newPage();
    await signInViaUi(staff, STAFF, '/organize/residents');
    const staffToken = await tokenOf(staff);
    const communityId = (await api(staffToken, 'GET', '/api/me')).body.communityId as string;

    // Register: an empty name is refused in Chinese under the field, then the resident is registered.
    const register = staff.getByTestId('resident-register');
    await register.waitFor();
    await register.getByRole('button', { name: '登记' }).click();
    expect((await expectChineseErrors(staff)).join('')).toContain('请填写');
    await register.locator('input[name=name]').fill('测试老人甲');
    await register.getByRole('button', { name: '登记' }).click();
    const chosen = staff.getByTestId('resident-chosen');
    await expect.poll(() => chosen.textContent()).toContain('测试老人甲');

    // Found by a name prefix, marked as managed, without a phone.
    await staff.getByTestId('resident-search').locator('input[name=q]').fill('测试老人');
    await staff.getByTestId('resident-search').getByRole('button', { name: '查找' }).click();
    await expect.poll(() => staff.getByTestId('resident-results').textContent()).toContain('测试老人甲');
    expect(await staff.getByTestId('resident-results').textContent()).toContain('无手机号');
    const found = await api(
      staffToken,
      'GET',
      `/api/users?communityId=${communityId}&q=${encodeURIComponent('测试老人甲')}`,
    );
    const residentId = found.body.items[0].id as string;

    // A card: a malformed number is refused in Chinese; then bound.
    const bind = chosen.getByTestId('bind-card');
    await bind.locator('input[name=cardNo]').fill('ab#');
    await bind.getByRole('button', { name: '绑定积分卡' }).click();
    await expectChineseErrors(staff);
    const cardNo = `E2E${Date.now().toString().slice(-9)}`;
    await bind.locator('input[name=cardNo]').fill(cardNo);
    await bind.getByRole('button', { name: '绑定积分卡' }).click();
    await expect
      .poll(async () => (await api(staffToken, 'GET', `/api/users/${residentId}/cards`)).body?.items?.length)
      .toBe(1);

    // Giving a phone: a malformed number is refused in Chinese.
    const give = chosen.getByTestId('give-phone');
    await give.locator('input[name=phone]').fill('12345');
    await give.getByRole('button', { name: '保存手机号' }).click();
    await expectChineseErrors(staff);
    await screenshot(staff, 'residents-registered');

    // The organiser checks the resident in by proxy, found by name; a time outside the window is refused in Chinese.
    const organiser = await otherPhone();
    await signInViaUi(organiser, ORGANISER, '/organize');
    const orgToken = await tokenOf(organiser);
    const t0 = now(); // the stack's clock (it starts mid-month and tests may move it)
    const created = await api(orgToken, 'POST', '/api/activities', {
      communityId,
      title: '浏览器测试：陪老人读报',
      location: { name: '活动室' },
      startsAt: new Date(t0 - 30 * 60_000).toISOString(),
      endsAt: new Date(t0 + 90 * 60_000).toISOString(),
      capacity: 5,
      pointsPerHour: 10,
    });
    expect(created.status).toBe(201);
    const activityId = created.body.id as string;
    await organiser.goto(`/organize/activities/${activityId}`);
    const proxy = organiser.getByTestId('proxy');
    await proxy.waitFor();
    await proxy.locator('input[name=q]').fill('测试老人甲');
    await proxy.getByRole('button', { name: '查找' }).click();
    await expect.poll(() => proxy.textContent()).toContain('测试老人甲');
    // The phone's clock shows Asia/Shanghai (UTC+8, no daylight saving): the value a datetime-local field takes.
    const local = (ms: number) => new Date(ms + 8 * 3_600_000).toISOString().slice(0, 16);
    await proxy.locator('input[name=checkedInAt]').fill(local(t0 - 2 * 86_400_000));
    await proxy.getByRole('button', { name: '登记', exact: true }).click();
    expect((await expectChineseErrors(organiser)).join('')).toContain('活动开始前 30 分钟');
    await proxy.locator('input[name=checkedInAt]').fill(local(t0 - 20 * 60_000));
    await proxy.getByRole('button', { name: '登记', exact: true }).click();
    await expect
      .poll(async () => (await api(orgToken, 'GET', `/api/activities/${activityId}/attendance`)).body.items)
      .toEqual([expect.objectContaining({ userId: residentId, name: '测试老人甲' })]);

    // Points for the resident (an organiser's adjustment), a gift, and staff redeem by card at the counter.
    expect(
      (await api(orgToken, 'POST', '/api/points/adjustments', { userId: residentId, delta: 50, note: '测试' })).status,
    ).toBe(201);
    const g = await api(staffToken, 'POST', '/api/rewards', {
      communityId,
      name: '浏览器测试大米',
      cost: 20,
      stock: 3,
    });
    expect(g.status).toBe(201);
    await staff.goto('/organize/rewards?tab=card');
    const panel = staff.getByTestId('card-redeem');
    await panel.waitFor();
    await panel.locator('select[name=rewardId]').selectOption(g.body.id);
    await panel.locator('input[name=cardNo]').fill('NOSUCHCARD1');
    await panel.getByRole('button', { name: '兑换并发放' }).click();
    await expectChineseErrors(staff);
    await panel.locator('input[name=cardNo]').fill(cardNo);
    await panel.getByRole('button', { name: '兑换并发放' }).click();
    await expect.poll(() => panel.locator('.notice-success').textContent()).toContain('浏览器测试大米');
    await screenshot(staff, 'residents-redeemed-by-card');
    const list = await api(staffToken, 'GET', `/api/rewards/${g.body.id}/redemptions`);
    expect(list.body.items).toEqual([expect.objectContaining({ userId: residentId, status: 'fulfilled', cost: 20 })]);
    const after = await api(
      staffToken,
      'GET',
      `/api/users?communityId=${communityId}&q=${encodeURIComponent('测试老人甲')}`,
    );
    expect(after.body.items[0].id).toBe(residentId);

    expect(pageErrors(staff)).toEqual([]);
    expect(otherErrors).toEqual([]);
  }, 240_000);
});

describe('forms answer bad input in Chinese only', () => {
  it('publishing an activity with the end before the start, 0 volunteers and 500 points an hour', async () => {
    const page = await e2e.newPage();
    await signInViaUi(page, ORGANISER, '/organize/activities/new');
    await page.locator('input[name=title]').fill('错误输入测试');
    await page.locator('input[name="location.name"]').fill('活动室');
    await page.locator('input[name=endsAt]').fill('2020-01-01T08:00');
    await page.locator('input[name=capacity]').fill('0');
    await page.locator('input[name=pointsPerHour]').fill('500');
    await page.getByRole('button', { name: '发布活动' }).click();
    const lines = await expectChineseErrors(page, 3);
    expect(lines.join('|')).toContain('结束时间必须晚于开始时间');
    expect(lines.join('|')).toContain('不能小于 1');
    expect(lines.join('|')).toContain('不能大于 100');
    await screenshot(page, 'form-errors-activity');
  }, 120_000);

  it('publishing a theme for a past month', async () => {
    const page = await e2e.newPage();
    await signInViaUi(page, STREET_ORGANISER, '/organize/themes');
    await page.locator('input[name=month]').fill('2020-01');
    await page.locator('input[name=title]').fill('过去的主题');
    await page.getByRole('button', { name: '发布', exact: true }).click();
    const lines = await expectChineseErrors(page);
    expect(lines.join('|')).toContain('不能早于本月');
    // Shown once, not under every field.
    expect(lines.filter((l) => l.includes('不能早于本月'))).toHaveLength(1);
  }, 120_000);
});

/** Reads the QR code image inside `scope` the way a phone camera would: pixels → jsQR. */
async function readQr(page: Page, selector: string): Promise<string> {
  const img = page.locator(`${selector} img.qr`);
  await img.waitFor();
  const pixels = await img.evaluate((el: HTMLImageElement) => {
    const c = document.createElement('canvas');
    c.width = el.naturalWidth;
    c.height = el.naturalHeight;
    const g = c.getContext('2d')!;
    g.drawImage(el, 0, 0);
    const bytes = g.getImageData(0, 0, c.width, c.height).data;
    let bin = '';
    for (let i = 0; i < bytes.length; i += 0x8000) bin += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
    return { w: c.width, h: c.height, rgba: btoa(bin) };
  });
  const decoded = jsQR(new Uint8ClampedArray(Buffer.from(pixels.rgba, 'base64')), pixels.w, pixels.h);
  if (!decoded) throw new Error('no QR code found');
  return decoded.data;
}

describe('a printed proof of service', () => {
  it('carries its number, the issuing community and contact, and a QR code that opens its verification page', async () => {
    // A resident of the first community (demo phone 5) served 90 minutes, confirmed by the organiser.
    const volunteer = await e2e.newPage();
    await signInViaUi(volunteer, demoPhone(5), '/me/service');
    const me = (await api(await tokenOf(volunteer), 'GET', '/api/me')).body;
    const organiser = await otherPhone();
    await signInViaUi(organiser, ORGANISER, '/organize');
    const orgToken = await tokenOf(organiser);
    const t0 = now(); // the stack's clock (it starts mid-month and tests may move it)
    const a = await api(orgToken, 'POST', '/api/activities', {
      communityId: me.communityId,
      title: '浏览器测试：社区义诊',
      location: { name: '卫生站' },
      startsAt: new Date(t0 - 3 * 3_600_000).toISOString(),
      endsAt: new Date(t0 - 3_600_000).toISOString(),
      capacity: 5,
      pointsPerHour: 10,
    });
    expect(a.status).toBe(201);
    const put = await api(orgToken, 'PUT', `/api/activities/${a.body.id}/attendance/${me.id}`, {
      checkedInAt: a.body.startsAt,
      checkedOutAt: new Date(Date.parse(a.body.startsAt) + 90 * 60_000).toISOString(),
    });
    expect(put.status).toBe(200);
    expect((await api(orgToken, 'POST', `/api/activities/${a.body.id}/confirm`, {})).status).toBe(200);

    // The volunteer prints the proof: it is issued (numbered) and shows the issuer, its contact and the QR code.
    await volunteer.goto('/me/service');
    await expect.poll(() => volunteer.getByTestId('service-table').textContent()).toContain('浏览器测试：社区义诊');
    await volunteer.evaluate(() => {
      window.print = () => {}; // the print dialog itself is the browser's
    });
    await volunteer.getByRole('button', { name: '打印服务证明' }).click();
    const cert = volunteer.getByTestId('certificate');
    await cert.waitFor();
    const number = ((await volunteer.getByTestId('certificate-number').textContent()) ?? '').replace('证明编号：', '');
    expect(number).toMatch(/^ZYFW-\d{4}-\d{6}$/);
    const org = (await api(null, 'GET', '/api/org')).body as {
      streets: { communities: { id: string; name: string }[] }[];
    };
    const communityName = org.streets.flatMap((s) => s.communities).find((c) => c.id === me.communityId)!.name;
    const text = (await cert.textContent()) ?? '';
    expect(text).toContain(`出具单位：${communityName}`);
    expect(text).toContain(`联系方式：${communityName}服务站 010-`);
    await volunteer.emulateMedia({ media: 'print' });
    expect(await cert.isVisible()).toBe(true);
    await screenshot(volunteer, 'certificate-printed');
    await volunteer.emulateMedia({ media: 'screen' });

    // A school scans the QR code: the verification page (public, no sign-in) shows the same proof.
    const url = await readQr(volunteer, '[data-testid=certificate]');
    expect(url).toMatch(new RegExp(`^${e2e.url}/verify/[0-9A-Z]{26}$`));
    const school = await otherPhone();
    await school.goto(url);
    await school.getByTestId('verify-valid').waitFor();
    const facts = (await school.getByTestId('verify-facts').textContent()) ?? '';
    expect(facts).toContain(number);
    expect(facts).toContain('1.5 小时');
    expect(facts).toContain(communityName);
    expect(facts).toContain(`${Array.from(me.name as string)[0]}*`);
    expect(pageErrors(volunteer)).toEqual([]);
    expect(otherErrors).toEqual([]);
  }, 180_000);
});

describe('volunteer teams and adjustments on the web', () => {
  it('a resident finds and joins a team, the leader approves, the resident leaves after saying yes', async () => {
    const organiser = await otherPhone();
    await signInViaUi(organiser, ORGANISER, '/organize');
    const orgToken = await tokenOf(organiser);
    const communityId = (await api(orgToken, 'GET', '/api/me')).body.communityId as string;
    // The leader (demo phone 6) and the resident (demo phone 7) live in the organiser's community.
    const leaderPage = await otherPhone();
    await signInViaUi(leaderPage, demoPhone(6), '/teams');
    const leaderId = (await api(await tokenOf(leaderPage), 'GET', '/api/me')).body.id as string;
    const team = await api(orgToken, 'POST', '/api/teams', {
      name: '浏览器测试服务队',
      communityId,
      leaderId,
      description: '每周六清理楼道',
    });
    expect(team.status).toBe(201);

    const resident = await e2e.newPage();
    await signInViaUi(resident, demoPhone(7), '/teams');
    await expect.poll(() => resident.getByTestId('team-list').textContent()).toContain('浏览器测试服务队');
    await resident.getByTestId('team-list').getByText('浏览器测试服务队').click();
    await resident.getByRole('button', { name: '申请加入' }).click();
    await expect.poll(() => resident.getByTestId('team-standing').textContent()).toContain('等队长审核');

    await leaderPage.goto(`/teams/${team.body.id}`);
    const approvals = leaderPage.getByTestId('team-approvals');
    await expect.poll(() => approvals.textContent()).toContain('同意');
    await approvals.getByRole('button', { name: '同意' }).click();
    await expect.poll(() => leaderPage.getByTestId('team-roster').textContent()).toMatch(/移出/);
    await expect.poll(() => leaderPage.getByTestId('team-members').textContent()).toContain('2');

    await resident.reload();
    await expect.poll(() => resident.getByTestId('team-standing').textContent()).toContain('您是这个服务队的队员');
    resident.once('dialog', (d) => void d.accept());
    await resident.getByRole('button', { name: '退出服务队' }).click();
    await expect.poll(() => resident.getByRole('button', { name: '申请加入' }).count()).toBe(1);
    await screenshot(resident, 'teams-left');
  }, 180_000);

  it('an organiser adjusts points; bad input reads Chinese, and it asks before it takes effect', async () => {
    const page = await e2e.newPage();
    await signInViaUi(page, ORGANISER, '/organize/adjustments');
    const token = await tokenOf(page);
    const communityId = (await api(token, 'GET', '/api/me')).body.communityId as string;
    expect((await api(token, 'POST', '/api/residents', { name: '测试老人乙', communityId })).status).toBe(201);
    await page.getByTestId('adjust-find').locator('input[name=q]').fill('测试老人乙');
    await page.getByTestId('adjust-find').getByRole('button', { name: '查找' }).click();
    await page.getByTestId('adjust-find').getByRole('button', { name: '选择' }).first().click();
    const form = page.getByTestId('adjust-form');
    await form.locator('input[name=delta]').fill('0');
    await form.locator('input[name=note]').fill('测试');
    page.once('dialog', (d) => void d.accept());
    await form.getByRole('button', { name: '确认调整' }).click();
    expect((await expectChineseErrors(page)).join('')).toContain('不能为 0');
    await form.locator('input[name=delta]').fill('5');
    let asked = '';
    page.once('dialog', (d) => {
      asked = d.message();
      void d.accept();
    });
    await form.getByRole('button', { name: '确认调整' }).click();
    await expect.poll(() => form.locator('.notice-success').textContent()).toContain('+5');
    expect(asked).toContain('确定为 测试老人乙 增加 5 积分吗');
  }, 120_000);

  it('exports: the organiser downloads the attendance and reads the volunteer hours, the volunteer the ledger', async () => {
    // Demo phone 7 lives in the organiser's community; it serves an hour, confirmed by the organiser.
    const volunteer = await e2e.newPage();
    await signInViaUi(volunteer, demoPhone(7), '/points');
    const me = (await api(await tokenOf(volunteer), 'GET', '/api/me')).body;
    const organiser = await otherPhone();
    await signInViaUi(organiser, ORGANISER, '/organize');
    const orgToken = await tokenOf(organiser);
    const t0 = now();
    const a = await api(orgToken, 'POST', '/api/activities', {
      communityId: me.communityId,
      title: '浏览器测试：导出',
      location: { name: '活动室' },
      startsAt: new Date(t0 - 3 * 3_600_000).toISOString(),
      endsAt: new Date(t0 - 3_600_000).toISOString(),
      capacity: 5,
      pointsPerHour: 10,
    });
    expect(a.status).toBe(201);
    const put = await api(orgToken, 'PUT', `/api/activities/${a.body.id}/attendance/${me.id}`, {
      checkedInAt: a.body.startsAt,
      checkedOutAt: new Date(Date.parse(a.body.startsAt) + 60 * 60_000).toISOString(),
    });
    expect(put.status).toBe(200);
    expect((await api(orgToken, 'POST', `/api/activities/${a.body.id}/confirm`, {})).status).toBe(200);

    // The attendance sheet, as a file Excel reads: BOM, Chinese headers with the English, the volunteer's hour.
    await organiser.goto(`/organize/activities/${a.body.id}`);
    const sheet = await downloaded(organiser, '下载签到表 CSV（可用 Excel 打开）');
    expect(sheet.name).toMatch(/^attendance-.*\.csv$/);
    expect(sheet.lines[0]).toContain('姓名(name)');
    expect(sheet.lines.find((l) => l.startsWith(`${me.name},`))).toMatch(/,60,/);

    // The report's community row opens the per-volunteer table: masked phone, 1 activity, 1.0 hour, 10 points.
    await organiser.goto('/organize/report');
    await organiser.getByTestId('report-communities').getByRole('button', { name: '查看志愿者时长' }).first().click();
    const row = organiser.getByTestId('volunteer-hours-row').filter({ hasText: me.name as string });
    await expect.poll(() => row.count()).toBe(1);
    const cells = await row.locator('th, td').allTextContents();
    expect(cells[1]).toMatch(/^1\d{2}\*{4}\d{4}$/);
    expect(cells.slice(3, 5)).toEqual([expect.stringMatching(/^\d+\.\d$/), expect.stringMatching(/^\d+$/)]);
    expect(Number(cells[3])).toBeGreaterThanOrEqual(1);

    // The volunteer downloads the whole ledger: the confirm's +10 with the activity's title.
    await volunteer.goto('/points');
    const ledger = await downloaded(volunteer, '下载全部明细 CSV（可用 Excel 打开）');
    expect(ledger.name).toBe('ledger.csv');
    expect(ledger.lines[0]).toContain('时间(at),变动(delta)');
    expect(ledger.lines.some((l) => l.includes(',10,volunteer,') && l.includes('浏览器测试：导出'))).toBe(true);
    expect(pageErrors(volunteer)).toEqual([]);
    expect(otherErrors).toEqual([]);
  }, 180_000);
});
