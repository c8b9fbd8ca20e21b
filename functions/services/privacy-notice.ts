import type { ApiLang } from '../../shared/error-messages.js';
import type { PrivacyNotice } from '../../shared/schemas/privacy.js';

/**
 * The version of the privacy notice a first sign-in consents to. Change it (a date) whenever the text
 * changes in substance: a profile keeps the version it consented to (`consentVersion`), so which text a
 * person agreed to can be proven later (PIPL art. 14: consent must be informed and specific).
 */
export const PRIVACY_VERSION = '2026-11-30';

const TEXT: Record<ApiLang, string> = {
  'zh-CN': [
    '社区积分 隐私政策（个人信息保护）',
    '',
    '1. 我们收集的信息：手机号（用于登录和短信通知）、您填写的姓名、所属社区、志愿服务报名、签到签退和服务时长、积分流水、垃圾分类投放记录（通过您的积分卡）、礼品兑换记录、站内消息和通知偏好。',
    '2. 使用目的：记录志愿服务时长和积分、兑换礼品、发送活动和兑换通知、生成排行榜和统计报表。排行榜只显示姓名首字（如“张*”）。',
    '3. 存储地点和期限：数据保存在本平台部署地区的云数据库中，历史记录保留 12 个月；积分流水为账务记录，注销后以匿名方式保留，以保证积分总账一致。',
    '4. 您的权利：您可以在“我的”页面导出我的数据（查阅、复制），修改姓名，或注销账号。注销后，您的姓名和手机号在排行榜、志愿队、报表和导出中显示为“已注销”，积分卡解绑，未领取的兑换自动取消并退回积分；用同一手机号再次登录将开始一个新的空账号。',
    '5. 我们不会出售您的个人信息，也不会向第三方提供，法律法规另有规定的除外。',
    '6. 联系我们：请联系您所在社区的服务站。',
    '',
    '首次登录即表示您已阅读并同意本政策。',
  ].join('\n'),
  en: [
    'Community Points privacy notice (personal information protection)',
    '',
    '1. What we keep: your phone number (to sign in and for text messages), the name you give, your community, your volunteer sign-ups, check-ins, check-outs and service hours, your points ledger, your garbage-sorting drops (through your points card), your gift redemptions, your in-app notices and notification preferences.',
    '2. Why: to record service hours and points, redeem gifts, send activity and redemption notices, and build leaderboards and reports. Leaderboards show only the first character of a name (e.g. "张*").',
    '3. Where and how long: in the cloud database of the region this platform is deployed in; history is kept for 12 months. Ledger entries are accounting records: after an account is closed they are kept without your name or phone so that every points total stays correct.',
    '4. Your rights: on the "Me" page you can export your data (see and copy it), change your name, or close your account. Closing erases your name and phone wherever they are shown (leaderboards, teams, reports and exports show "已注销"), unbinds your cards, and cancels and refunds open redemptions; signing in again with the same phone starts a new, empty account.',
    '5. We do not sell your personal information or give it to third parties, except where the law requires it.',
    '6. Contact: the service station of your community.',
    '',
    'Signing in for the first time means you have read and agree to this notice.',
  ].join('\n'),
};

/** The notice in the caller's language. */
export const privacyNotice = (lang: ApiLang): PrivacyNotice => ({
  version: PRIVACY_VERSION,
  language: lang,
  text: TEXT[lang],
});
