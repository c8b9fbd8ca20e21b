import { afterEach, describe, expect, it } from 'vitest';
import { advanceClock, resetClock, setClock } from '../../../functions/clock.js';
import { handler as noticesJob } from '../../../functions/jobs/notices.js';
import { deliverSms, notify, sendDueTexts } from '../../../functions/services/notify.js';
import { setSmsSender, outboxSender } from '../../../functions/services/sms.js';
import { DAY, HOUR, MINUTE } from '../../../shared/time.js';
import { handler as expireJob } from '../../../functions/jobs/expire-reservations.js';
import { sumLedger } from '../../../functions/db/ledger.js';
import { gift, makeStreet, redeemCall, resident, staffOf } from '../../fixtures/rewards.js';
import { config } from '../../../functions/config.js';
import { shortLocalTime } from '../../../functions/services/quiet-hours.js';
import { signToken } from '../../../functions/services/jwt.js';
import { signingKeys } from '../../../functions/services/signing-keys.js';
import { call, useTable } from '../../fixtures/api.js';
import { injectFaults } from '../../fixtures/faults.js';
import { activityBody, newActivity, smallCity, userWith } from '../../fixtures/volunteer.js';

useTable();

afterEach(() => {
  resetClock();
  setSmsSender(undefined);
});

/** Notice texts in the local outbox (sign-in codes excluded). */
async function texts(phone: string): Promise<string[]> {
  const r = await call('GET', `/api/dev/outbox?phone=${phone}`);
  return (r.body.items as { code: string; text: string }[]).filter((m) => !m.code).map((m) => m.text);
}

const inboxOf = async (token: string) => (await call('GET', '/api/me/notifications', { token })).body;

/** 10:00 on a weekday in Asia/Shanghai (02:00 UTC): outside quiet hours. */
const DAYTIME = '2031-03-04T02:00:00.000Z';
/** 22:30 in Asia/Shanghai: inside quiet hours. */
const NIGHT = '2031-03-04T14:30:00.000Z';

/** startsAt/endsAt of an activity starting `inMs` after DAYTIME (years ahead, so sign-ups are open). */
const at = (inMs: number) => ({
  startsAt: new Date(Date.parse(DAYTIME) + inMs).toISOString(),
  endsAt: new Date(Date.parse(DAYTIME) + inMs + 2 * HOUR).toISOString(),
});

const reminder = (userId: string, subject = 'A1:24h') => ({
  userId,
  kind: 'activity-reminder' as const,
  subject,
  ref: 'activity:A1',
  vars: { title: '清理楼道', when: '03-05 10:00', place: '3号楼', hours: 24 },
});

describe('preferences', () => {
  it('default to zh-CN and the contract’s SMS kinds, and can be changed', async () => {
    const p = await userWith();
    const got = await call('GET', '/api/me/preferences', { token: p.token });
    expect(got.status).toBe(200);
    expect(got.body).toEqual({
      language: 'zh-CN',
      sms: ['activity-reminder', 'activity-cancelled', 'reservation-expiring'],
    });
    const set = await call('PATCH', '/api/me/preferences', { token: p.token, body: { language: 'en', sms: [] } });
    expect(set.body).toEqual({ language: 'en', sms: [] });
    expect((await call('GET', '/api/me/preferences', { token: p.token })).body).toEqual({ language: 'en', sms: [] });
    const bad = await call('PATCH', '/api/me/preferences', { token: p.token, body: { sms: ['spam'] } });
    expect(bad.status).toBe(400);
    expect((await call('GET', '/api/me/preferences')).status).toBe(401);
  });
});

