import { api, call } from '../../api.js';
import { messages } from '../../i18n/index.js';
import type { PageProps } from '../../routes.js';
import { navigate } from '../../router.js';
import { useSession } from '../../session.js';
import { useApi } from '../../use-api.js';
import { Card, Empty, ErrorNotice, Link, Loading, Page, Tabs } from '../../ui/index.js';
import { BarChart } from './BarChart.js';
import { LB_STYLE } from './style.js';
import {
  apiPeriod,
  apiScope,
  valueText,
  viewFromQuery,
  type BoardTab,
  type BoardView,
  type MetricKey,
  type PeriodKey,
  type ScopeKey,
} from './view.js';

const m = messages({
  zh: {
    title: '排行榜',
    boards: '榜单',
    people: '个人',
    teams: '团队',
    communities: '社区',
    metric: '排名依据',
    service_minutes: '服务时长',
    volunteer_points: '志愿积分',
    garbage_points: '垃圾分类积分',
    teamsRankHours: '团队按队员的服务时长排名',
    scope: '范围',
    community: '我的社区',
    street: '我的街道',
    city: '全区',
    cityOnly: '登录并选择所在社区后，可以看本社区、本街道的排行。',
    signIn: '去登录',
    period: '时间',
    month: '本月',
    year: '本年',
    all: '累计',
    top10: '前十名',
    ranking: '排名',
    rankN: '第 {n} 名',
    mine: '我',
    myRank: '我的排名',
    myValue: '我的成绩',
    notRanked: '还没有记录，快去参加吧！',
    beyond: '未进入前 100 名',
    empty: '这里还没有人上榜',
    emptyHint: '参加志愿服务、垃圾分类后就会出现在这里。',
    hours: '小时',
    points: '分',
    chartTitle: '{board}前十名柱状图',
  },
  en: {
    title: 'Rankings',
    boards: 'Boards',
    people: 'People',
    teams: 'Teams',
    communities: 'Communities',
    metric: 'Ranked by',
    service_minutes: 'Service hours',
    volunteer_points: 'Volunteer points',
    garbage_points: 'Sorting points',
    teamsRankHours: 'Teams are ranked by their members’ service hours',
    scope: 'Area',
    community: 'My community',
    street: 'My street',
    city: 'District',
    cityOnly: 'Sign in and choose your community to see your community’s and street’s rankings.',
    signIn: 'Sign in',
    period: 'Time',
    month: 'This month',
    year: 'This year',
    all: 'All time',
    top10: 'Top 10',
    ranking: 'Ranking',
    rankN: 'No. {n}',
    mine: 'Me',
    myRank: 'My rank',
    myValue: 'My result',
    notRanked: 'Nothing yet — join in!',
    beyond: 'Not in the top 100',
    empty: 'Nobody on this board yet',
    emptyHint: 'Volunteer or sort your waste to appear here.',
    hours: 'h',
    points: 'pts',
    chartTitle: '{board}: top 10 as a bar chart',
  },
});

/** One row of any board, whatever it ranks. */
interface Row {
  key: string;
  rank: number;
  name: string;
  value: number;
  mine: boolean;
}

interface Loaded {
  rows: Row[];
  me?: { rank: number | null; value: number };
}

