/**
 * What a problem says to a person, in their language (API.md "Conventions": zh-CN by default, or en).
 *
 * The API throws errors with developer-facing English (`AppError('conflict', 'You have already signed up…')`,
 * zod issues); this module is the one table that turns them into words for people at the edge. The web imports
 * the same table so a field error reads the same wherever it is shown.
 *
 * - Field errors: every `errors[]` item gets a stable `code` (`too_small`, `required`, `after_start`, …); the message
 *   is chosen by code (and the kind of value: a text that is too long is not a number that is too big).
 * - Details: the English sentences the services write are matched against `DETAILS` below; one that has no
 *   entry yet is dropped in Chinese rather than shown in English (the title still says what happened).
 */
import type { ProblemSlug } from './errors.js';

export type ApiLang = 'zh-CN' | 'en';
export const DEFAULT_API_LANG: ApiLang = 'zh-CN';

/**
 * The language of an answer: the person's saved preference wins, then the first language of `Accept-Language`
 * that we speak, then zh-CN. (`en-US;q=0.9` → en; `zh-TW` → zh-CN, the only Chinese we write.)
 */
export function pickLang(acceptLanguage: string | null | undefined, saved?: string | null): ApiLang {
  if (saved === 'en' || saved === 'zh-CN') return saved;
  if (!acceptLanguage) return DEFAULT_API_LANG;
  const ranked = acceptLanguage
    .split(',')
    .map((part, i) => {
      const [tag = '', ...params] = part.trim().split(';');
      const q = params.map((p) => /^\s*q=([\d.]+)\s*$/.exec(p)?.[1]).find(Boolean);
      return { tag: tag.trim().toLowerCase(), q: q === undefined ? 1 : Number(q), i };
    })
    .filter((x) => x.tag && x.q > 0)
    .sort((a, b) => b.q - a.q || a.i - b.i);
  for (const { tag } of ranked) {
    if (tag === 'zh' || tag.startsWith('zh-')) return 'zh-CN';
    if (tag === 'en' || tag.startsWith('en-')) return 'en';
  }
  return DEFAULT_API_LANG;
}

type Text = { 'zh-CN': string; en: string };
type Vars = Record<string, string | number>;

const fill = (template: string, vars: Vars = {}) =>
  template.replace(/\{(\w+)\}/g, (all, k: string) => (k in vars ? String(vars[k]) : all));

/** Short titles of each problem type. */
export const PROBLEM_TITLES: Record<ProblemSlug, Text> = {
  validation: { 'zh-CN': '填写的内容有误', en: 'Validation failed' },
  'invalid-json': { 'zh-CN': '请求格式有误', en: 'Malformed JSON body' },
  unauthorized: { 'zh-CN': '请先登录', en: 'Unauthorized' },
  'invalid-signature': { 'zh-CN': '设备签名无效', en: 'Invalid signature' },
  forbidden: { 'zh-CN': '没有权限', en: 'Forbidden' },
  'not-found': { 'zh-CN': '找不到', en: 'Not found' },
  conflict: { 'zh-CN': '与现有记录冲突', en: 'Conflict' },
  'insufficient-points': { 'zh-CN': '积分不足', en: 'Insufficient points' },
  'out-of-stock': { 'zh-CN': '库存不足', en: 'Out of stock' },
  'limit-reached': { 'zh-CN': '已达上限', en: 'Limit reached' },
  'already-checked-in': { 'zh-CN': '已经签到过了', en: 'Already checked in' },
  'not-checked-in': { 'zh-CN': '还没有签到', en: 'Not checked in' },
  'already-confirmed': { 'zh-CN': '时长已经确认过了', en: 'Already confirmed' },
  'outside-window': { 'zh-CN': '不在可办理的时间内', en: 'Outside the allowed time window' },
  'duplicate-theme': { 'zh-CN': '本月已有必选主题', en: 'Duplicate theme' },
  'invalid-code': { 'zh-CN': '码不对或已过期', en: 'Invalid code' },
  'outside-geofence': { 'zh-CN': '不在活动地点附近', en: 'Outside the geofence' },
  'payload-too-large': { 'zh-CN': '内容太多', en: 'Payload too large' },
  'rate-limited': { 'zh-CN': '操作太频繁', en: 'Too many requests' },
  'header-too-large': { 'zh-CN': '请求头过大', en: 'Request headers too large' },
  internal: { 'zh-CN': '系统繁忙', en: 'Internal error' },
};

