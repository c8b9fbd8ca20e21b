import { api, call } from '../../api.js';
import { messages } from '../../i18n/index.js';
import { buildPath, navigate } from '../../router.js';
import type { PageProps } from '../../routes.js';
import { useSession } from '../../session.js';
import { useApi } from '../../use-api.js';
import { Button, Card, Empty, ErrorNotice, Input, Loading, Page, Select, Stat, Tabs } from '../../ui/index.js';
import { BarChart, type ChartSeries } from './BarChart.js';
import { thisMonth } from '../../time.js';
import { isMonth, shiftMonth } from './month.js';
import { liabilityScopes } from './scopes.js';
import type { Liability } from './types.js';
import './rewards.css';

const m = messages({
  zh: {
    title: '积分负债',
    intro: '居民手里还没兑换的积分，就是社区要准备礼品兑现的“负债”。',
    scope: '范围',
    city: '全区',
    allTime: '累计',
    byMonth: '按月',
    month: '月份',
    prev: '上个月',
    next: '下个月',
    outstandingAll: '居民持有积分（未兑换）',
    outstandingMonth: '本月净增积分',
    issued: '发放',
    volunteer: '志愿积分',
    garbage: '垃圾分类积分',
    adjust: '人工调整',
    redeemed: '兑换',
    refunded: '退回',
    outstanding: '结余',
    issuedTotal: '发放积分',
    redeemedTotal: '兑换礼品用掉',
    refundedTotal: '取消或过期退回',
    byStreet: '各街道',
    byCommunity: '各社区',
    volunteerShort: '志愿',
    garbageShort: '垃圾分类',
    adjustShort: '调整',
    quiet: '暂无积分往来：{names}',
    comma: '、',
    unassigned: '未选社区的居民',
    none: '您没有查看积分负债的权限',
    noneHint: '区管理员和社区工作者可以查看。',
  },
  en: {
    title: 'Points liability',
    intro: 'Points residents hold and have not exchanged yet: what the community owes in gifts.',
    scope: 'Scope',
    city: 'Whole district',
    allTime: 'All time',
    byMonth: 'By month',
    month: 'Month',
    prev: 'Previous month',
    next: 'Next month',
    outstandingAll: 'Held by residents (not exchanged)',
    outstandingMonth: 'Net change this month',
    issued: 'Issued',
    volunteer: 'Volunteer points',
    garbage: 'Garbage-sorting points',
    adjust: 'Manual corrections',
    redeemed: 'Redeemed',
    refunded: 'Refunded',
    outstanding: 'Outstanding',
    issuedTotal: 'Points issued',
    redeemedTotal: 'Spent on gifts',
    refundedTotal: 'Given back (cancelled or expired)',
    byStreet: 'By street',
    byCommunity: 'By community',
    volunteerShort: 'volunteer',
    garbageShort: 'garbage',
    adjustShort: 'corrections',
    quiet: 'No points moved: {names}',
    comma: ', ',
    unassigned: 'Residents without a community',
    none: 'You cannot see the points liability',
    noneHint: 'The district admin and organisers can.',
  },
});

type Figures = Liability['totals'];
type Row = { id: string; name: string } & Figures;

const series = (): ChartSeries[] => [
  { label: m.t('issued'), color: '#0b3d91' },
  { label: m.t('redeemed'), color: '#b3261e' },
  { label: m.t('refunded'), color: '#b8860b' },
  { label: m.t('outstanding'), color: '#1b5e20' },
];
const values = (f: Figures) => [f.issued.total, f.redeemed, f.refunded, f.outstanding];
const n = (v: number) => v.toLocaleString();
/** Whether any points moved here (a correction and its reversal still count). */
const moved = (f: Figures) =>
  [f.issued.volunteer, f.issued.garbage, f.issued.adjust, f.redeemed, f.refunded].some((v) => v !== 0);

function Totals({ f, monthly }: { f: Figures; monthly: boolean }) {
  return (
    <Card testId="liability-totals">
      <Stat
        label={monthly ? m.t('outstandingMonth') : m.t('outstandingAll')}
        value={n(f.outstanding)}
        testId="liability-outstanding"
      />
      <dl class="facts">
        <dt>{m.t('issuedTotal')}</dt>
        <dd data-testid="liability-issued">{n(f.issued.total)}</dd>
        <dt class="indent">{m.t('volunteer')}</dt>
        <dd>{n(f.issued.volunteer)}</dd>
        <dt class="indent">{m.t('garbage')}</dt>
        <dd>{n(f.issued.garbage)}</dd>
        <dt class="indent">{m.t('adjust')}</dt>
        <dd>{n(f.issued.adjust)}</dd>
        <dt>{m.t('redeemedTotal')}</dt>
        <dd data-testid="liability-redeemed">{n(f.redeemed)}</dd>
        <dt>{m.t('refundedTotal')}</dt>
        <dd>{n(f.refunded)}</dd>
      </dl>
    </Card>
  );
}