/** 排行榜: people, teams and communities by hours and points, for my community, my street or the district. */
export default function Leaderboards({ query }: PageProps) {
  const s = useSession();
  const me = s.status === 'ready' ? s.me : undefined;
  const communityId = me?.communityId ?? null;
  const view = viewFromQuery(query, !!communityId);

  const org = useApi(() => (communityId ? call(api.org.$get()) : Promise.resolve(undefined)), [communityId]);
  const streetId = org.data?.streets.find((st) => st.communities.some((c) => c.id === communityId))?.id ?? null;
  const periods = useApi(() => call(api.leaderboards.periods.$get()), []);

  const scope = apiScope(view.scope, communityId, streetId);
  const waiting = !periods.data || (view.scope === 'street' && !streetId && org.loading);
  const board = useApi<Loaded | undefined>(async () => {
    if (!periods.data || waiting) return undefined;
    const period = apiPeriod(view.period, periods.data);
    if (view.tab === 'people') {
      const r = await call(api.leaderboards.$get({ query: { metric: view.metric, scope, period, limit: '50' } }));
      return {
        rows: r.entries.map((e) => ({
          key: e.userId,
          rank: e.rank,
          name: e.name,
          value: e.value,
          mine: e.userId === me?.id,
        })),
        me: r.me,
      };
    }
    if (view.tab === 'teams') {
      const r = await call(
        api.leaderboards.teams.$get({ query: { metric: 'service_minutes', scope, period, limit: '50' } }),
      );
      return {
        rows: r.entries.map((e) => ({ key: e.teamId, rank: e.rank, name: e.name, value: e.value, mine: false })),
      };
    }
    const r = await call(api.leaderboards.communities.$get({ query: { metric: view.metric, period, limit: '50' } }));
    return {
      rows: r.entries.map((e) => ({
        key: e.communityId,
        rank: e.rank,
        name: e.name,
        value: e.value,
        mine: e.communityId === communityId,
      })),
    };
  }, [view.tab, view.metric, scope, view.period, periods.data, waiting, me?.id]);

  const set = (patch: Partial<BoardView>) => {
    const next = { ...view, ...patch };
    navigate(`/leaderboards?tab=${next.tab}&metric=${next.metric}&scope=${next.scope}&period=${next.period}`, {
      replace: true,
    });
  };
  const units = { hours: m.t('hours'), points: m.t('points') };
  const text = (v: number) => valueText(view.metric, v, units);
  const boardName = `${m.t(view.tab)} · ${m.t(view.metric)}`;
  const rows = board.data?.rows ?? [];

  return (
    <Page title={m.t('title')}>
      <style>{LB_STYLE}</style>
      <Tabs<BoardTab>
        label={m.t('boards')}
        value={view.tab}
        onChange={(tab) => set({ tab })}
        items={(['people', 'teams', 'communities'] as const).map((k) => ({ key: k, label: m.t(k) }))}
      />
      <div class="lb-pickers" data-testid="lb-pickers">
        {view.tab === 'teams' ? (
          <p class="muted lb-note">{m.t('teamsRankHours')}</p>
        ) : (
          <Tabs<MetricKey>
            label={m.t('metric')}
            value={view.metric}
            onChange={(metric) => set({ metric })}
            items={(['service_minutes', 'volunteer_points', 'garbage_points'] as const).map((k) => ({
              key: k,
              label: m.t(k),
            }))}
          />
        )}
        {view.tab !== 'communities' &&
          (communityId ? (
            <Tabs<ScopeKey>
              label={m.t('scope')}
              value={view.scope}
              onChange={(sc) => set({ scope: sc })}
              items={(['community', 'street', 'city'] as const).map((k) => ({ key: k, label: m.t(k) }))}
            />
          ) : s.status === 'loading' ? null : (
            <p class="muted lb-note">
              {m.t('cityOnly')} {s.status === 'anon' && <Link href="/signin?next=/leaderboards">{m.t('signIn')}</Link>}
            </p>
          ))}
        <Tabs<PeriodKey>
          label={m.t('period')}
          value={view.period}
          onChange={(period) => set({ period })}
          items={(['month', 'year', 'all'] as const).map((k) => ({ key: k, label: m.t(k) }))}
        />
      </div>

      {view.tab === 'people' && board.data?.me && (
        <Card class="lb-me" testId="lb-me">
          <div class="lb-me-row">
            <span class="lb-me-label">{m.t('myRank')}</span>
            <span class="lb-me-rank">
              {board.data.me.value <= 0
                ? m.t('notRanked')
                : board.data.me.rank === null
                  ? m.t('beyond')
                  : m.t('rankN', { n: board.data.me.rank })}
            </span>
          </div>
          {board.data.me.value > 0 && (
            <div class="lb-me-row">
              <span class="lb-me-label">{m.t('myValue')}</span>
              <span class="lb-me-value">{text(board.data.me.value)}</span>
            </div>
          )}
        </Card>
      )}

      {board.error ? (
        <ErrorNotice error={board.error} onRetry={board.reload} />
      ) : periods.error ? (
        <ErrorNotice error={periods.error} onRetry={periods.reload} />
      ) : board.loading || !board.data ? (
        <Loading />
      ) : rows.length === 0 ? (
        <Empty title={m.t('empty')} hint={m.t('emptyHint')} icon="trophy" />
      ) : (
        <>
          <Card title={m.t('top10')}>
            <BarChart
              title={m.t('chartTitle', { board: boardName })}
              bars={rows.slice(0, 10).map((r) => ({
                key: r.key,
                label: r.name,
                value: r.value,
                text: text(r.value),
                mine: r.mine,
              }))}
            />
          </Card>
          <Card title={m.t('ranking')}>
            <ol class="lb-list" data-testid="lb-list">
              {rows.map((r) => (
                <li
                  key={r.key}
                  class={r.mine ? 'lb-row lb-row-mine' : 'lb-row'}
                  aria-current={r.mine ? 'true' : undefined}
                  data-testid={r.mine ? 'lb-mine' : undefined}
                >
                  <span class={`lb-rank${r.rank <= 3 ? ` lb-rank-${r.rank}` : ''}`}>{r.rank}</span>
                  <span class="lb-name">
                    {r.name}
                    {r.mine && <span class="lb-tag">{m.t('mine')}</span>}
                  </span>
                  <span class="lb-value">{text(r.value)}</span>
                </li>
              ))}
            </ol>
          </Card>
        </>
      )}
    </Page>
  );
}
