import type { InferResponseType } from 'hono/client';
import { api, call } from '../../api.js';
import { hours, starText } from '../../format.js';
import { messages } from '../../i18n/index.js';
import { useApi } from '../../use-api.js';
import { useState } from 'preact/hooks';
import { problemMessage } from '../../problems.js';
import { Button, Card, Empty, ErrorNotice, Link, Loading, Page, QrCode, Stat, toast } from '../../ui/index.js';
import { clock, dateOnly } from '../../time.js';
import { indexOrg, loadOrg } from './data.js';
import './service-record.css';

const m = messages({
  zh: {
    title: '我的服务记录',
    proof: '志愿服务记录证明',
    proofText: '兹证明 {name} 同志参加社区志愿服务，经组织方确认的服务记录如下，累计服务时长 {h} 小时。',
    total: '累计服务时长',
    hoursUnit: '小时',
    activities: '确认的活动',
    stars: '星级',
    noStars: '暂未评星',
    nextStar: '再服务 {h} 小时可达 {n} 星',
    fiveStars: '已是五星志愿者',
    date: '日期',
    activity: '活动',
    place: '地点',
    duration: '时长(小时)',
    points: '积分',
    sum: '合计',
    none: '还没有确认的服务记录',
    noneHint: '参加活动并签到签退，组织者确认后记录会显示在这里。',
    print: '打印服务证明',
    issued: '出具日期：{d}',
    stamp: '社区（盖章）',
    signature: '经办人：',
    find: '去看看近期活动',
    number: '证明编号：{n}',
    issuer: '出具单位：{name}',
    contact: '联系方式：{c}',
    scanToVerify: '扫码核验本证明',
    verifyAt: '核验网址：{u}',
    issuing: '正在出具证明…',
  },
  en: {
    title: 'My service record',
    proof: 'Proof of Volunteer Service',
    proofText:
      'This certifies that {name} has taken part in community volunteer service. The service confirmed by the organisers is listed below: {h} hours in total.',
    total: 'Total service',
    hoursUnit: 'h',
    activities: 'Confirmed activities',
    stars: 'Stars',
    noStars: 'No stars yet',
    nextStar: '{h} more hours to {n} stars',
    fiveStars: 'Five-star volunteer',
    date: 'Date',
    activity: 'Activity',
    place: 'Place',
    duration: 'Hours',
    points: 'Points',
    sum: 'Total',
    none: 'No confirmed service yet',
    noneHint: 'Join an activity and check in and out; once the organiser confirms, it shows here.',
    print: 'Print the proof of service',
    issued: 'Issued on {d}',
    stamp: 'Community (seal)',
    signature: 'Issued by:',
    find: 'See upcoming activities',
    number: 'Certificate no. {n}',
    issuer: 'Issued by: {name}',
    contact: 'Contact: {c}',
    scanToVerify: 'Scan to verify this proof',
    verifyAt: 'Verify at: {u}',
    issuing: 'Issuing the proof…',
  },
});

type ServicePage = InferResponseType<typeof api.me.service.$get, 200>;
type Cert = InferResponseType<typeof api.me.certificates.$post, 201>;

/** The numbered part of the proof: number, issuing community and its contact, and the QR code to verify it. */
function CertificateBlock({ cert }: { cert: Cert }) {
  return (
    <div class="card certificate" data-testid="certificate">
      <p data-testid="certificate-number">{m.t('number', { n: cert.number })}</p>
      <p>{m.t('issuer', { name: cert.issuer.name })}</p>
      <p>{m.t('contact', { c: cert.issuer.contact })}</p>
      <QrCode text={cert.verifyUrl} size={120} label={m.t('scanToVerify')} />
      <p class="muted small">{m.t('scanToVerify')}</p>
      <p class="muted small">{m.t('verifyAt', { u: cert.verifyUrl })}</p>
    </div>
  );
}

/** Every page of the record (a proof must list all of it). */
async function loadAll(): Promise<ServicePage> {
  let page = await call(api.me.service.$get({ query: { limit: '100' } }));
  const items = [...page.items];
  while (page.nextCursor) {
    page = await call(api.me.service.$get({ query: { limit: '100', cursor: page.nextCursor } }));
    items.push(...page.items);
  }
  return { ...page, items, nextCursor: null };
}