describe('a notice', () => {
  it('is sent exactly once per (person, kind, subject) even when many senders race', async () => {
    setClock(DAYTIME, { freeze: true });
    const p = await userWith();
    const results = await Promise.all(Array.from({ length: 8 }, () => notify(reminder(p.userId))));
    expect(results.filter(Boolean)).toHaveLength(1);
    expect(await notify(reminder(p.userId))).toBe(false); // a replay later
    const box = await inboxOf(p.token);
    expect(box.items).toHaveLength(1);
    expect(box.unread).toBe(1);
    expect(box.items[0]).toMatchObject({ kind: 'activity-reminder', ref: 'activity:A1', readAt: null });
    expect(box.items[0].title).toBe('活动提醒：清理楼道');
    expect(await texts(p.phone)).toHaveLength(1);
    // Another subject is another notice.
    expect(await notify(reminder(p.userId, 'A1:2h'))).toBe(true);
    expect((await inboxOf(p.token)).items).toHaveLength(2);
  });

  it('is written in the person’s language and texted only for kinds they allow', async () => {
    setClock(DAYTIME, { freeze: true });
    const p = await userWith();
    await call('PATCH', '/api/me/preferences', { token: p.token, body: { language: 'en', sms: ['no-show'] } });
    await notify(reminder(p.userId));
    const box = await inboxOf(p.token);
    expect(box.items[0].title).toBe('Reminder: 清理楼道');
    expect(box.items[0].body).toContain('in about 24 h');
    expect(await texts(p.phone)).toEqual([]);
  });

  it('waits out quiet hours: in the inbox at once, the text at 08:00, once however often the job runs', async () => {
    setClock(NIGHT, { freeze: true });
    const p = await userWith();
    await notify(reminder(p.userId));
    expect((await inboxOf(p.token)).unread).toBe(1);
    expect(await sendDueTexts()).toEqual({ sent: 0 });
    expect(await texts(p.phone)).toEqual([]);
    advanceClock(9 * HOUR); // 07:30
    expect(await sendDueTexts()).toEqual({ sent: 0 });
    advanceClock(30 * MINUTE); // 08:00
    const runs = await Promise.all([sendDueTexts(), sendDueTexts(), sendDueTexts()]);
    expect(runs.reduce((s, r) => s + r.sent, 0)).toBe(1);
    await sendDueTexts();
    const sent = await texts(p.phone);
    expect(sent).toHaveLength(1);
    expect(sent[0]).toMatch(/^【社区积分】您报名的志愿活动「清理楼道」/);
  });

  it('is texted again later when the gateway refuses, and never twice', async () => {
    setClock(DAYTIME, { freeze: true });
    const p = await userWith();
    let refuse = true;
    setSmsSender({
      ...outboxSender,
      async sendText(phone, text) {
        if (refuse) throw new Error('gateway down');
        await outboxSender.sendText(phone, text);
      },
    });
    await notify(reminder(p.userId));
    expect(await texts(p.phone)).toEqual([]);
    refuse = false;
    advanceClock(2 * MINUTE);
    expect((await sendDueTexts()).sent).toBe(1);
    expect((await sendDueTexts()).sent).toBe(0);
    expect(await texts(p.phone)).toHaveLength(1);
  });

  it('is marked read one by one or all at once', async () => {
    setClock(DAYTIME, { freeze: true });
    const p = await userWith();
    for (const s of ['a', 'b', 'c']) await notify(reminder(p.userId, s));
    const box = await inboxOf(p.token);
    expect(box.items.map((n: { createdAt: string }) => n.createdAt)).toHaveLength(3);
    expect(box.unread).toBe(3);
    const one = box.items[0].id;
    expect((await call('POST', '/api/me/notifications/read', { token: p.token, body: { ids: [one] } })).status).toBe(
      204,
    );
    // Reading it again changes nothing.
    await call('POST', '/api/me/notifications/read', { token: p.token, body: { ids: [one] } });
    const after = await inboxOf(p.token);
    expect(after.unread).toBe(2);
    expect(after.items.find((n: { id: string }) => n.id === one).readAt).not.toBeNull();
    expect((await call('POST', '/api/me/notifications/read', { token: p.token })).status).toBe(204);
    expect((await inboxOf(p.token)).unread).toBe(0);
    // Someone else's ids are not mine to read.
    const q = await userWith();
    await notify(reminder(q.userId));
    const theirs = (await inboxOf(q.token)).items[0].id;
    await call('POST', '/api/me/notifications/read', { token: p.token, body: { ids: [theirs] } });
    expect((await inboxOf(q.token)).unread).toBe(1);
  });

  it('pages newest first', async () => {
    setClock(DAYTIME, { freeze: true });
    const p = await userWith();
    for (const s of ['1', '2', '3']) {
      await notify(reminder(p.userId, s));
      advanceClock(MINUTE);
    }
    const first = (await call('GET', '/api/me/notifications?limit=2', { token: p.token })).body;
    expect(first.items).toHaveLength(2);
    expect(first.nextCursor).not.toBeNull();
    const rest = (await call('GET', `/api/me/notifications?limit=2&cursor=${first.nextCursor}`, { token: p.token }))
      .body;
    const all = [...first.items, ...rest.items].map((n: { createdAt: string }) => n.createdAt);
    expect(all).toEqual([...all].sort().reverse());
    expect(all).toHaveLength(3);
  });
});

