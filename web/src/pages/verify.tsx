import { api, call, isApiError } from '../api.js';
import { hours } from '../format.js';
import { messages } from '../i18n/index.js';
import type { PageProps } from '../routes.js';
import { useApi } from '../use-api.js';
import { Card, ErrorNotice, Loading, Notice, Page } from '../ui/index.js';
import { dateOnly } from '../time.js';

const m = messages({
  zh: {
    title: '志愿服务记录证明核验',
    valid: '此证明真实有效',
    invalid: '查无此证明。请核对证明上的二维码或编号，或联系出具单位。',
    number: '证明编号',
    name: '志愿者',
    hours: '服务时长',
    hoursValue: '{h} 小时',
    activities: '活动次数',
    issuer: '出具单位',
    contact: '联系方式',
    issuedAt: '出具日期',
  },
  en: {
    title: 'Verify a proof of volunteer service',
    valid: 'This proof is genuine',
    invalid: 'No such proof. Check the QR code or number on the paper, or ask the issuer.',
    number: 'Number',
    name: 'Volunteer',
    hours: 'Service',
    hoursValue: '{h} h',
    activities: 'Activities',
    issuer: 'Issued by',
    contact: 'Contact',
    issuedAt: 'Issued on',
  },
});

/** The public page the printed QR code opens: what the proof said, as the community issued it. */
export default function VerifyPage({ params }: PageProps) {
  const c = useApi(() => call(api.certificates[':id'].$get({ param: { id: params.id! } })), [params.id]);
  if (c.loading) return <Loading />;
  if (c.error || !c.data) {
    const unknown = isApiError(c.error) && (c.error.status === 404 || c.error.status === 400);
    return (
      <Page title={m.t('title')}>
        {unknown ? <Notice kind="error">{m.t('invalid')}</Notice> : <ErrorNotice error={c.error} onRetry={c.reload} />}
      </Page>
    );
  }
  const d = c.data;
  const rows: [string, string][] = [
    [m.t('number'), d.number],
    [m.t('name'), d.name],
    [m.t('hours'), m.t('hoursValue', { h: hours(d.minutes) })],
    [m.t('activities'), String(d.activities)],
    [m.t('issuer'), d.issuer.name],
    [m.t('contact'), d.issuer.contact],
    [m.t('issuedAt'), dateOnly(d.issuedAt)],
  ];
  return (
    <Page title={m.t('title')}>
      <Notice kind="success" testId="verify-valid">
        {m.t('valid')}
      </Notice>
      <Card testId="verify-facts">
        <dl class="facts">
          {rows.map(([k, v]) => (
            <div key={k}>
              <dt class="muted small">{k}</dt>
              <dd>{v}</dd>
            </div>
          ))}
        </dl>
      </Card>
    </Page>
  );
}
