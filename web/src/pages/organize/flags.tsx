import { useEffect, useState } from 'preact/hooks';
import type { Flag, FlagDecision, FlagStatus } from '../../../../shared/schemas/flags.js';
import { api, call } from '../../api.js';
import { messages } from '../../i18n/index.js';
import { problemMessage } from '../../problems.js';
import { dateTime } from '../../time.js';
import { useAction } from '../../use-action.js';
import { formSchemas, parse } from '../../validate.js';
import { overseenStreets } from './scope.js';
import { useOrganizerScope } from './use-organizer-scope.js';
import {
  Button,
  Card,
  Empty,
  FormProblem,
  fieldErrors,
  Input,
  Loading,
  Notice,
  Page,
  Select,
  Tabs,
  toast,
} from '../../ui/index.js';
import './organize.css';

const m = messages({
  zh: {
    title: '复核提醒',
    intro:
      '系统自动发现的异常情况，交由上一级复核：社区的操作由街道组织者和管理员复核，街道组织者的操作由管理员复核。提醒不会拦截操作，本人也看不到关于自己的提醒。',
    none: '只有管理员和街道组织者复核提醒',
    scope: '范围',
    all: '全部（{name}）',
    city: '全市',
    open: '待处理',
    resolved: '已处理',
    empty: '没有提醒',
    more: '加载更多',
    'shared-device': '同一设备多人签到',
    'card-burst': '积分卡投放异常',
    'bin-burst': '桶站扫描异常',
    'large-credit': '大额积分发放',
    'large-adjustment': '大额积分调整',
    subject: '对象：{s}',
    raised: '发现于 {t}',
    evidence: '依据',
    note: '处理说明',
    clear: '无异常',
    confirmed: '确认异常',
    done: '已处理',
    decided: '{d} · {t}',
  },
  en: {
    title: 'Review flags',
    intro:
      'Unusual acts found automatically, for the level above to review: a community’s acts go to its street’s organisers and the admin, a street organiser’s to the admin. A flag never blocks the act, and nobody sees flags about themselves.',
    none: 'Only the admin and street organisers review flags',
    scope: 'Scope',
    all: 'All of {name}',
    city: 'The whole city',
    open: 'Open',
    resolved: 'Resolved',
    empty: 'No flags',
    more: 'Load more',
    'shared-device': 'One device, many check-ins',
    'card-burst': 'Card used too often',
    'bin-burst': 'Bin scanning too fast',
    'large-credit': 'Large credit',
    'large-adjustment': 'Large adjustment',
    subject: 'About: {s}',
    raised: 'Raised {t}',
    evidence: 'Evidence',
    note: 'Note on the decision',
    clear: 'Nothing wrong',
    confirmed: 'Confirmed',
    done: 'Resolved',
    decided: '{d} · {t}',
  },
});

/** Names of the evidence a detector records, and the reasons of a large credit. */
const ev = messages({
  zh: {
    userId: '居民',
    delta: '调整积分',
    note: '备注',
    at: '时间',
    entryId: '明细编号',
    activityId: '活动',
    title: '活动名称',
    reasons: '原因',
    totalPoints: '发放积分',
    reviewPoints: '复核线',
    attendance: '签到人数',
    proxy: '代签到人数',
    createdAt: '活动创建于',
    endsAt: '活动结束于',
    correctionId: '纠错申请',
    minutes: '服务分钟',
    points: '积分',
    cardNo: '积分卡',
    drops: '投放次数',
    communities: '社区',
    bins: '桶站',
    binId: '桶站',
    scans: '扫描次数',
    deviceId: '设备',
    accounts: '账号',
    activities: '活动',
    checkins: '签到次数',
    from: '从',
    to: '到',
    'reason.points': '积分超过复核线',
    'reason.proxy': '过半为代签到',
    'reason.backdated': '活动结束后才创建',
  },
  en: {
    userId: 'Resident',
    delta: 'Points adjusted',
    note: 'Note',
    at: 'When',
    entryId: 'Ledger entry',
    activityId: 'Activity',
    title: 'Activity title',
    reasons: 'Why',
    totalPoints: 'Points credited',
    reviewPoints: 'Review line',
    attendance: 'Checked in',
    proxy: 'Checked in by proxy',
    createdAt: 'Activity created',
    endsAt: 'Activity ended',
    correctionId: 'Correction request',
    minutes: 'Minutes',
    points: 'Points',
    cardNo: 'Card',
    drops: 'Drops',
    communities: 'Communities',
    bins: 'Bins',
    binId: 'Bin',
    scans: 'Scans',
    deviceId: 'Device',
    accounts: 'Accounts',
    activities: 'Activities',
    checkins: 'Check-ins',
    from: 'From',
    to: 'To',
    'reason.points': 'points above the review line',
    'reason.proxy': 'more than half by proxy',
    'reason.backdated': 'created after it ended',
  },
});
const ISO = /^\d{4}-\d{2}-\d{2}T[\d:.]+Z$/;
const label = (k: string): string => (ev.has(k) ? ev.t(k) : k);
const evidenceText = (k: string, v: unknown): string => {
  if (k === 'reasons' && Array.isArray(v)) {
    return v
      .map((r) => (ev.has(`reason.${String(r)}`) ? ev.t(`reason.${String(r)}` as 'reason.points') : String(r)))
      .join('、');
  }
  if (Array.isArray(v)) return v.join(', ');
  return typeof v === 'string' && ISO.test(v) ? dateTime(v, true) : String(v);
};

