import { useState } from 'preact/hooks';
import { api, call } from '../../api.js';
import { messages } from '../../i18n/index.js';
import { useSession } from '../../session.js';
import { useApi } from '../../use-api.js';
import { Empty, ErrorNotice, Icon, Input, Link, Loading, Page, type IconName } from '../../ui/index.js';
import { ActivityItem } from '../activities/activity-item.js';
import { thisMonth } from '../../time.js';
import { indexOrg, loadOrg, type Activity } from '../activities/data.js';
import { loadScope } from './scope.js';
import './organize.css';

const m = messages({
  zh: {
    title: '管理',
    themes: '发布主题',
    themesHint: '每月“1+N”主题',
    newActivity: '发布活动',
    newActivityHint: '招募志愿者',
    report: '月度报告',
    reportHint: '各街道参与情况',
    corrections: '纠错申请',
    correctionsHint: '志愿者对服务记录的更正，7 天内答复',
    activities: '我管理的活动',
    month: '月份',
    none: '这个月还没有活动',
    nothing: '您的身份暂时没有可用的工具',
    rewards: '兑换核销',
    rewardsHint: '扫码发放礼品、上架和补货',
    liability: '积分负债',
    liabilityHint: '发放、兑换、退回和结余',
    cards: '积分卡',
    cardsHint: '按手机号为居民绑定、解绑',
    adjustments: '积分调整',
    adjustmentsHint: '更正错发、漏发的积分',
    residents: '代管居民',
    residentsHint: '为没有手机的老人登记、绑卡',
    bins: '智能桶站',
    binsHint: '登记桶站，领取密钥',
    garbage: '垃圾分类统计',
    garbageHint: '正确率、参与人数、桶站排行',
    audit: '审计记录',
    auditHint: '授权、调整、核销等操作留痕',
    flags: '复核提醒',
    flagsHint: '大额发放、异常签到与投放，由上一级复核',
  },
  en: {
    title: 'Organise',
    themes: 'Publish themes',
    themesHint: 'The monthly “1+N”',
    newActivity: 'Publish an activity',
    newActivityHint: 'Recruit volunteers',
    report: 'Monthly report',
    reportHint: 'How each street took part',
    corrections: 'Correction requests',
    correctionsHint: 'Volunteers’ record corrections, answer in 7 days',
    activities: 'Activities I manage',
    month: 'Month',
    none: 'No activities this month yet',
    nothing: 'No tools for your role yet',
    rewards: 'Hand out gifts',
    rewardsHint: 'Scan pickups, offer and restock gifts',
    liability: 'Points liability',
    liabilityHint: 'Issued, redeemed, refunded, outstanding',
    cards: 'Points cards',
    cardsHint: 'Bind or unbind a resident’s card by phone',
    adjustments: 'Points adjustments',
    adjustmentsHint: 'Correct points given wrongly or missed',
    residents: 'Residents without a phone',
    residentsHint: 'Register elderly residents, bind their card',
    bins: 'Smart bins',
    binsHint: 'Register a bin station, get its secret',
    garbage: 'Sorting statistics',
    garbageHint: 'Correct rate, participants, busiest bins',
    audit: 'Audit trail',
    auditHint: 'Who granted, adjusted, handed over what',
    flags: 'Review flags',
    flagsHint: 'Large credits, odd check-ins and drops, for the level above',
  },
});

type Key = Parameters<typeof m.t>[0];

/** The activities of a month in what I run: everything for the admin, else my streets, communities, teams. */
async function myActivities(month: string, scope: Awaited<ReturnType<typeof loadScope>>): Promise<Activity[]> {
  const q = { month, limit: '100' };
  if (scope.admin) return (await call(api.activities.$get({ query: q }))).items;
  const communities = new Set([...scope.communities.map((c) => c.id), ...scope.teams.map((t) => t.communityId)]);
  const teamIds = new Set(scope.teams.map((t) => t.id));
  const ownCommunities = new Set(scope.communities.map((c) => c.id));
  const pages = await Promise.all(
    [...communities].map((communityId) => call(api.activities.$get({ query: { ...q, communityId } }))),
  );
  return pages
    .flatMap((p) => p.items)
    .filter((a) => ownCommunities.has(a.communityId) || (a.teamId !== null && teamIds.has(a.teamId)))
    .sort((a, b) => a.startsAt.localeCompare(b.startsAt));
}

