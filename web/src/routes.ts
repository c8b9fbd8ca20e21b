import type { FunctionComponent } from 'preact';
import type { RoleName } from '../../shared/schemas/auth.js';
import type { Params } from './router.js';
// The two pages most visits start on (home is the installed app's start_url) are in the entry chunk, not lazy:
// on a slow network a lazy page is one more round trip after the entry (and its CSS another before it renders),
// which put home's LCP at 3.2–6.2 s on Fast 3G. Every other page stays its own chunk.
import * as homePage from './pages/home.js';
import * as activitiesPage from './pages/activities/list.js';

/** What every page component receives. */
export interface PageProps {
  /** `:name` segments of the route's path. */
  params: Params;
  /** The query string (`?tab=mine` → `query.get('tab')`). */
  query: URLSearchParams;
}

export type PageModule = { default: FunctionComponent<PageProps> };

export interface RouteDef {
  /** `/activities`, `/activities/:id`; a final `*` matches the rest. First match wins. */
  path: string;
  /** A dynamic `import()`, so each page is its own chunk and the first load stays small. */
  load: () => Promise<PageModule>;
  /** The page when it is in the entry chunk already: rendered at once, with no spinner first. */
  module?: PageModule;
  /** Signed-in only: others are sent to /signin and come back after. */
  auth?: boolean;
  /** Signed-in and holding one of these roles (any scope; the API still checks the object). */
  roles?: RoleName[];
}

/**
 * Every page of the app. Feature issues replace their `comingSoon` with their page and add sub-routes in their
 * own section, keeping one line per route (fewer merge conflicts).
 */
export const routes: RouteDef[] = [
  // ==== shell (issue 2)
  { path: '/', module: homePage, load: () => Promise.resolve(homePage) },
  { path: '/signin', load: () => import('./pages/sign-in.js') },
  { path: '/me', load: () => import('./pages/me.js'), auth: true },
  { path: '/privacy', load: () => import('./pages/privacy.js') },
  { path: '/ui', load: () => import('./pages/ui-kit.js') },

  // ==== activities, check-in, service hours
  { path: '/activities', module: activitiesPage, load: () => Promise.resolve(activitiesPage) },
  { path: '/activities/:id', load: () => import('./pages/activities/detail.js') },
  { path: '/me/service', load: () => import('./pages/activities/service-record.js'), auth: true },
  { path: '/verify/:id', load: () => import('./pages/verify.js') },
  { path: '/teams', load: () => import('./pages/teams/list.js') },
  { path: '/teams/:id', load: () => import('./pages/teams/detail.js') },

  // ==== notifications (消息), issue 11
  { path: '/me/notifications', load: () => import('./pages/notifications/inbox.js'), auth: true },
  { path: '/me/preferences', load: () => import('./pages/notifications/preferences.js'), auth: true },

  // ==== rewards and redemption
  { path: '/rewards', load: () => import('./pages/rewards/catalog.js'), auth: true },
  { path: '/rewards/mine', load: () => import('./pages/rewards/mine.js'), auth: true },
  { path: '/organize/rewards', load: () => import('./pages/rewards/staff.js'), roles: ['admin', 'organizer', 'staff'] },
  {
    path: '/organize/rewards/new',
    load: () => import('./pages/rewards/new-gift.js'),
    roles: ['admin', 'organizer', 'staff'],
  },
  { path: '/organize/liability', load: () => import('./pages/rewards/liability.js'), roles: ['admin', 'organizer'] },

  // ==== leaderboards
  { path: '/leaderboards', load: () => import('./pages/leaderboards/index.js') },

  // ==== garbage sorting (cards, bins)
  { path: '/points', load: () => import('./pages/garbage/points.js'), auth: true },
  {
    path: '/organize/cards',
    load: () => import('./pages/garbage/cards-console.js'),
    roles: ['admin', 'organizer', 'staff'],
  },
  {
    path: '/organize/bins',
    load: () => import('./pages/garbage/bins-console.js'),
    roles: ['admin', 'organizer', 'staff'],
  },
  {
    path: '/organize/garbage',
    load: () => import('./pages/garbage/dashboard.js'),
    roles: ['admin', 'organizer', 'staff'],
  },

  // ==== organiser console
  {
    path: '/organize',
    load: () => import('./pages/organize/index.js'),
    roles: ['admin', 'organizer', 'staff', 'leader'],
  },
  {
    path: '/organize/adjustments',
    load: () => import('./pages/organize/adjustments.js'),
    roles: ['admin', 'organizer'],
  },
  { path: '/organize/audit', load: () => import('./pages/organize/audit.js'), roles: ['admin', 'organizer'] },
  { path: '/organize/flags', load: () => import('./pages/organize/flags.js'), roles: ['admin', 'organizer'] },
  {
    path: '/organize/residents',
    load: () => import('./pages/organize/residents.js'),
    roles: ['admin', 'organizer', 'staff'],
  },
  { path: '/organize/themes', load: () => import('./pages/organize/themes.js'), roles: ['admin', 'organizer'] },
  { path: '/organize/report', load: () => import('./pages/organize/report.js'), roles: ['admin', 'organizer'] },
  {
    path: '/organize/corrections',
    load: () => import('./pages/organize/corrections.js'),
    roles: ['admin', 'organizer'],
  },
  {
    path: '/organize/activities/new',
    load: () => import('./pages/organize/activity-new.js'),
    roles: ['admin', 'organizer', 'leader'],
  },
  {
    path: '/organize/activities/:id',
    load: () => import('./pages/organize/activity-manage.js'),
    roles: ['admin', 'organizer', 'leader'],
  },
  {
    path: '/organize/activities/:id/qr',
    load: () => import('./pages/organize/live-qr.js'),
    roles: ['admin', 'organizer', 'leader'],
  },
];