describe('the notices job', () => {
  it('reminds confirmed sign-ups 24 h and 2 h before, once each, however often and concurrently it runs', async () => {
    // 10:00 in Shanghai, 20 h before the start, so the texts go out at once.
    setClock(DAYTIME);
    const city = await smallCity();
    const a = await newActivity(
      city.organizer.token,
      activityBody(city.community.id, { capacity: 1, ...at(20 * HOUR) }),
    );
    const v = await city.resident('张志愿');
    const w = await city.resident('候补者');
    expect((await call('POST', `/api/activities/${a.id}/signups`, { token: v.token })).body.status).toBe('confirmed');
    expect((await call('POST', `/api/activities/${a.id}/signups`, { token: w.token })).body.status).toBe('waitlisted');
    await Promise.all([noticesJob(undefined), noticesJob(undefined), noticesJob(undefined)]);
    await noticesJob(undefined);
    let box = await inboxOf(v.token);
    expect(box.items.map((n: { kind: string }) => n.kind)).toEqual(['activity-reminder']);
    expect((await inboxOf(w.token)).items).toEqual([]); // waitlisted: not reminded
    advanceClock(19 * HOUR); // 1 h before
    await Promise.all([noticesJob(undefined), noticesJob(undefined)]);
    box = await inboxOf(v.token);
    expect(box.items).toHaveLength(2);
    expect(box.items[0].body).toContain('约 1 小时后');
  });

  it('reminds again for the new time when the organiser moves the start, once however often it runs', async () => {
    setClock(DAYTIME);
    const city = await smallCity();
    const a = await newActivity(city.organizer.token, activityBody(city.community.id, at(20 * HOUR)));
    const v = await city.resident('改期者');
    expect((await call('POST', `/api/activities/${a.id}/signups`, { token: v.token })).body.status).toBe('confirmed');
    await noticesJob(undefined);
    const reminders = async () =>
      ((await inboxOf(v.token)).items as { kind: string; body: string }[]).filter(
        (n) => n.kind === 'activity-reminder',
      );
    expect(await reminders()).toHaveLength(1);
    // Moved two days later: the reminder already sent named the old time.
    const moved = at(68 * HOUR);
    const patched = await call('PATCH', `/api/activities/${a.id}`, { token: city.organizer.token, body: moved });
    expect(patched.status, JSON.stringify(patched.body)).toBe(200);
    await noticesJob(undefined); // 68 h ahead: nothing yet
    expect(await reminders()).toHaveLength(1);
    advanceClock(48 * HOUR); // 20 h before the new start
    const fresh = { ...v, token: signToken(await signingKeys(), v.userId, 3600).token };
    await Promise.all([noticesJob(undefined), noticesJob(undefined)]);
    await noticesJob(undefined);
    const after = ((await inboxOf(fresh.token)).items as { kind: string; body: string }[]).filter(
      (n) => n.kind === 'activity-reminder',
    );
    expect(after).toHaveLength(2);
    expect(after[0]!.body).toContain(shortLocalTime(moved.startsAt, config().tzName));
  });

  it('sends nothing twice when a run dies halfway and runs again', async () => {
    setClock(DAYTIME);
    const city = await smallCity();
    const a = await newActivity(city.organizer.token, activityBody(city.community.id, at(10 * HOUR)));
    const people = await Promise.all(['甲', '乙', '丙', '丁'].map((n) => city.resident(n)));
    for (const p of people) await call('POST', `/api/activities/${a.id}/signups`, { token: p.token });
    // The run dies at the second text: the process is gone, whatever it was doing stops there.
    let sends = 0;
    setSmsSender({
      ...outboxSender,
      async sendText(phone, text) {
        if (++sends === 2) throw Object.assign(new Error('killed'), { fatal: true });
        await outboxSender.sendText(phone, text);
      },
    });
    await noticesJob(undefined).catch(() => undefined);
    setSmsSender(undefined);
    advanceClock(2 * MINUTE);
    await noticesJob(undefined);
    await noticesJob(undefined);
    for (const p of people) {
      expect((await inboxOf(p.token)).items).toHaveLength(1);
      expect((await texts(p.phone)).length).toBe(1);
    }
  });

  it('after lost answers (notices written, the job told they failed) a rerun adds nothing and texts each once', async () => {
    setClock(DAYTIME);
    const city = await smallCity();
    const a = await newActivity(city.organizer.token, activityBody(city.community.id, at(6 * HOUR)));
    const people = await Promise.all(['戊', '己', '庚'].map((n) => city.resident(n)));
    for (const p of people) await call('POST', `/api/activities/${a.id}/signups`, { token: p.token });
    const faults = injectFaults({ lostResponse: 1, commands: ['TransactWriteItemsCommand'] });
    await expect(noticesJob(undefined)).rejects.toThrow(/notices failed/);
    faults.remove();
    expect(faults.stats.lostResponses).toBeGreaterThanOrEqual(3);
    await noticesJob(undefined);
    await noticesJob(undefined);
    for (const p of people) {
      expect((await inboxOf(p.token)).items).toHaveLength(1);
      expect(await texts(p.phone)).toHaveLength(1);
    }
  });

  it('a text claimed by one sender is not sent by another', async () => {
    setClock(NIGHT, { freeze: true });
    const p = await userWith();
    await notify(reminder(p.userId));
    const id = (await inboxOf(p.token)).items[0].id;
    advanceClock(10 * HOUR);
    const both = await Promise.all([deliverSms(p.userId, id), deliverSms(p.userId, id)]);
    expect(both.filter(Boolean)).toHaveLength(1);
    expect(await texts(p.phone)).toHaveLength(1);
  });
});