/** 管理: the organiser's tools and the activities they manage this month. */
export default function OrganizePage() {
  const s = useSession();
  const me = s.status === 'ready' ? s.me : undefined;
  const [month, setMonth] = useState(thisMonth());
  const org = useApi(loadOrg, []);
  const scope = useApi(
    () => (me && org.data ? loadScope(me, org.data) : Promise.resolve(undefined)),
    [me?.id, org.data],
  );
  const list = useApi(() => (scope.data ? myActivities(month, scope.data) : Promise.resolve([])), [month, scope.data]);
  const organizes = !!me?.roles.some((g) => g.role === 'admin' || g.role === 'organizer');
  const leads = !!me?.roles.some((g) => g.role === 'leader');
  const staffs = !!me?.roles.some((g) => g.role === 'staff');
  const audits = !!me?.roles.some(
    (g) => g.role === 'admin' || (g.role === 'organizer' && g.scope.startsWith('street:')),
  );
  // ==== volunteer service tools (other features add theirs below)
  const tools: { href: string; icon: IconName; title: Key; hint: Key; show: boolean }[] = [
    {
      href: '/organize/activities/new',
      icon: 'activity',
      title: 'newActivity',
      hint: 'newActivityHint',
      show: organizes || leads,
    },
    { href: '/organize/themes', icon: 'globe', title: 'themes', hint: 'themesHint', show: organizes },
    { href: '/organize/report', icon: 'trophy', title: 'report', hint: 'reportHint', show: organizes },
    { href: '/organize/corrections', icon: 'inbox', title: 'corrections', hint: 'correctionsHint', show: organizes },
    // ==== rewards and redemption
    { href: '/organize/rewards', icon: 'scan', title: 'rewards', hint: 'rewardsHint', show: organizes || staffs },
    { href: '/organize/liability', icon: 'chart', title: 'liability', hint: 'liabilityHint', show: organizes },
    // ==== garbage sorting
    { href: '/organize/cards', icon: 'user', title: 'cards', hint: 'cardsHint', show: organizes || staffs },
    { href: '/organize/adjustments', icon: 'chart', title: 'adjustments', hint: 'adjustmentsHint', show: organizes },
    {
      href: '/organize/residents',
      icon: 'user',
      title: 'residents',
      hint: 'residentsHint',
      show: organizes || staffs,
    },
    { href: '/organize/bins', icon: 'inbox', title: 'bins', hint: 'binsHint', show: organizes || staffs },
    { href: '/organize/garbage', icon: 'chart', title: 'garbage', hint: 'garbageHint', show: organizes || staffs },
    // ==== trust: the audit trail (admin, street organisers)
    { href: '/organize/audit', icon: 'tools', title: 'audit', hint: 'auditHint', show: audits },
    { href: '/organize/flags', icon: 'inbox', title: 'flags', hint: 'flagsHint', show: audits },
  ];
  const shown = tools.filter((t) => t.show);
  const idx = indexOrg(org.data);
  return (
    <Page title={m.t('title')}>
      {shown.length === 0 ? (
        <Empty title={m.t('nothing')} icon="tools" />
      ) : (
        <div class="tiles org-tools" data-testid="organize-sections">
          {shown.map((t) => (
            <Link key={t.href} href={t.href} class="tile">
              <Icon name={t.icon} size={40} />
              <span class="tile-title">{m.t(t.title)}</span>
              <span class="tile-hint">{m.t(t.hint)}</span>
            </Link>
          ))}
        </div>
      )}
      {(organizes || leads) && (
        <>
          <h2 class="section-title">{m.t('activities')}</h2>
          <Input label={m.t('month')} type="month" name="month" value={month} onValue={(v) => v && setMonth(v)} />
          {list.loading || scope.loading ? (
            <Loading />
          ) : list.error || scope.error ? (
            <ErrorNotice error={list.error ?? scope.error} onRetry={list.reload} />
          ) : list.data?.length ? (
            <ul class="act-list" data-testid="org-activities">
              {list.data.map((a) => (
                <ActivityItem key={a.id} a={a} org={idx} href={`/organize/activities/${a.id}`} />
              ))}
            </ul>
          ) : (
            <Empty title={m.t('none')} icon="activity" />
          )}
        </>
      )}
    </Page>
  );
}
