import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import {
  fieldIssueOf,
  localizeDetail,
  localizeFieldIssue,
  pickLang,
  PROBLEM_TITLES,
} from '../../../shared/error-messages.js';
import { ActivityInput } from '../../../shared/schemas/activities.js';

const english = /[A-Za-z]{2,}/;

describe('pickLang', () => {
  it('defaults to zh-CN', () => {
    expect(pickLang(undefined)).toBe('zh-CN');
    expect(pickLang('fr-FR')).toBe('zh-CN');
  });
  it('takes the highest-ranked language it speaks', () => {
    expect(pickLang('en-US,en;q=0.9')).toBe('en');
    expect(pickLang('fr;q=1, zh-TW;q=0.5, en;q=0.8')).toBe('en');
    expect(pickLang('zh-CN,zh;q=0.9,en;q=0.8')).toBe('zh-CN');
  });
  it('lets a saved preference win over the header', () => {
    expect(pickLang('en', 'zh-CN')).toBe('zh-CN');
    expect(pickLang('zh-CN', 'en')).toBe('en');
  });
});

describe('field errors', () => {
  const bad = {
    communityId: 'x',
    title: '',
    location: { name: 'A', radiusM: 50 },
    startsAt: '2026-11-21T10:00:00.000Z',
    endsAt: '2026-11-21T09:00:00.000Z',
    capacity: 0,
    pointsPerHour: 500,
  };
  const issues = ActivityInput.safeParse(bad).error!.issues.map((i) => fieldIssueOf(i));
  const byPath = Object.fromEntries(issues.map((i) => [i.path, i]));

  it('gives each field a stable code', () => {
    expect(byPath.title?.code).toBe('required');
    expect(byPath.capacity?.code).toBe('too_small');
    expect(byPath.pointsPerHour?.code).toBe('too_big');
    expect(byPath.communityId?.code).toBe('id');
    expect(byPath['location.radiusM']?.code).toBe('geofence_needs_point');
  });

  it('words every one in Chinese without an English word', () => {
    const out = issues.map((i) => localizeFieldIssue(i, 'zh-CN'));
    for (const e of out) expect(e.message).not.toMatch(english);
    expect(out.find((e) => e.path === 'pointsPerHour')?.message).toBe('不能大于 100');
    expect(out.find((e) => e.path === 'capacity')?.message).toBe('不能小于 1');
  });

  it('words them in English for en', () => {
    const cap = localizeFieldIssue(byPath.capacity!, 'en');
    expect(cap).toEqual({ path: 'capacity', code: 'too_small', message: 'Must be at least 1' });
  });

  it('names the end-before-start refinement', () => {
    const r = ActivityInput.safeParse({
      ...bad,
      title: 'T',
      communityId: '01J00000000000000000000000',
      capacity: 1,
      pointsPerHour: 1,
      location: { name: 'A' },
    });
    const e = r.error!.issues.map((i) => localizeFieldIssue(fieldIssueOf(i), 'zh-CN'));
    expect(e).toEqual([{ path: 'endsAt', code: 'after_start', message: '结束时间必须晚于开始时间' }]);
  });

  it('calls a missing field required and a text too long by its length', () => {
    const s = z.object({ a: z.string(), b: z.string().max(3) });
    const e = s.safeParse({ b: 'abcd' }).error!.issues.map((i) => localizeFieldIssue(fieldIssueOf(i), 'zh-CN'));
    expect(e).toEqual([
      { path: 'a', code: 'required', message: '请填写这一项' },
      { path: 'b', code: 'too_big', message: '最多 3 个字' },
    ]);
  });

  it('finds the code of an English message a service wrote', () => {
    expect(
      localizeFieldIssue({ path: 'month', message: 'must not be earlier than the current month' }, 'zh-CN'),
    ).toEqual({
      path: 'month',
      code: 'past_month',
      message: '不能早于本月',
    });
  });
});

describe('details', () => {
  it('translates known sentences with their values', () => {
    expect(localizeDetail('2026-12 already has its mandatory theme', 'zh-CN')).toBe('2026-12 已经有必选主题了');
    expect(localizeDetail('This needs 30 points; the balance is 5', 'zh-CN')).toBe('需要 30 积分，当前余额 5');
    expect(localizeDetail('Activity not found', 'zh-CN')).toBe('找不到活动');
    expect(localizeDetail('Only 2 left; you asked for 3', 'zh-CN')).toBe('只剩 2 件，您要兑换 3 件');
  });
  it('leaves out a sentence it cannot translate rather than show English', () => {
    expect(localizeDetail('A sentence nobody wrote yet', 'zh-CN')).toBeUndefined();
  });
  it('keeps English for en', () => {
    expect(localizeDetail('Check in first', 'en')).toBe('Check in first');
  });
  it('has a Chinese title without English for every problem', () => {
    for (const t of Object.values(PROBLEM_TITLES)) expect(t['zh-CN']).not.toMatch(english);
  });
});
