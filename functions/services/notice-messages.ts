import type { NoticeKind, NoticeLanguage } from '../../shared/schemas/notifications.js';
import type { NoticeVars } from '../db/notifications.js';

interface Template {
  title: string;
  body: string;
}

/**
 * Title and body of every kind in both languages. `{name}` is filled from the notice's vars; the inbox renders
 * them when read, so a person who switches language sees the old notices in the new one too.
 */
export const noticeMessages: Record<NoticeKind, Record<NoticeLanguage, Template>> = {
  'activity-reminder': {
    'zh-CN': {
      title: '活动提醒：{title}',
      body: '您报名的志愿活动「{title}」将于 {when} 开始（约 {hours} 小时后），地点：{place}。请准时签到。',
    },
    en: {
      title: 'Reminder: {title}',
      body: '“{title}”, which you signed up for, starts at {when} (in about {hours} h) at {place}. Please check in on time.',
    },
  },
  'waitlist-promoted': {
    'zh-CN': { title: '候补成功：{title}', body: '您已从候补转为正式报名「{title}」，活动于 {when} 开始。' },
    en: {
      title: 'You have a place: {title}',
      body: 'You moved from the waitlist to a confirmed place in “{title}”, starting at {when}.',
    },
  },
  'activity-changed': {
    'zh-CN': { title: '活动有变更：{title}', body: '您报名的活动「{title}」已修改：{when}，地点：{place}。{status}' },
    en: {
      title: 'Activity changed: {title}',
      body: '“{title}”, which you signed up for, has changed: {when} at {place}. {status}',
    },
  },
  'activity-cancelled': {
    'zh-CN': { title: '活动已取消：{title}', body: '您报名的活动「{title}」（{when}）已取消。原因：{reason}' },
    en: {
      title: 'Activity cancelled: {title}',
      body: '“{title}” ({when}), which you signed up for, is cancelled. Reason: {reason}',
    },
  },
  'hours-confirmed': {
    'zh-CN': { title: '服务时长已确认', body: '「{title}」的服务时长已确认：{minutes} 分钟，获得 {points} 积分。' },
    en: {
      title: 'Service hours confirmed',
      body: 'Your hours for “{title}” are confirmed: {minutes} minutes, {points} points.',
    },
  },
  'no-show': {
    'zh-CN': {
      title: '缺席记录：{title}',
      body: '您报名了「{title}」（{when}）但没有签到，已记为缺席。如有特殊情况请联系组织者。',
    },
    en: {
      title: 'Recorded as absent: {title}',
      body: 'You signed up for “{title}” ({when}) but did not check in, so it is recorded as a no-show. Contact the organiser if there was a reason.',
    },
  },
  'redemption-reserved': {
    'zh-CN': {
      title: '兑换成功：{reward}',
      body: '您已兑换「{reward}」，取货码 {pickupCode}，请在 {until} 前到服务站领取。',
    },
    en: {
      title: 'Reserved: {reward}',
      body: 'You reserved “{reward}”. Pickup code {pickupCode}; collect it at the service station before {until}.',
    },
  },
  'reservation-expiring': {
    'zh-CN': {
      title: '请尽快领取：{reward}',
      body: '您兑换的「{reward}」将于 {until} 过期，取货码 {pickupCode}。过期未领将自动取消并退回积分。',
    },
    en: {
      title: 'Collect soon: {reward}',
      body: 'Your “{reward}” reservation lapses at {until} (pickup code {pickupCode}). If not collected it is cancelled and the points refunded.',
    },
  },
  'reservation-expired': {
    'zh-CN': {
      title: '兑换已过期：{reward}',
      body: '您兑换的「{reward}」未在期限内领取，已取消，{points} 积分已退回。',
    },
    en: {
      title: 'Reservation lapsed: {reward}',
      body: 'Your “{reward}” was not collected in time; it is cancelled and {points} points were refunded.',
    },
  },
  'correction-answered': {
    'zh-CN': { title: '纠错申请已处理：{title}', body: '您对「{title}」的纠错申请{outcome}' },
    en: { title: 'Correction request answered: {title}', body: 'Your correction request for “{title}” {outcome}' },
  },
};

const fill = (template: string, vars: NoticeVars): string =>
  template.replace(/\{(\w+)\}/g, (all, k: string) => {
    const v = vars[k];
    return v === undefined ? '' : String(v);
  });

/** A notice's title and body in `language`; a var may itself come in both languages as `<name>@en`. */
export function renderNotice(
  kind: NoticeKind,
  vars: NoticeVars,
  language: NoticeLanguage,
): { title: string; body: string } {
  const t = noticeMessages[kind][language];
  // Vars that depend on the language (a status sentence, an outcome) are stored as `name` (zh) and `name@en`.
  const localized: NoticeVars = { ...vars };
  if (language === 'en') {
    for (const [k, v] of Object.entries(vars)) if (k.endsWith('@en')) localized[k.slice(0, -3)] = v;
  }
  return { title: fill(t.title, localized).trim(), body: fill(t.body, localized).trim() };
}

/** One text message: the app's signature, then title and body. */
export const smsText = (r: { title: string; body: string }, language: NoticeLanguage): string =>
  language === 'en' ? `[Community Points] ${r.body}` : `【社区积分】${r.body}`;