export const problemTitle = (slug: ProblemSlug, lang: ApiLang): string => PROBLEM_TITLES[slug][lang];

/** Messages of field errors by `code`; `{min}`, `{max}`, `{month}`, … come from the issue. */
const FIELD: Record<string, Text> = {
  required: { 'zh-CN': '请填写这一项', en: 'Required' },
  invalid: { 'zh-CN': '填写的内容不符合要求', en: 'Not valid' },
  invalid_type: { 'zh-CN': '填写的内容类型不对', en: 'Has the wrong type' },
  not_integer: { 'zh-CN': '请填写整数', en: 'Must be a whole number' },
  'too_small.string': { 'zh-CN': '至少要 {min} 个字', en: 'Must be at least {min} characters' },
  'too_small.empty': { 'zh-CN': '不能为空', en: 'Must not be empty' },
  'too_small.number': { 'zh-CN': '不能小于 {min}', en: 'Must be at least {min}' },
  'too_small.number.exclusive': { 'zh-CN': '必须大于 {min}', en: 'Must be greater than {min}' },
  'too_small.array': { 'zh-CN': '至少要 {min} 项', en: 'Needs at least {min} items' },
  'too_big.string': { 'zh-CN': '最多 {max} 个字', en: 'Must be at most {max} characters' },
  'too_big.number': { 'zh-CN': '不能大于 {max}', en: 'Must be at most {max}' },
  'too_big.number.exclusive': { 'zh-CN': '必须小于 {max}', en: 'Must be less than {max}' },
  'too_big.array': { 'zh-CN': '最多 {max} 项', en: 'Must have at most {max} items' },
  invalid_format: { 'zh-CN': '格式不对', en: 'Has the wrong format' },
  'invalid_format.datetime': { 'zh-CN': '时间格式不对', en: 'Must be an ISO 8601 time' },
  invalid_value: { 'zh-CN': '请从给定的选项中选择', en: 'Must be one of the listed values' },
  unrecognized_keys: { 'zh-CN': '含有不认识的字段', en: 'Has unknown fields' },
  // The domain's own checks (schema refinements and services), named so clients can act on them.
  id: { 'zh-CN': '编号格式不对', en: 'Must be an id (ULID)' },
  phone: { 'zh-CN': '请输入 11 位手机号', en: 'Must be an 11-digit mainland mobile number' },
  month: { 'zh-CN': '月份格式不对（例如 2026-11）', en: 'Must be YYYY-MM' },
  year: { 'zh-CN': '年份格式不对（例如 2026）', en: 'Must be YYYY' },
  card_no: { 'zh-CN': '卡号应为 8–20 位字母或数字', en: 'Must be 8–20 letters or digits' },
  after_start: { 'zh-CN': '结束时间必须晚于开始时间', en: 'Must be after the start time' },
  max_duration: { 'zh-CN': '活动最长 12 小时', en: 'At most 12 h after startsAt' },
  out_before_in: { 'zh-CN': '签退时间不能早于签到时间', en: 'Must not precede checkedInAt' },
  within_window: {
    'zh-CN': '时间须在活动开始前 30 分钟到结束后 2 小时之间',
    en: 'Must lie within 30 minutes before the start to 2 hours after the end',
  },
  lat_lng_pair: { 'zh-CN': '经度和纬度要一起填写', en: 'Give lat and lng together' },
  geofence_needs_point: { 'zh-CN': '限定签到范围前请先记录活动位置', en: 'A geofence needs lat and lng' },
  not_zero: { 'zh-CN': '不能为 0', en: 'Must not be 0' },
  max_abs: { 'zh-CN': '一次最多调整 10000 积分', en: 'Must be at most 10000 in size' },
  after_available_from: { 'zh-CN': '截止时间必须晚于开始兑换时间', en: 'Must be after availableFrom' },
  nothing_to_change: { 'zh-CN': '请至少修改一项', en: 'Name at least one field to change' },
  mandatory_no_street: { 'zh-CN': '必选主题面向全市，不选街道', en: 'A mandatory theme belongs to the whole city' },
  special_needs_street: { 'zh-CN': '特色主题要选择所属街道', en: 'A special theme needs its street' },
  team_metric: { 'zh-CN': '团队榜只按服务时长排名', en: 'Team boards rank service_minutes' },
  past_month: { 'zh-CN': '不能早于本月', en: 'Must not be earlier than the current month' },
  no_such_street: { 'zh-CN': '没有这个街道', en: 'No such street' },
  no_such_community: { 'zh-CN': '没有这个社区', en: 'No such community' },
  no_such_team: { 'zh-CN': '没有这个志愿服务队', en: 'No such team' },
  no_such_user: { 'zh-CN': '没有这个人', en: 'No such user' },
  team_other_community: { 'zh-CN': '这个服务队属于别的社区', en: 'The team is of another community' },
  theme_month_kept: {
    'zh-CN': '须在 {month} 内（活动主题所在的月份）',
    en: "Must stay in {month}, the month of the activity's theme",
  },
  theme_month: {
    'zh-CN': '必须是活动开始月份（{month}）的主题',
    en: 'Must be a theme of {month}, the month of startsAt',
  },
  theme_street: {
    'zh-CN': '必须是本月必选主题或本街道的特色主题',
    en: "Must be the mandatory theme or a special theme of the community's street",
  },
  cursor: { 'zh-CN': '翻页参数无效，请从第一页重新开始', en: 'Is not a cursor this list returned' },
  scope: { 'zh-CN': '范围不对', en: 'Not a valid scope' },
  minutes_range: {
    'zh-CN': '时长须在 0 到 {max} 分钟（活动时长）之间',
    en: 'Must be 0 to {max}, the length of the activity',
  },
  minutes_range_1: {
    'zh-CN': '须在 1 到 {max} 分钟之间（活动时长）',
    en: 'Must be 1 to {max}, the length of the activity',
  },
  adjusted_twice: { 'zh-CN': '同一个人只能调整一次', en: 'Is adjusted twice' },
  to_before_from: { 'zh-CN': '结束日期不能早于开始日期', en: 'Must not precede from' },
  not_future: { 'zh-CN': '时间不能晚于现在', en: 'Must not be in the future' },
  code6: { 'zh-CN': '请输入 6 位数字验证码', en: 'Must be 6 digits' },
  idempotency_key: { 'zh-CN': '请求编号无效，请刷新页面后重试', en: 'Must be 8–64 visible ASCII characters' },
  phone_or_community: { 'zh-CN': '请填写手机号，或选择社区后按姓名查找', en: 'Give phone, or communityId (and q)' },
  phone_taken: { 'zh-CN': '这个手机号已经有账号了', en: 'Already has an account' },
  card_taken: { 'zh-CN': '这张卡已绑定给别人', en: 'Is bound to someone else' },
  already_set: { 'zh-CN': '已经设置过了', en: 'Is already set' },
  not_in_attendance: { 'zh-CN': '此人不在签到名单中', en: 'Is not in the attendance' },
};

