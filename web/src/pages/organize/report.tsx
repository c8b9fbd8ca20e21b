import { useState } from 'preact/hooks';
import type { MonthReport } from '../../../../shared/schemas/themes.js';
import { api, call } from '../../api.js';
import { hours } from '../../format.js';
import { messages } from '../../i18n/index.js';
import { problemMessage } from '../../problems.js';
import { saveCsv } from '../../save-csv.js';
import { useApi } from '../../use-api.js';
import { Button, Card, ErrorNotice, Input, Loading, Page, Stat, toast } from '../../ui/index.js';
import { thisMonth } from '../../time.js';
import { BarChart } from './bar-chart.js';
import { VolunteerHoursTable } from './volunteer-hours.js';
import './organize.css';

const m = messages({
  zh: {
    title: '“1+N”月度报告',
    month: '月份',
    totals: '全区合计',
    activities: '已确认活动',
    participants: '参与志愿者',
    hours: '服务时长（小时）',
    mandatory: '必选主题',
    noMandatory: '本月没有发布必选主题',
    coverage: '覆盖社区 {n} / {total}',
    covered: '已开展',
    notCovered: '未开展',
    byStreet: '各街道',
    byCommunity: '各社区',
    hoursCsv: '志愿时长表 CSV',
    hoursTable: '查看志愿者时长',
    hideTable: '收起',
    redemptionsCsv: '兑换记录 CSV',
    chartActivities: '各街道已确认活动数',
    chartParticipants: '各街道参与志愿者（人）',
    chartHours: '各街道服务时长（小时）',
    special: '特色主题 {n} 个',
    csv: '下载 CSV（可用 Excel 打开）',
    people: '人',
  },
  en: {
    title: '“1+N” monthly report',
    month: 'Month',
    totals: 'District totals',
    activities: 'Confirmed activities',
    participants: 'Volunteers',
    hours: 'Service hours',
    mandatory: 'Mandatory theme',
    noMandatory: 'No mandatory theme this month',
    coverage: '{n} of {total} communities covered',
    covered: 'held',
    notCovered: 'not yet',
    byStreet: 'By street',
    byCommunity: 'By community',
    hoursCsv: 'Volunteer hours CSV',
    hoursTable: 'Show volunteer hours',
    hideTable: 'Hide',
    redemptionsCsv: 'Redemptions CSV',
    chartActivities: 'Confirmed activities per street',
    chartParticipants: 'Volunteers per street',
    chartHours: 'Service hours per street',
    special: '{n} special themes',
    csv: 'Download CSV (opens in Excel)',
    people: '',
  },
});

const downloadCsv = (month: string) =>
  saveCsv(api.themes[':month'].report.$get({ param: { month }, query: { format: 'csv' } }), `1+N-report-${month}.csv`);

/** The chart rows: streets, or a community organiser's own communities (who sees no street). */
const rowsOf = (d: MonthReport) => (d.streets.length > 0 ? d.streets : d.communities);

