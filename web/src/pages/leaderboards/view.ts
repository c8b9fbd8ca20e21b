/** Pure choices of the leaderboard page, kept apart from the components so they are unit-tested. */

export type BoardTab = 'people' | 'teams' | 'communities';
export type MetricKey = 'service_minutes' | 'volunteer_points' | 'garbage_points';
export type ScopeKey = 'community' | 'street' | 'city';
export type PeriodKey = 'month' | 'year' | 'all';

export interface BoardView {
  tab: BoardTab;
  metric: MetricKey;
  scope: ScopeKey;
  period: PeriodKey;
}

const TABS: BoardTab[] = ['people', 'teams', 'communities'];
const METRICS: MetricKey[] = ['service_minutes', 'volunteer_points', 'garbage_points'];
const SCOPES: ScopeKey[] = ['community', 'street', 'city'];
const PERIODS: PeriodKey[] = ['month', 'year', 'all'];

const pick = <T extends string>(all: T[], v: string | null, d: T): T => (all.includes(v as T) ? (v as T) : d);

/**
 * The view the URL asks for, made possible: team boards rank service minutes only, and "my community" /
 * "my street" need a community of one's own (else the city).
 */
export function viewFromQuery(q: URLSearchParams, hasCommunity: boolean): BoardView {
  const tab = pick(TABS, q.get('tab'), 'people');
  const metric = tab === 'teams' ? 'service_minutes' : pick(METRICS, q.get('metric'), 'service_minutes');
  const scope = hasCommunity ? pick(SCOPES, q.get('scope'), 'community') : 'city';
  const period = pick(PERIODS, q.get('period'), 'month');
  return { tab, metric, scope, period };
}

/** The API's `scope` for a view: `city`, `street:<id>` or `community:<id>`. */
export function apiScope(scope: ScopeKey, communityId: string | null, streetId: string | null): string {
  if (scope === 'community' && communityId) return `community:${communityId}`;
  if (scope === 'street' && streetId) return `street:${streetId}`;
  return 'city';
}

/** The API's `period` for a view, given this month and year as the server counts them. */
export function apiPeriod(period: PeriodKey, now: { month: string; year: string }): string {
  return period === 'month' ? now.month : period === 'year' ? now.year : 'all';
}

/** A board value in the words people use: minutes as hours with one decimal, points as whole numbers. */
export function valueText(metric: MetricKey, value: number, units: { hours: string; points: string }): string {
  return metric === 'service_minutes'
    ? `${(Math.max(0, value) / 60).toFixed(1)} ${units.hours}`
    : `${value.toLocaleString('zh-CN')} ${units.points}`;
}
