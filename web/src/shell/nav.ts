import type { IconName } from '../ui/icons.js';
import { common } from '../i18n/common.js';

type CommonKey = Parameters<typeof common.t>[0];

/** The bottom navigation: five big targets; the organiser console is reached from 首页 and 我的. */
export const navItems: readonly { href: string; icon: IconName; label: CommonKey }[] = [
  { href: '/', icon: 'home', label: 'navHome' },
  { href: '/activities', icon: 'activity', label: 'navActivities' },
  { href: '/rewards', icon: 'gift', label: 'navRewards' },
  { href: '/leaderboards', icon: 'trophy', label: 'navLeaderboards' },
  { href: '/me', icon: 'user', label: 'navMe' },
];

/** The nav item a path belongs to (`/activities/01J…` → 活动). */
export const activeNav = (path: string): string | undefined =>
  navItems.find((n) => (n.href === '/' ? path === '/' : path === n.href || path.startsWith(`${n.href}/`)))?.href;
