import { useState } from 'preact/hooks';
import { api, call } from '../../api.js';
import { messages } from '../../i18n/index.js';
import { problemMessage } from '../../problems.js';
import { useAction } from '../../use-action.js';
import { formSchemas, numberOrUndefined, parse } from '../../validate.js';
import { Button, Card, fieldErrors, Form, FormProblem, Input, Notice, Page } from '../../ui/index.js';
import { newIdempotencyKey } from '../rewards/logic.js';
import { managedCommunities } from '../rewards/scopes.js';
import { CommunitySelect } from './community-select.js';
import { useOrganizerScope } from './use-organizer-scope.js';
import './organize.css';

const m = messages({
  zh: {
    title: '积分调整',
    intro: '更正错发、漏发的积分。每次调整都记入积分明细和审计记录；超过 1000 分的调整会提交上级复核。',
    community: '社区',
    none: '您没有可以调整积分的社区',
    find: '居民姓名',
    search: '查找',
    nobody: '没有找到这位居民',
    pick: '选择',
    noPhone: '无手机号',
    chosen: '为 {name} 调整积分',
    delta: '调整分数（增加填正数，扣减填负数）',
    note: '原因（必填，居民能在积分明细里看到）',
    submit: '确认调整',
    sure: '确定为 {name} {sign}{n} 积分吗？原因：{note}。调整会立即生效，之后只能再做一次反向调整来更正。',
    add: '增加 ',
    take: '扣减 ',
    done: '已调整：{name} {delta} 积分，余额 {balance}',
  },
  en: {
    title: 'Points adjustments',
    intro:
      'Correct points given wrongly or missed. Every adjustment goes into the ledger and the audit trail; more than 1000 points is sent for review.',
    community: 'Community',
    none: 'You adjust points in no community',
    find: 'Resident’s name',
    search: 'Find',
    nobody: 'No such resident',
    pick: 'Choose',
    noPhone: 'no phone',
    chosen: 'Adjust points of {name}',
    delta: 'Points (positive to add, negative to take away)',
    note: 'Reason (required; the resident sees it in the ledger)',
    submit: 'Adjust',
    sure: '{sign}{n} points for {name}? Reason: {note}. It takes effect at once; only another adjustment can undo it.',
    add: 'Add ',
    take: 'Take ',
    done: 'Adjusted: {name} {delta} points, balance {balance}',
  },
});

type Person = { id: string; name: string; phone: string | null };

/** 积分调整: an organiser finds a resident of their community and adjusts the points, with a reason, once. */
export default function AdjustmentsPage() {
  // Organisers and the admin adjust points (staff hand out gifts but do not adjust).
  const scope = useOrganizerScope(
    (me, org) =>
      managedCommunities(
        me.roles.filter((g) => g.role !== 'staff'),
        org,
      ),
    { title: m.t('title'), none: m.t('none') },
  );
  const communities = scope.items;
  const [picked, setPicked] = useState('');
  const communityId = picked || communities[0]?.id || '';
  const [q, setQ] = useState('');
  const [found, setFound] = useState<Person[]>();
  const [who, setWho] = useState<Person>();
  const [delta, setDelta] = useState('');
  const [note, setNote] = useState('');
  const [key, setKey] = useState(newIdempotencyKey);
  const { busy, error, setError, run } = useAction();
  const [done, setDone] = useState<string>();
  const search = async () => {
    setError(undefined);
    try {
      const r = await call(api.users.$get({ query: { communityId, q: q.trim(), limit: '20' } }));
      setFound(r.items);
    } catch (e) {
      setError(problemMessage(e));
    }
  };
  const submit = async () => {
    if (!who) return;
    const n = Number(delta);
    const sure = m.t('sure', {
      name: who.name,
      sign: n < 0 ? m.t('take') : m.t('add'),
      n: Math.abs(n) || delta,
      note: note.trim(),
    });
    if (!window.confirm(sure)) return;
    setDone(undefined);
    await run(async () => {
      const json = parse((await formSchemas()).AdjustmentInput, {
        userId: who.id,
        delta: numberOrUndefined(delta),
        note,
      });
      const r = await call(api.points.adjustments.$post({ json, header: { 'idempotency-key': key } }));
      setDone(m.t('done', { name: who.name, delta: r.delta > 0 ? `+${r.delta}` : r.delta, balance: r.balanceAfter }));
      setKey(newIdempotencyKey());
      setDelta('');
      setNote('');
    });
  };
  const pick = (id: string) => {
    setPicked(id);
    setFound(undefined);
    setWho(undefined);
  };
  if (scope.gate) return scope.gate;
  return (
    <Page title={m.t('title')} back="/organize">
      <p class="muted">{m.t('intro')}</p>
      <CommunitySelect label={m.t('community')} communities={communities} value={communityId} onValue={pick} />
      <Card testId="adjust-find">
        <Form onSubmit={search}>
          <Input label={m.t('find')} name="q" type="search" value={q} onValue={setQ} maxLength={60} />
          <Button type="submit" variant="secondary" block>
            {m.t('search')}
          </Button>
        </Form>
        {found && (
          <ul class="plain-list">
            {found.length === 0 && <li class="muted">{m.t('nobody')}</li>}
            {found.map((u) => (
              <li key={u.id} class="ledger-row">
                <span>
                  {u.name} <span class="muted small">{u.phone ?? m.t('noPhone')}</span>
                </span>
                <Button
                  variant="secondary"
                  onClick={() => {
                    setWho(u);
                    setKey(newIdempotencyKey());
                  }}
                >
                  {m.t('pick')}
                </Button>
              </li>
            ))}
          </ul>
        )}
      </Card>
      {who && (
        <Card title={m.t('chosen', { name: who.name })} testId="adjust-form">
          <Form onSubmit={submit}>
            <Input
              label={m.t('delta')}
              name="delta"
              inputMode="numeric"
              value={delta}
              onValue={(v) => {
                setDelta(v);
                setKey(newIdempotencyKey());
              }}
              error={fieldErrors(error)}
            />
            <Input
              label={m.t('note')}
              name="note"
              value={note}
              onValue={(v) => {
                setNote(v);
                setKey(newIdempotencyKey());
              }}
              maxLength={200}
              error={fieldErrors(error)}
            />
            <FormProblem error={error} placed={['delta', 'note']} />
            {done && <Notice kind="success">{done}</Notice>}
            <Button type="submit" block loading={busy}>
              {m.t('submit')}
            </Button>
          </Form>
        </Card>
      )}
      {!who && <FormProblem error={error} placed={[]} />}
    </Page>
  );
}