describe('reservation notices', () => {
  it('“collect soon” and “refunded” go once per reservation though the jobs lose answers, die and overlap', async () => {
    setClock(DAYTIME);
    const { communityId } = await makeStreet();
    const staff = await staffOf(communityId);
    const g = await gift(staff.token, { communityId, cost: 10, stock: 10 });
    const people = await Promise.all(['兑一', '兑二', '兑三'].map((n) => resident(communityId, 50, n)));
    for (const p of people) expect((await redeemCall(p.token, g.id)).status).toBe(201);
    const kinds = async (p: { userId: string }) => {
      const token = signToken(await signingKeys(), p.userId, 3600).token;
      const items = (await inboxOf(token)).items as { kind: string }[];
      return items.map((n) => n.kind).filter((k) => k.startsWith('reservation-'));
    };

    advanceClock(6 * DAY + HOUR); // within 24 h of lapsing
    const faults = injectFaults({ lostResponse: 1, commands: ['TransactWriteItemsCommand'] });
    await expect(noticesJob(undefined)).rejects.toThrow(/notices failed/);
    faults.remove();
    await Promise.all([noticesJob(undefined), noticesJob(undefined)]);
    for (const p of people) expect(await kinds(p)).toEqual(['reservation-expiring']);

    advanceClock(DAY); // lapsed: refunded with the notice in the same transaction
    const dying = injectFaults({ lostResponse: 1, commands: ['TransactWriteItemsCommand'] });
    await expireJob(undefined).catch(() => undefined);
    dying.remove();
    await Promise.all([expireJob(undefined), expireJob(undefined)]);
    await expireJob(undefined);
    for (const p of people) {
      expect(await kinds(p)).toEqual(['reservation-expired', 'reservation-expiring']);
      expect(await sumLedger(p.userId)).toBe(50);
    }
  });
});

describe('hours-confirmed', () => {
  it('tells each volunteer their minutes and points once, when the organiser confirms', async () => {
    setClock(DAYTIME);
    const city = await smallCity();
    const a = await newActivity(city.organizer.token, activityBody(city.community.id, at(-3 * HOUR)));
    const v = await city.resident('确认者');
    const start = Date.parse(a.startsAt);
    const put = await call('PUT', `/api/activities/${a.id}/attendance/${v.userId}`, {
      token: city.organizer.token,
      body: { checkedInAt: new Date(start).toISOString(), checkedOutAt: new Date(start + 90 * MINUTE).toISOString() },
    });
    expect(put.status).toBe(200);
    const r = await call('POST', `/api/activities/${a.id}/confirm`, { token: city.organizer.token, body: {} });
    expect(r.status).toBe(200);
    const box = await inboxOf(v.token);
    expect(box.items).toHaveLength(1);
    expect(box.items[0]).toMatchObject({ kind: 'hours-confirmed', ref: `activity:${a.id}` });
    expect(box.items[0].body).toContain('90 分钟，获得 15 积分');
  });
});
