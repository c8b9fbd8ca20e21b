import { ApiError } from './api-error.js';
import { messages, type Lang } from './i18n/index.js';

/** What a person should read for each problem slug (the API's titles are for developers). */
const m = messages({
  zh: {
    validation: '填写的内容有误，请检查后再试。',
    'invalid-json': '请求格式有误，请刷新页面后再试。',
    unauthorized: '请先登录。',
    'invalid-signature': '设备签名无效。',
    forbidden: '您没有权限做这件事。',
    'not-found': '找不到这条内容，可能已被删除。',
    conflict: '这件事已经办过了，或者与现有记录冲突。',
    'insufficient-points': '积分不足。',
    'out-of-stock': '已经兑换完了。',
    'limit-reached': '已达到兑换上限。',
    'already-checked-in': '您已经签到过了。',
    'not-checked-in': '您还没有签到。',
    'already-confirmed': '服务时长已经确认过了。',
    'outside-window': '现在不在可办理的时间内。',
    'duplicate-theme': '这个月已经有必选主题了。',
    'invalid-code': '验证码或签到码不对，请重新输入。',
    'outside-geofence': '您不在活动地点附近。',
    'payload-too-large': '内容太多了，请分几次提交。',
    'rate-limited': '操作太频繁，请稍等几分钟再试。',
    'header-too-large': '请求头过大，请清除本站的 Cookie 后重试。',
    internal: '系统繁忙，请稍后再试。',
    network: '网络不通，请检查网络后再试。',
    unknown: '出了点问题，请稍后再试。',
  },
  en: {
    validation: 'Some entries are not right. Please check and try again.',
    'invalid-json': 'The request was malformed. Please reload the page.',
    unauthorized: 'Please sign in first.',
    'invalid-signature': 'The device signature is not valid.',
    forbidden: 'You are not allowed to do this.',
    'not-found': 'This could not be found; it may have been removed.',
    conflict: 'This was already done, or it clashes with an existing record.',
    'insufficient-points': 'Not enough points.',
    'out-of-stock': 'Out of stock.',
    'limit-reached': 'You have reached the limit for this reward.',
    'already-checked-in': 'You have already checked in.',
    'not-checked-in': 'You have not checked in yet.',
    'already-confirmed': 'The service hours are already confirmed.',
    'outside-window': 'This is not open right now.',
    'duplicate-theme': 'This month already has a mandatory theme.',
    'invalid-code': 'The code is not right. Please enter it again.',
    'outside-geofence': 'You are not near the activity location.',
    'payload-too-large': 'That is too much at once. Please send it in parts.',
    'rate-limited': 'Too many tries. Please wait a few minutes.',
    'header-too-large': "The request headers are too large. Clear this site's cookies and try again.",
    internal: 'The service is busy. Please try again later.',
    network: 'No connection. Please check your network and try again.',
    unknown: 'Something went wrong. Please try again later.',
  },
});

/**
 * The message to show a person for any thrown error, in the current (or given) language.
 * Pages may override a slug for their context: `problemMessage(err, { conflict: m.t('alreadySignedUp') })`.
 */
export function problemMessage(err: unknown, overrides: Partial<Record<string, string>> = {}, language?: Lang): string {
  const slug: string = err instanceof ApiError ? err.slug : 'unknown';
  const own = overrides[slug];
  if (own) return own;
  const key = m.has(slug) ? slug : 'unknown'; // a slug newer than this web build
  return language ? m.in(language, key) : m.t(key);
}

/** The failure of a form's submit: a validation problem stays whole (its field errors go under their fields), anything else becomes one line to show. */
export const formError = (err: unknown, overrides: Partial<Record<string, string>> = {}): ApiError | string =>
  err instanceof ApiError && err.errors.length ? err : problemMessage(err, overrides);