/** The English the schemas and services write for a field, and the code it stands for. */
const FIELD_ENGLISH: [RegExp, string][] = [
  [/^must be an id \(ULID\)$/, 'id'],
  [/^must be an 11-digit mainland mobile number$/, 'phone'],
  [/^must be YYYY-MM$/, 'month'],
  [/^must be YYYY$/, 'year'],
  [/^must be 8.20 (letters|of \[A-Za-z0-9\])/, 'card_no'],
  [/^must be after (startsAt|availableFrom)$/, 'after_start'],
  [/^at most 12 h after startsAt$/, 'max_duration'],
  [/^must not precede checkedInAt$/, 'out_before_in'],
  [/^must lie within /, 'within_window'],
  [/^give lat and lng together$/, 'lat_lng_pair'],
  [/^a geofence needs lat and lng$/, 'geofence_needs_point'],
  [/^must not be 0$/, 'not_zero'],
  [/^must be at most 10000 in size$/, 'max_abs'],
  [/^must be after availableFrom$/, 'after_available_from'],
  [/^name at least one field to change$/, 'nothing_to_change'],
  [/^a mandatory theme belongs to the whole city$/, 'mandatory_no_street'],
  [/^a special theme needs its street$/, 'special_needs_street'],
  [/^team boards rank service_minutes$/, 'team_metric'],
  [/^must not be earlier than the current month$/, 'past_month'],
  [/^no such street$/, 'no_such_street'],
  [/^no such community$/, 'no_such_community'],
  [/^no such team$/, 'no_such_team'],
  [/^no such user$/, 'no_such_user'],
  [/^the team is of another community$/, 'team_other_community'],
  [/^must be a theme of (?<month>\S+), the month of startsAt$/, 'theme_month'],
  [/^must stay in (?<month>\S+), the month of the activity's theme$/, 'theme_month_kept'],
  [/^is required for this kind$/, 'required'],
  [/^must be the mandatory theme or a special theme/, 'theme_street'],
  [/^is not a cursor this list returned$/, 'cursor'],
  [/^(unknown scope|admin is granted on city|\w+ needs a street, community or team)$/, 'scope'],
  [/^must be 0 to (?<max>\d+), the length of the activity$/, 'minutes_range'],
  [/^must be 1 to (?<max>\d+), the length of the activity$/, 'minutes_range_1'],
  [/^is adjusted twice$/, 'adjusted_twice'],
  [/^must be 6 digits$/, 'code6'],
  [/^must not be in the future$/, 'not_future'],
  [/^must not precede from$/, 'to_before_from'],
  [/^must be 8.64 visible ASCII characters$/, 'idempotency_key'],
  [/^give phone, or communityId/, 'phone_or_community'],
  [/^already has an account$/, 'phone_taken'],
  [/^is bound to someone else$/, 'card_taken'],
  [/^is already set$/, 'already_set'],
  [/^is not in the attendance|^names no one in the attendance/, 'not_in_attendance'],
];

/** A field error as the services keep it: English for developers, plus the code and values to word it. */
export interface FieldIssue {
  path: string;
  message: string;
  code?: string;
  params?: Vars;
}

/** The code of a field error the services wrote in English (`invalid` when it has no entry). */
export function codeOfEnglish(message: string): { code: string; params?: Vars } {
  for (const [re, code] of FIELD_ENGLISH) {
    const m = re.exec(message);
    if (m) return { code, ...(m.groups ? { params: { ...m.groups } } : {}) };
  }
  return { code: 'invalid' };
}

/** The subset of a zod 4 issue this module reads (kept structural so `shared/` needs no zod internals). */
export interface IssueLike {
  code: string;
  path: PropertyKey[];
  message: string;
  origin?: string;
  minimum?: number | bigint;
  maximum?: number | bigint;
  inclusive?: boolean;
  expected?: string;
  format?: string;
}

/** A zod issue → a field error with a stable code. */
export function fieldIssueOf(issue: IssueLike): FieldIssue {
  const path = issue.path.map(String).join('.') || '(body)';
  const base = { path, message: issue.message };
  const num = (v: number | bigint | undefined) => (typeof v === 'bigint' ? Number(v) : (v ?? 0));
  switch (issue.code) {
    case 'too_small': {
      const min = num(issue.minimum);
      const origin = issue.origin === 'string' || issue.origin === 'number' ? issue.origin : 'array';
      if (origin === 'string' && min <= 1) return { ...base, code: 'required' };
      return { ...base, code: 'too_small', params: { min, origin, ...(issue.inclusive === false ? { x: 1 } : {}) } };
    }
    case 'too_big': {
      const origin = issue.origin === 'string' || issue.origin === 'number' ? issue.origin : 'array';
      return {
        ...base,
        code: 'too_big',
        params: { max: num(issue.maximum), origin, ...(issue.inclusive === false ? { x: 1 } : {}) },
      };
    }
    case 'invalid_type':
      if (/received undefined|received null/.test(issue.message)) return { ...base, code: 'required' };
      if (issue.expected === 'int') return { ...base, code: 'not_integer' };
      return { ...base, code: 'invalid_type' };
    case 'invalid_format': {
      const known = codeOfEnglish(issue.message);
      if (known.code !== 'invalid') return { ...base, ...known };
      return { ...base, code: 'invalid_format', params: { format: issue.format ?? '' } };
    }
    case 'invalid_value':
    case 'unrecognized_keys':
      return { ...base, code: issue.code };
    default:
      return { ...base, ...codeOfEnglish(issue.message) };
  }
}

/** The message of a field error in `lang`. */
export function fieldMessage(code: string, params: Vars | undefined, lang: ApiLang): string {
  let key = code;
  if (code === 'too_small' || code === 'too_big') {
    const origin = String(params?.origin ?? 'number');
    key = `${code}.${origin}`;
    if (origin === 'number' && params?.x) key += '.exclusive';
    if (code === 'too_small' && origin === 'string' && Number(params?.min) <= 1) key = 'too_small.empty';
  }
  if (code === 'invalid_format' && params?.format === 'datetime') key = 'invalid_format.datetime';
  const text = FIELD[key] ?? FIELD[code] ?? FIELD.invalid!;
  return fill(text[lang], params);
}

/** A field error as it goes out: `{path, code, message}` in `lang`. */
export function localizeFieldIssue(e: FieldIssue, lang: ApiLang): { path: string; code: string; message: string } {
  const known = e.code ? { code: e.code, params: e.params } : codeOfEnglish(e.message);
  // English callers get the service's own sentence when it is more precise than the generic table.
  const message = lang === 'en' && known.code === 'invalid' ? e.message : fieldMessage(known.code, known.params, lang);
  return { path: e.path, code: known.code, message };
}

/** The services' English details and their Chinese; `{…}` in Chinese come from the named groups. */
const DETAILS: [RegExp, string][] = [
  [/^The request is not valid$/, '请检查标出的各项'],
  [/^The body is not valid JSON$/, '请求内容不是有效的 JSON，请刷新页面后再试'],
  [/^The request body is too large$/, '提交的内容太多，请分几次提交'],
  [/^No such route$/, '没有这个地址'],
  [/^Not found$/, '找不到'],
  [/^No-show not found$/, '找不到这条缺席记录'],
  [/^Correction request not found$/, '找不到这条纠错申请'],
  [/^(?<what>[\w-]+) not found$/, '找不到{what}'],
  [/^You may not do this$/, '您没有权限做这件事'],
  [/^Not a resident of your community$/, '此人不是您所在社区的居民'],
  [/^You may not grant this role here$/, '您不能在这里授予这个角色'],
  [/^Use Authorization: Bearer/, '请先登录'],
  [/^Sign in first$/, '请先登录'],
  [/^This account no longer exists$/, '这个账号已注销'],
  [/^The code is wrong or has expired$/, '验证码不对或已过期'],
  [/^Too many wrong tries: this code is void/, '验证码错误次数过多，已失效，请重新获取'],
  [/^Too many codes for this phone/, '这个手机号获取验证码太频繁，请稍后再试'],
  [/^Too many wrong pickup codes/, '取货码错误次数过多，这笔预约已锁定；请居民取消后重新兑换（积分会退回）'],
  [/^The request headers exceed/, '请求头过大，请清除本站的 Cookie 后重试'],
  [/^Unknown signing key/, '登录已失效，请重新登录'],
  [/^The code is wrong or too old; scan again$/, '签到码已过期，请重新扫码'],
  [/^Check-in opens 30 minutes before the start and closes at the end$/, '签到时间为活动开始前 30 分钟到活动结束'],
  [/^Check-out closes 2 hours after the end$/, '签退在活动结束 2 小时后关闭'],
  [/^This activity needs your location to check in$/, '这个活动需要您的位置才能签到'],
  [/^You are (?<d>\d+) m from the venue; check in within (?<r>\d+) m$/, '您离活动地点 {d} 米，请在 {r} 米内签到'],
  [/^You have already checked in$/, '您已经签到过了'],
  [/^An offline check-in must be uploaded within 24 hours of the scan$/, '离线签到须在扫码后 24 小时内上传'],
  [/^Check in first$/, '请先签到'],
  [/^A check-out can be taken back only while the activity runs$/, '活动结束后不能撤销签退，请联系组织者更正'],
  [
    /^A check-out can be taken back within 10 minutes; ask the organiser$/,
    '签退超过 10 分钟不能撤销，请联系组织者更正',
  ],
  [/^There is no check-out of yours to take back$/, '没有可撤销的签退'],
  [/^This check-out changed meanwhile; reload and try again$/, '签退记录已变化，请刷新后再试'],
  [/^You have already checked out$/, '您已经签退过了'],
  [/^This activity has ended$/, '活动已经结束'],
  [/^This activity is cancelled$/, '这个活动已取消'],
  [/^Only someone who signed up asks to correct this record$/, '只有报名了这个活动的人可以申请纠错'],
  [/^A correction can be asked for from the end of the activity for 30 days$/, '纠错申请须在活动结束后 30 天内提出'],
  [/^You already have an open correction request for this activity$/, '您对这个活动已有一条待处理的纠错申请'],
  [/^Only organisers of this community see its correction requests$/, '只有本社区的组织者可以查看纠错申请'],
  [/^Only organisers see correction requests$/, '只有组织者可以查看纠错申请'],
  [/^Only an organiser of this community answers correction requests$/, '只有本社区的组织者可以处理纠错申请'],
  [/^This correction request has already been answered$/, '这条纠错申请已经处理过了'],
  [/^The hours of this activity are being confirmed; try again in a minute$/, '这个活动正在确认服务时长，请稍后再试'],
  [
    /^You did not come to (?<n>\d+) activities you signed up for in the last 90 days; you can sign up again from (?<day>\S+)$/,
    '近 90 天内您有 {n} 次报名后未到场，{day} 起才能再报名',
  ],
  [/^Only an organiser of this community excuses absences$/, '只有本社区的组织者可以取消缺席记录'],
  [/^An activity can be changed only before it starts$/, '活动开始后不能再修改'],
  [/^Only an organiser of this community changes its activities$/, '只有本社区的组织者可以修改活动'],
  [/^Only an organiser of this community cancels its activities$/, '只有本社区的组织者可以取消活动'],
  [/^You have already signed up for this activity$/, '您已经报名了这个活动'],
  [/^You have checked in; ask the organiser instead of cancelling$/, '您已签到，不能取消报名，请联系组织者'],
  [
    /^The hours of this activity (have already been|are being or have been) confirmed$/,
    '这个活动的服务时长已经确认过了',
  ],
  [/^Confirm the hours after the activity ends$/, '活动结束后才能确认时长'],
  [/^Some adjustments are not valid$/, '部分时长调整不对，请检查'],
  [/^(?<month>\d{4}-\d{2}) already has its mandatory theme$/, '{month} 已经有必选主题了'],
  [/^This gift is not offered at the moment$/, '这件礼品暂不提供兑换'],
  [/^This gift can be redeemed from (?<t>\S+)$/, '这件礼品从 {t} 起可以兑换'],
  [/^This gift could be redeemed until (?<t>\S+)$/, '这件礼品的兑换已于 {t} 截止'],
  [/^This gift is all gone$/, '这件礼品已经兑换完了'],
  [/^Only (?<n>\d+) left; you asked for (?<q>\d+)$/, '只剩 {n} 件，您要兑换 {q} 件'],
  [/^Each person may redeem at most (?<n>\d+) of this gift$/, '每人最多兑换 {n} 件'],
  [
    /^Each person may redeem (?<n>\d+) of this gift; you already have (?<h>\d+)$/,
    '每人最多兑换 {n} 件，您已兑换 {h} 件',
  ],
  [/^This pickup code does not match$/, '取货码不对'],
  [/^This redemption is \w+, not reserved$/, '这笔兑换已经处理过了'],
  [/^Only (?<n>\d+) left in stock; it cannot go below 0$/, '库存只剩 {n} 件，不能减到 0 以下'],
  [/^This needs (?<need>\d+) points; the balance is (?<has>\d+)$/, '需要 {need} 积分，当前余额 {has}'],
  [/^This Idempotency-Key /, '这次提交与之前的一次冲突，请刷新页面后重试'],
  [/^This card is bound to someone else/, '这张卡已绑定给别人，请先解绑'],
  [/^This phone already has an account$/, '这个手机号已经有账号了'],
  [/^This resident already has a phone$/, '这位居民已经有手机号了'],
  [/^Choose your community first: it issues the proof$/, '请先在“我的”里选择所在社区，证明由社区出具'],
  [/^There is no confirmed service in this period$/, '这段时间还没有经确认的服务记录'],
  [/^Your community is already set/, '您的社区已经设置过了，如需变更请联系组织者'],
  [/^You have already asked to join this team$/, '您已经申请加入或已在这个服务队中'],
  [/^The membership kept changing; try again$/, '请稍后再试'],
  [/^X-Bin-Signature does not match/, '设备签名不对或时间相差超过 300 秒'],
  [/^The service is busy; please try again$/, '系统繁忙，请稍后再试'],
  [/^Something went wrong on our side$/, '系统出了点问题，请稍后再试'],
  // Last: the many "Only …" sentences of forbidden answers.
  [/^Only /, '您没有权限做这件事'],
];

const WHAT: Record<string, string> = {
  Activity: '活动',
  User: '这个人',
  Resident: '这位居民',
  Reward: '礼品',
  Redemption: '兑换记录',
  Team: '服务队',
  Membership: '成员记录',
  Card: '这张卡',
  Community: '社区',
  Street: '街道',
  Image: '图片',
  'Sign-up': '报名记录',
  Certificate: '证明',
};

/**
 * A problem's `detail` in `lang`. English passes through; Chinese comes from the table, and a sentence with no
 * entry yet is left out (undefined) rather than shown to a Chinese reader in English.
 */
export function localizeDetail(detail: string | undefined, lang: ApiLang): string | undefined {
  if (!detail || lang === 'en') return detail;
  if (/[\u4e00-\u9fff]/.test(detail) && !/[A-Za-z]{3,}/.test(detail)) return detail; // already Chinese
  for (const [re, zh] of DETAILS) {
    const m = re.exec(detail);
    if (!m) continue;
    const vars: Vars = { ...m.groups };
    if (typeof vars.what === 'string') vars.what = WHAT[vars.what] ?? '';
    return fill(zh, vars);
  }
  return undefined;
}
