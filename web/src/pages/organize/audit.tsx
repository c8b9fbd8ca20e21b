import { useEffect, useState } from 'preact/hooks';
import type { AuditEntry } from '../../../../shared/schemas/audit.js';
import { api, call } from '../../api.js';
import { messages } from '../../i18n/index.js';
import { problemMessage } from '../../problems.js';
import { saveCsv } from '../../save-csv.js';
import { dateTime } from '../../time.js';
import { overseenStreets } from './scope.js';
import { useOrganizerScope } from './use-organizer-scope.js';
import { Button, Empty, Loading, Notice, Page, Select } from '../../ui/index.js';
import './organize.css';

const m = messages({
  zh: {
    title: '审计记录',
    intro: '授权、积分调整、代签到、确认时长、绑卡、桶站、礼品和核销等操作，每一次都有记录，最新的在前。',
    none: '只有管理员和街道组织者可以查看审计记录',
    scope: '范围',
    all: '全部（{name}）',
    city: '全市',
    empty: '这段时间没有记录',
    more: '加载更多',
    csv: '导出 CSV',
    'role.grant': '授予角色',
    'role.revoke': '撤销角色',
    'points.adjust': '积分调整',
    'attendance.proxy': '代为签到',
    'activity.confirm': '确认时长',
    'correction.accept': '通过纠错申请',
    'correction.reject': '驳回纠错申请',
    'card.bind': '绑定积分卡',
    'card.unbind': '解绑积分卡',
    'bin.create': '登记桶站',
    'reward.create': '上架礼品',
    'reward.update': '修改礼品',
    'redemption.fulfil': '核销礼品',
    'redemption.cancel': '工作人员取消兑换',
    'resident.create': '登记代管居民',
    'resident.phone': '为代管居民绑定手机号',
    'flag.resolve': '处理复核提醒',
  },
  en: {
    title: 'Audit trail',
    intro:
      'Every role grant, points adjustment, proxy check-in, confirm, card binding, bin, gift change and hand-over is recorded here, newest first.',
    none: 'Only the admin and street organisers read the audit trail',
    scope: 'Scope',
    all: 'All of {name}',
    city: 'The whole city',
    empty: 'Nothing recorded in this period',
    more: 'Load more',
    csv: 'Export CSV',
    'role.grant': 'Role granted',
    'role.revoke': 'Role revoked',
    'points.adjust': 'Points adjusted',
    'attendance.proxy': 'Attendance recorded for someone',
    'activity.confirm': 'Hours confirmed',
    'correction.accept': 'Correction accepted',
    'correction.reject': 'Correction rejected',
    'card.bind': 'Card bound',
    'card.unbind': 'Card unbound',
    'bin.create': 'Bin registered',
    'reward.create': 'Gift offered',
    'reward.update': 'Gift changed',
    'redemption.fulfil': 'Gift handed over',
    'redemption.cancel': 'Redemption cancelled by staff',
    'resident.create': 'Resident without a phone registered',
    'resident.phone': 'Phone given to a managed resident',
    'flag.resolve': 'Review flag decided',
  },
});

/** The facts of an act as `key: value` pairs, one line. */
const detailText = (d: AuditEntry['detail']): string =>
  Object.entries(d)
    .map(([k, v]) => `${k}: ${String(v)}`)
    .join(' · ');

/** 审计记录: the admin (whole city, or a street or community) and street organisers (their street) read the trail. */
export default function AuditPage() {
  const overseen = useOrganizerScope(overseenStreets, { title: m.t('title'), none: m.t('none') });
  const { me, items: streets } = overseen;
  const admin = !!me?.roles.some((g) => g.role === 'admin');
  // '' = the admin's city or a street organiser's only street; `street:<id>` or a community id otherwise.
  const [scope, setScope] = useState('');
  const [items, setItems] = useState<AuditEntry[]>([]);
  const [cursor, setCursor] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string>();
  const query = (): Record<string, string> => {
    if (scope.startsWith('street:')) return { streetId: scope.slice(7) };
    if (scope) return { communityId: scope };
    return !admin && streets[0] ? { streetId: streets[0].id } : {};
  };
  const load = async (from: string | null) => {
    setBusy(true);
    setError(undefined);
    try {
      const r = (await call(
        api.audit.$get({ query: { ...query(), limit: '50', ...(from ? { cursor: from } : {}) } }),
      )) as {
        items: AuditEntry[];
        nextCursor: string | null;
      };
      setItems((old) => (from ? [...old, ...r.items] : r.items));
      setCursor(r.nextCursor);
    } catch (e) {
      setError(problemMessage(e));
    } finally {
      setBusy(false);
    }
  };
  const ready = !overseen.gate;
  useEffect(() => {
    if (ready) void load(null);
  }, [ready, scope]);
  if (overseen.gate) return overseen.gate;
  const options = [
    ...(admin ? [{ value: '', label: m.t('city') }] : []),
    ...streets.flatMap((st) => [
      { value: admin || streets.length > 1 ? `street:${st.id}` : '', label: m.t('all', { name: st.name }) },
      ...st.communities.map((c) => ({ value: c.id, label: `${st.name} · ${c.name}` })),
    ]),
  ];
  return (
    <Page title={m.t('title')} back="/organize">
      <p class="muted">{m.t('intro')}</p>
      <Select label={m.t('scope')} name="scope" value={scope} onValue={setScope} groups={[{ label: '', options }]} />
      <Button
        variant="secondary"
        onClick={() =>
          void saveCsv(api.audit.$get({ query: { ...query(), format: 'csv' } }), 'audit.csv').catch((e: unknown) =>
            setError(problemMessage(e)),
          )
        }
      >
        {m.t('csv')}
      </Button>
      {error && <Notice kind="error">{error}</Notice>}
      {items.length === 0 && !busy ? (
        <Empty title={m.t('empty')} icon="inbox" />
      ) : (
        <ul class="plain-list" data-testid="audit-list">
          {items.map((e) => (
            <li key={e.id} class="ledger-row" data-testid="audit-row">
              <span>
                <strong>{m.t(e.action)}</strong> · {e.actorName || e.actorId}
                <br />
                <span class="muted small">
                  {dateTime(e.at, true)} · {e.target}
                  {Object.keys(e.detail).length ? ` · ${detailText(e.detail)}` : ''}
                </span>
              </span>
            </li>
          ))}
        </ul>
      )}
      {busy && <Loading />}
      {cursor && !busy && (
        <Button variant="secondary" block onClick={() => void load(cursor)}>
          {m.t('more')}
        </Button>
      )}
    </Page>
  );
}
