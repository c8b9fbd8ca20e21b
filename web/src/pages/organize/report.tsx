import { useState } from 'preact/hooks';
import type { MonthReport } from '../../../../shared/schemas/themes.js';
import { api, call } from '../../api.js';
import { toApiError } from '../../api-error.js';
import { hours } from '../../format.js';
import { messages } from '../../i18n/index.js';
import { problemMessage } from '../../problems.js';
import { useApi } from '../../use-api.js';
import { Button, Card, ErrorNotice, Input, Loading, Page, Stat, toast } from '../../ui/index.js';
import { thisMonth } from '../../time.js';
import { BarChart } from './bar-chart.js';
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
    chartActivities: 'Confirmed activities per street',
    chartParticipants: 'Volunteers per street',
    chartHours: 'Service hours per street',
    special: '{n} special themes',
    csv: 'Download CSV (opens in Excel)',
    people: '',
  },
});

/** Saves the report's CSV: fetched with the token, handed to the browser as a file. */
async function downloadCsv(month: string): Promise<void> {
  const res = await api.themes[':month'].report.$get({ param: { month }, query: { format: 'csv' } });
  if (!res.ok) throw await toApiError(res as unknown as Response);
  const blob = await (res as unknown as Response).blob();
  const url = URL.createObjectURL(blob);
  const link = document.createElement('a');
  link.href = url;
  link.download = `1+N-report-${month}.csv`;
  document.body.appendChild(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

/** 月度报告: per-street activities, participants and hours as bar charts, mandatory-theme coverage, CSV. */
export default function ReportPage() {
  const [month, setMonth] = useState(thisMonth());
  const [busy, setBusy] = useState(false);
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
              bars={d.streets.map((s) => ({ label: s.name, value: s.activities }))}
              testId="chart-activities"
            />
            <BarChart
              title={m.t('chartParticipants')}
              bars={d.streets.map((s) => ({ label: s.name, value: s.participants }))}
              testId="chart-participants"
            />
            <BarChart
              title={m.t('chartHours')}
              bars={d.streets.map((s) => ({ label: s.name, value: s.serviceMinutes }))}
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