/** 月度报告: per-street activities, participants and hours as bar charts, mandatory-theme coverage, CSV. */
export default function ReportPage() {
  const [month, setMonth] = useState(thisMonth());
  const [busy, setBusy] = useState(false);
  // The community whose per-volunteer hours table is open (one at a time).
  const [shown, setShown] = useState<string>();
  // The route also answers text/csv, so narrow the JSON answer to its schema's type.
  const r = useApi(
    () => call(api.themes[':month'].report.$get({ param: { month }, query: {} })) as Promise<MonthReport>,
    [month],
  );
  const d = r.data;
  return (
    <Page title={m.t('title')} back="/organize">
      <Input label={m.t('month')} type="month" name="month" value={month} onValue={(v) => v && setMonth(v)} />
      {r.loading ? (
        <Loading />
      ) : r.error || !d ? (
        <ErrorNotice error={r.error} onRetry={r.reload} />
      ) : (
        <>
          <Card title={m.t('totals')} testId="report-totals">
            <div class="stats">
              <Stat label={m.t('activities')} value={d.totals.activities} />
              <Stat label={m.t('participants')} value={d.totals.participants} />
              <Stat label={m.t('hours')} value={hours(d.totals.serviceMinutes)} testId="report-hours" />
            </div>
          </Card>
          <Card title={m.t('mandatory')} testId="report-mandatory">
            {d.mandatory ? (
              <>
                <p class="big-line">{d.mandatory.title}</p>
                <p>{m.t('coverage', { n: d.mandatory.communitiesCovered, total: d.mandatory.communitiesTotal })}</p>
                <ul class="coverage">
                  {d.mandatory.communities.map((c) => (
                    <li key={c.communityId}>
                      {c.covered ? <span class="ok-mark">✓ </span> : <span class="no-mark">✗ </span>}
                      {c.name}
                      <span class="muted"> · {c.covered ? m.t('covered') : m.t('notCovered')}</span>
                    </li>
                  ))}
                </ul>
              </>
            ) : (
              <p class="muted">{m.t('noMandatory')}</p>
            )}
          </Card>
          <Card testId="report-charts">
            <BarChart
              title={m.t('chartActivities')}
              bars={rowsOf(d).map((s) => ({ label: s.name, value: s.activities }))}
              testId="chart-activities"
            />
            <BarChart
              title={m.t('chartParticipants')}
              bars={rowsOf(d).map((s) => ({ label: s.name, value: s.participants }))}
              testId="chart-participants"
            />
            <BarChart
              title={m.t('chartHours')}
              bars={rowsOf(d).map((s) => ({ label: s.name, value: s.serviceMinutes }))}
              format={(v) => hours(v)}
              testId="chart-hours"
            />
          </Card>
          <Card title={m.t('byStreet')}>
            <ul class="plain-list">
              {d.streets.map((s) => (
                <li key={s.streetId}>
                  <strong>{s.name}</strong>
                  <div class="muted small">
                    {m.t('activities')} {s.activities} · {m.t('participants')} {s.participants} · {m.t('hours')}{' '}
                    {hours(s.serviceMinutes)} · {m.t('special', { n: s.specialThemes })}
                  </div>
                </li>
              ))}
            </ul>
          </Card>
          <Card title={m.t('byCommunity')} testId="report-communities">
            <ul class="plain-list">
              {d.communities.map((c) => (
                <li key={c.communityId}>
                  <strong>{c.name}</strong>
                  <div class="muted small">
                    {m.t('activities')} {c.activities} · {m.t('participants')} {c.participants} · {m.t('hours')}{' '}
                    {hours(c.serviceMinutes)}
                  </div>
                  {shown === c.communityId && (
                    <VolunteerHoursTable communityId={c.communityId} name={c.name} month={month} />
                  )}
                  <Button
                    variant="secondary"
                    aria-expanded={shown === c.communityId}
                    onClick={() => setShown(shown === c.communityId ? undefined : c.communityId)}
                  >
                    {shown === c.communityId ? m.t('hideTable') : m.t('hoursTable')}
                  </Button>{' '}
                  <Button
                    variant="secondary"
                    onClick={() =>
                      void saveCsv(
                        api.communities[':id']['volunteer-hours'].$get({
                          param: { id: c.communityId },
                          query: { month, format: 'csv' },
                        }),
                        `volunteer-hours-${c.name}-${month}.csv`,
                      ).catch((e: unknown) => toast(problemMessage(e), 'error'))
                    }
                  >
                    {m.t('hoursCsv')}
                  </Button>{' '}
                  <Button
                    variant="secondary"
                    onClick={() =>
                      void saveCsv(
                        api.communities[':id'].redemptions.$get({
                          param: { id: c.communityId },
                          query: { month, format: 'csv' },
                        }),
                        `redemptions-${c.name}-${month}.csv`,
                      ).catch((e: unknown) => toast(problemMessage(e), 'error'))
                    }
                  >
                    {m.t('redemptionsCsv')}
                  </Button>
                </li>
              ))}
            </ul>
          </Card>
          <Button
            block
            loading={busy}
            onClick={() => {
              setBusy(true);
              downloadCsv(month)
                .catch((e: unknown) => toast(problemMessage(e), 'error'))
                .finally(() => setBusy(false));
            }}
          >
            {m.t('csv')}
          </Button>
        </>
      )}
    </Page>
  );
}
