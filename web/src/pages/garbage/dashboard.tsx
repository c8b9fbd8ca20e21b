import { api, call } from '../../api.js';
import { messages } from '../../i18n/index.js';
import { buildPath, navigate, useLocation } from '../../router.js';
import { thisMonth } from '../../time.js';
import { useApi } from '../../use-api.js';
import { Card, Empty, ErrorNotice, Input, Loading, Page, Stat } from '../../ui/index.js';
import { SortingChart } from './chart.js';
import { ConsoleFrame } from './console.js';
import './garbage.css';

const m = messages({
  zh: {
    title: '垃圾分类统计',
    month: '月份',
    scans: '投放次数',
    rate: '分类正确率',
    participants: '参与人数',
    points: '发放积分',
    daily: '每日分类正确率',
    chartLabel: '{month} 每天的投放次数和分类正确率',
    chartScans: '投放次数',
    chartRate: '正确率',
    noData: '这个月还没有投放记录',
    topBins: '投放最多的桶站',
    bin: '桶站',
    binScans: '次数',
    binRate: '正确率',
    bestDay: '正确率最高：{day}日 {rate}',
  },
  en: {
    title: 'Sorting statistics',
    month: 'Month',
    scans: 'Drops',
    rate: 'Correctly sorted',
    participants: 'Participants',
    points: 'Points given',
    daily: 'Correct sorting by day',
    chartLabel: 'Drops and correct-sorting rate per day, {month}',
    chartScans: 'Drops',
    chartRate: 'Correct rate',
    noData: 'No drops this month yet',
    topBins: 'Busiest bin stations',
    bin: 'Station',
    binScans: 'Drops',
    binRate: 'Correct',
    bestDay: 'Best day: {day} at {rate}',
  },
});

const pct = (r: number) => `${(r * 100).toFixed(1)}%`;

function Dashboard({ communityId }: { communityId: string }) {
  // The month lives in the address (?month=), so a view can be bookmarked or sent to a colleague.
  const here = useLocation();
  const asked = here.query.get('month') ?? '';
  const month = /^\d{4}-(0[1-9]|1[0-2])$/.test(asked) ? asked : thisMonth();
  const setMonth = (v: string) =>
    navigate(buildPath(here.path, {}, { ...Object.fromEntries(here.query), month: v }), { replace: true });
  const param = { id: communityId };
  const stats = useApi(
    () => call(api.communities[':id'].garbage.$get({ param, query: { month } })),
    [communityId, month],
  );
  const daily = useApi(
    () => call(api.communities[':id'].garbage.daily.$get({ param, query: { month } })),
    [communityId, month],
  );
  const bins = useApi(
    () => call(api.communities[':id'].garbage.bins.$get({ param, query: { month, limit: '5' } })),
    [communityId, month],
  );
  const s = stats.data;
  const best = daily.data?.days.filter((d) => d.scans > 0).sort((a, b) => b.correctRate - a.correctRate)[0];
  return (
    <>
      <Input
        label={m.t('month')}
        name="month"
        type="month"
        value={month}
        onValue={(v) => /^\d{4}-\d{2}$/.test(v) && setMonth(v)}
      />
      <Card testId="garbage-stats">
        {stats.error ? (
          <ErrorNotice error={stats.error} onRetry={stats.reload} />
        ) : !s ? (
          <Loading />
        ) : (
          <div class="stats">
            <Stat label={m.t('rate')} value={pct(s.correctRate)} testId="stat-rate" />
            <Stat label={m.t('scans')} value={s.scans.toLocaleString()} testId="stat-scans" />
            <Stat label={m.t('participants')} value={s.participants.toLocaleString()} testId="stat-participants" />
            <Stat label={m.t('points')} value={s.pointsAwarded.toLocaleString()} testId="stat-points" />
          </div>
        )}
      </Card>
      <Card title={m.t('daily')} testId="garbage-daily">
        {daily.error ? (
          <ErrorNotice error={daily.error} onRetry={daily.reload} />
        ) : !daily.data ? (
          <Loading />
        ) : daily.data.days.every((d) => d.scans === 0) ? (
          <Empty title={m.t('noData')} />
        ) : (
          <>
            <SortingChart
              days={daily.data.days}
              label={m.t('chartLabel', { month })}
              scansLabel={m.t('chartScans')}
              rateLabel={m.t('chartRate')}
            />
            {best && (
              <p class="muted small">
                {m.t('bestDay', { day: Number(best.day.slice(8)), rate: pct(best.correctRate) })}
              </p>
            )}
          </>
        )}
      </Card>
      <Card title={m.t('topBins')} testId="garbage-bins">
        {bins.error ? (
          <ErrorNotice error={bins.error} onRetry={bins.reload} />
        ) : !bins.data ? (
          <Loading />
        ) : bins.data.items.length === 0 ? (
          <Empty title={m.t('noData')} />
        ) : (
          <table class="table">
            <thead>
              <tr>
                <th>{m.t('bin')}</th>
                <th>{m.t('binScans')}</th>
                <th>{m.t('binRate')}</th>
              </tr>
            </thead>
            <tbody>
              {bins.data.items.map((b) => (
                <tr key={b.binId} data-testid="top-bin">
                  <td>{b.name}</td>
                  <td>{b.scans.toLocaleString()}</td>
                  <td>{pct(b.correctRate)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </Card>
    </>
  );
}

/** Community sorting dashboard: the month's numbers, correct-sort rate by day as a chart, the busiest bins. */
export default function GarbageDashboard() {
  return (
    <Page title={m.t('title')} back="/organize">
      <ConsoleFrame>{(communityId) => <Dashboard communityId={communityId} />}</ConsoleFrame>
    </Page>
  );
}