/** 我的服务记录: confirmed activities, total hours and stars; prints as a proof-of-service record. */
export default function ServiceRecordPage() {
  const r = useApi(loadAll, []);
  const org = useApi(loadOrg, []);
  const [cert, setCert] = useState<Cert>();
  const [busy, setBusy] = useState(false);
  // Every printed proof is issued first (numbered, kept for verification), then printed with its QR code.
  const issueAndPrint = async () => {
    setBusy(true);
    try {
      const c = await call(api.me.certificates.$post({ json: {} }));
      setCert(c);
      // Let the QR code render before the print dialog takes the page.
      setTimeout(() => window.print(), 600);
    } catch (e) {
      toast(problemMessage(e), 'error');
    } finally {
      setBusy(false);
    }
  };
  if (r.loading) return <Loading />;
  if (r.error || !r.data) return <ErrorNotice error={r.error} onRetry={r.reload} />;
  const d = r.data;
  const idx = indexOrg(org.data);
  const totalPoints = d.items.reduce((n, x) => n + x.points, 0);
  const nextNeeds = d.nextStarHours === null ? null : Math.max(0, d.nextStarHours - d.serviceMinutes / 60);
  return (
    <Page title={m.t('title')} back="/me">
      <div class="print-only">
        <h1 class="proof-head">{m.t('proof')}</h1>
        <p>{m.t('proofText', { name: d.name, h: hours(d.serviceMinutes) })}</p>
      </div>
      <Card testId="service-summary">
        <p class="big-line">{d.name}</p>
        <div class="stats">
          <Stat label={m.t('total')} value={hours(d.serviceMinutes)} unit={m.t('hoursUnit')} testId="service-hours" />
          <Stat label={m.t('activities')} value={d.items.length} />
        </div>
        <div class="stars-row" data-testid="service-stars">
          <span class="stars-label">{m.t('stars')}</span>
          <span class="stars" role="img" aria-label={`${d.stars}`}>
            {starText(d.stars)}
          </span>
          {d.stars === 0 && <span class="muted">{m.t('noStars')}</span>}
        </div>
        <p class="muted small no-print">
          {nextNeeds === null ? m.t('fiveStars') : m.t('nextStar', { h: nextNeeds.toFixed(1), n: d.stars + 1 })}
        </p>
      </Card>
      {d.items.length === 0 ? (
        <Empty title={m.t('none')} hint={m.t('noneHint')} icon="activity">
          <Button href="/activities">{m.t('find')}</Button>
        </Empty>
      ) : (
        <Card>
          <table class="record-table" data-testid="service-table">
            <thead>
              <tr>
                <th>{m.t('date')}</th>
                <th>{m.t('activity')}</th>
                <th class="num">{m.t('duration')}</th>
                <th class="num">{m.t('points')}</th>
              </tr>
            </thead>
            <tbody>
              {d.items.map((x) => (
                <tr key={x.activityId}>
                  <td>
                    {dateOnly(x.startsAt)}
                    <div class="muted small">
                      {clock(x.startsAt)}–{clock(x.endsAt)}
                    </div>
                  </td>
                  <td>
                    {/* The activity page is where a wrong record is corrected (申请纠错). */}
                    <Link href={`/activities/${x.activityId}`}>{x.title}</Link>
                    <div class="muted small">
                      {x.location}
                      {idx.communityName(x.communityId) && ` · ${idx.communityName(x.communityId)}`}
                    </div>
                  </td>
                  <td class="num">{hours(x.minutes)}</td>
                  <td class="num">{x.points}</td>
                </tr>
              ))}
            </tbody>
            <tfoot>
              <tr>
                <td colSpan={2}>{m.t('sum')}</td>
                <td class="num">{hours(d.items.reduce((n, x) => n + x.minutes, 0))}</td>
                <td class="num">{totalPoints}</td>
              </tr>
            </tfoot>
          </table>
        </Card>
      )}
      <div class="print-only">
        <div class="proof-sign">
          <span>{m.t('signature')}</span>
          <span>{m.t('stamp')}</span>
        </div>
        <p>{m.t('issued', { d: dateOnly(cert?.issuedAt ?? Date.now()) })}</p>
      </div>
      {cert && <CertificateBlock cert={cert} />}
      {d.items.length > 0 && (
        <Button block loading={busy} onClick={() => void issueAndPrint()}>
          {m.t('print')}
        </Button>
      )}
    </Page>
  );
}