/** Each row in three short lines (a wide table does not fit a phone); rows with no points at all in one line. */
function Rows({ rows }: { rows: Row[] }) {
  const active = rows.filter(moved);
  const quiet = rows.filter((r) => !moved(r));
  return (
    <>
      <ul class="plain-list" data-testid="liability-rows">
        {active.map((r) => (
          <li key={r.id} class="liability-row">
            <div class="liability-row-head">
              <strong>{r.name}</strong>
              <span>
                {m.t('outstanding')} <strong class="liability-figure">{n(r.outstanding)}</strong>
              </span>
            </div>
            <div>
              {m.t('issued')} {n(r.issued.total)}
              <span class="muted">
                {' '}
                ({m.t('volunteerShort')} {n(r.issued.volunteer)} · {m.t('garbageShort')} {n(r.issued.garbage)} ·{' '}
                {m.t('adjustShort')} {n(r.issued.adjust)})
              </span>
            </div>
            <div>
              {m.t('redeemed')} {n(r.redeemed)} · {m.t('refunded')} {n(r.refunded)}
            </div>
          </li>
        ))}
      </ul>
      {quiet.length > 0 && (
        <p class="muted" data-testid="liability-quiet">
          {m.t('quiet', { names: quiet.map((r) => r.name).join(m.t('comma')) })}
        </p>
      )}
    </>
  );
}

/** A chart of the rows that moved any points (the others are named under the list). */
const chartRows = (rows: Row[]) => rows.filter(moved).map((r) => ({ label: r.name, values: values(r) }));

function Report({ data }: { data: Liability }) {
  const communities: Row[] = data.communities;
  const rows: Row[] = data.unassigned
    ? [...communities, { id: 'unassigned', name: m.t('unassigned'), ...data.unassigned }]
    : communities;
  return (
    <>
      <Totals f={data.totals} monthly={data.month !== null} />
      {data.streets.length > 0 && (
        <Card title={m.t('byStreet')}>
          <BarChart title={m.t('byStreet')} testId="chart-streets" series={series()} rows={chartRows(data.streets)} />
          <Rows rows={data.streets} />
        </Card>
      )}
      <Card title={m.t('byCommunity')}>
        <BarChart title={m.t('byCommunity')} testId="chart-communities" series={series()} rows={chartRows(rows)} />
        <Rows rows={rows} />
      </Card>
    </>
  );
}

/**
 * 积分负债: points issued by source, redeemed, refunded and outstanding, for the city (admin), a street or a
 * community (its organisers), all time or one month, as bars and a table.
 */
export default function LiabilityPage({ query }: PageProps) {
  const s = useSession();
  const org = useApi(() => call(api.org.$get()), []);
  const me = s.status === 'ready' ? s.me : undefined;
  const choices = me && org.data ? liabilityScopes(me.roles, org.data, m.t('city')) : [];
  const scope = choices.find((c) => c.scope === query.get('scope'))?.scope ?? choices[0]?.scope;
  const month = isMonth(query.get('month')) ? query.get('month')! : undefined;
  const go = (next: { scope?: string; month?: string | null }) =>
    navigate(
      buildPath(
        '/organize/liability',
        {},
        { scope: next.scope ?? scope, month: next.month === null ? undefined : (next.month ?? month) },
      ),
      { replace: true },
    );
  const report = useApi(
    () => (scope ? call(api.points.liability.$get({ query: { scope, month } })) : Promise.resolve(undefined)),
    [scope, month],
  );
  return (
    <Page title={m.t('title')} back="/organize">
      <p class="muted">{m.t('intro')}</p>
      {org.error ? (
        <ErrorNotice error={org.error} onRetry={org.reload} />
      ) : !org.data || !me ? (
        <Loading />
      ) : !scope ? (
        <Empty title={m.t('none')} hint={m.t('noneHint')} icon="tools" />
      ) : (
        <>
          {choices.length > 1 && (
            <Select
              label={m.t('scope')}
              name="scope"
              value={scope}
              onValue={(v) => go({ scope: v })}
              groups={[{ label: '', options: choices.map((c) => ({ value: c.scope, label: c.label })) }]}
            />
          )}
          <Tabs
            label={m.t('month')}
            items={[
              { key: 'all', label: m.t('allTime') },
              { key: 'month', label: m.t('byMonth') },
            ]}
            value={month ? 'month' : 'all'}
            onChange={(k) => go({ month: k === 'month' ? thisMonth() : null })}
          />
          {month && (
            <div class="month-picker">
              <Button variant="secondary" aria-label={m.t('prev')} onClick={() => go({ month: shiftMonth(month, -1) })}>
                ‹
              </Button>
              <Input
                label={m.t('month')}
                name="month"
                type="month"
                value={month}
                onValue={(v) => isMonth(v) && go({ month: v })}
              />
              <Button
                variant="secondary"
                aria-label={m.t('next')}
                disabled={month >= thisMonth()}
                onClick={() => go({ month: shiftMonth(month, 1) })}
              >
                ›
              </Button>
            </div>
          )}
          {report.error ? (
            <ErrorNotice error={report.error} onRetry={report.reload} />
          ) : !report.data || report.loading ? (
            <Loading />
          ) : (
            <Report data={report.data} />
          )}
        </>
      )}
    </Page>
  );
}
