import { common } from '../i18n/common.js';
import { messages } from '../i18n/index.js';
import { hasRole, useSession } from '../session.js';
import { Button, Card, Icon, Link, Page, Stat, type IconName } from '../ui/index.js';
import { VolunteerHome } from './activities/home-section.js';

const m = messages({
  zh: {
    title: '首页',
    welcome: '欢迎使用社区积分',
    intro: '参加志愿服务、垃圾分类都能攒积分，积分可以兑换礼品。',
    hello: '您好，{name}',
    balance: '我的积分',
    activities: '志愿活动',
    activitiesHint: '报名、签到、服务时长',
    rewards: '积分兑换',
    rewardsHint: '用积分换礼品',
    leaderboards: '排行榜',
    leaderboardsHint: '看看谁服务最多',
    teams: '志愿服务队',
    teamsHint: '找到并加入身边的队伍',
    me: '我的',
    meHint: '积分、时长、星级',
    organize: '管理工作台',
    organizeHint: '发布活动、核销兑换',
  },
  en: {
    title: 'Home',
    welcome: 'Welcome to Community Points',
    intro: 'Earn points by volunteering and sorting waste, and exchange them for gifts.',
    hello: 'Hello, {name}',
    balance: 'My points',
    activities: 'Volunteer activities',
    activitiesHint: 'Sign up, check in, service hours',
    rewards: 'Points exchange',
    rewardsHint: 'Exchange points for gifts',
    leaderboards: 'Rankings',
    leaderboardsHint: 'Who served the most',
    teams: 'Volunteer teams',
    teamsHint: 'Find and join a team near you',
    me: 'Me',
    meHint: 'Points, hours, stars',
    organize: 'Organiser console',
    organizeHint: 'Publish activities, hand out rewards',
  },
});

type Key = Parameters<typeof m.t>[0];
const tiles: { href: string; icon: IconName; title: Key; hint: Key }[] = [
  { href: '/activities', icon: 'activity', title: 'activities', hint: 'activitiesHint' },
  { href: '/rewards', icon: 'gift', title: 'rewards', hint: 'rewardsHint' },
  { href: '/leaderboards', icon: 'trophy', title: 'leaderboards', hint: 'leaderboardsHint' },
  { href: '/teams', icon: 'user', title: 'teams', hint: 'teamsHint' },
  { href: '/me', icon: 'user', title: 'me', hint: 'meHint' },
];

/** 首页: a greeting, the balance when signed in, and big tiles to each section. */
export default function Home() {
  const s = useSession();
  const me = s.status === 'ready' ? s.me : undefined;
  const organiser = hasRole(me, ['admin', 'organizer', 'staff', 'leader']);
  return (
    <Page title={m.t('title')}>
      <Card>
        {me || s.status === 'loading' ? (
          // While the profile loads, the same lines with placeholders, so the card keeps its height.
          <>
            <p class="big-line">{me ? m.t('hello', { name: me.name }) : '\u00a0'}</p>
            <Stat label={m.t('balance')} value={me ? me.balance.toLocaleString() : '…'} />
          </>
        ) : (
          <>
            <p class="big-line">{m.t('welcome')}</p>
            <p>{m.t('intro')}</p>
            {s.status === 'anon' && (
              <Button block href="/signin">
                {common.t('signIn')}
              </Button>
            )}
          </>
        )}
      </Card>
      <div class="tiles">
        {[
          ...tiles,
          ...(organiser
            ? [{ href: '/organize', icon: 'tools', title: 'organize', hint: 'organizeHint' } as const]
            : []),
        ].map((t) => (
          <Link key={t.href} href={t.href} class="tile">
            <Icon name={t.icon} size={40} />
            <span class="tile-title">{m.t(t.title)}</span>
            <span class="tile-hint">{m.t(t.hint)}</span>
          </Link>
        ))}
      </div>
      {/* Below the tiles: what arrives from the API last moves nothing a person already sees. */}
      <VolunteerHome />
    </Page>
  );
}