/** One flag: what raised it, and (while open) the decision with a note. */
function FlagCard(props: { f: Flag; community: string; onDone: () => void }) {
  const { f } = props;
  const [note, setNote] = useState('');
  const { busy, error, run } = useAction();
  const decide = (decision: FlagDecision) =>
    run(async () => {
      const json = parse((await formSchemas()).ResolveFlag, { decision, note });
      await call(api.flags[':id'].resolve.$post({ param: { id: f.id }, json }));
      toast(m.t('done'));
      props.onDone();
    });
  return (
    <Card testId="flag">
      <h2 class="card-title">
        {m.t(f.kind)} · {props.community}
      </h2>
      <p class="muted small flag-meta">
        {m.t('subject', { s: f.subject })} · {m.t('raised', { t: dateTime(f.createdAt, true) })}
      </p>
      <dl class="flag-evidence" aria-label={m.t('evidence')} data-testid="flag-evidence">
        {Object.entries(f.evidence).map(([k, v]) => (
          <div key={k}>
            <dt>{label(k)}</dt>
            <dd>{evidenceText(k, v)}</dd>
          </div>
        ))}
      </dl>
      {f.status === 'open' ? (
        <>
          <Input
            label={m.t('note')}
            name="note"
            value={note}
            onValue={setNote}
            maxLength={500}
            error={fieldErrors(error)}
          />
          <Button loading={busy} disabled={!note.trim()} onClick={() => void decide('clear')}>
            {m.t('clear')}
          </Button>
          <Button variant="secondary" disabled={busy || !note.trim()} onClick={() => void decide('confirmed')}>
            {m.t('confirmed')}
          </Button>
          <FormProblem error={error} placed={['note']} />
        </>
      ) : (
        <p class="flag-meta" data-testid="flag-decision">
          <strong>
            {m.t('decided', { d: m.t(f.decision ?? 'clear'), t: dateTime(f.resolvedAt ?? f.createdAt, true) })}
          </strong>
          <br />
          {f.note}
        </p>
      )}
    </Card>
  );
}

/** 复核提醒: the review queue of the admin (the city) and street organisers (their street), oldest first. */
export default function FlagsPage() {
  const scope = useOrganizerScope(overseenStreets, { title: m.t('title'), none: m.t('none') });
  const { me, items: streets } = scope;
  const admin = !!me?.roles.some((g) => g.role === 'admin');
  const names = new Map(streets.flatMap((st) => st.communities.map((c) => [c.id, `${st.name} · ${c.name}`] as const)));
  // '' = the admin's city or a street organiser's only street; else one community.
  const several = !admin && streets.length > 1;
  const [picked, setPicked] = useState('');
  const [status, setStatus] = useState<FlagStatus>('open');
  const [items, setItems] = useState<Flag[]>([]);
  const [cursor, setCursor] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string>();
  const communityId = picked || (several ? (streets[0]?.communities[0]?.id ?? '') : '');
  const load = async (from: string | null) => {
    setBusy(true);
    setError(undefined);
    try {
      const r = (await call(
        api.flags.$get({
          query: { status, limit: '50', ...(communityId ? { communityId } : {}), ...(from ? { cursor: from } : {}) },
        }),
      )) as { items: Flag[]; nextCursor: string | null };
      setItems((old) => (from ? [...old, ...r.items] : r.items));
      setCursor(r.nextCursor);
    } catch (e) {
      setError(problemMessage(e));
    } finally {
      setBusy(false);
    }
  };
  const ready = !scope.gate;
  useEffect(() => {
    if (ready) void load(null);
  }, [ready, picked, status]);
  if (scope.gate) return scope.gate;
  const options = [
    ...(several ? [] : [{ value: '', label: admin ? m.t('city') : m.t('all', { name: streets[0]!.name }) }]),
    ...streets.flatMap((st) => st.communities.map((c) => ({ value: c.id, label: `${st.name} · ${c.name}` }))),
  ];
  return (
    <Page title={m.t('title')} back="/organize">
      <p class="muted">{m.t('intro')}</p>
      <Select
        label={m.t('scope')}
        name="scope"
        value={communityId}
        onValue={setPicked}
        groups={[{ label: '', options }]}
      />
      <Tabs
        label={m.t('title')}
        items={[
          { key: 'open', label: m.t('open') },
          { key: 'resolved', label: m.t('resolved') },
        ]}
        value={status}
        onChange={setStatus}
      />
      {error && <Notice kind="error">{error}</Notice>}
      {items.length === 0 && !busy ? (
        <Empty title={m.t('empty')} icon="inbox" />
      ) : (
        <div data-testid="flag-list">
          {items.map((f) => (
            <FlagCard
              key={f.id}
              f={f}
              community={(f.communityId && names.get(f.communityId)) || ''}
              onDone={() => void load(null)}
            />
          ))}
        </div>
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
