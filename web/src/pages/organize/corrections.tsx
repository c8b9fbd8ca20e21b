import { useState } from 'preact/hooks';
import { api, call } from '../../api.js';
import { messages } from '../../i18n/index.js';
import { useAction } from '../../use-action.js';
import { formSchemas, numberOrUndefined, parse } from '../../validate.js';
import { dateTime } from '../../time.js';
import { useApi } from '../../use-api.js';
import {
  Button,
  Card,
  Empty,
  ErrorNotice,
  FormProblem,
  fieldErrors,
  Input,
  Loading,
  Page,
  toast,
} from '../../ui/index.js';

const m = messages({
  zh: {
    title: '纠错申请',
    hint: '志愿者对服务记录提出的更正，须在 7 天内答复。逾期的排在最前面。',
    none: '没有待处理的纠错申请',
    overdue: '已逾期',
    due: '{t} 前答复',
    'missing-checkin': '漏签到',
    'wrong-minutes': '时长不对',
    other: '其他',
    asked: '申请时长：{n} 分钟',
    minutes: '认可的服务分钟数',
    accept: '通过',
    reason: '不通过的原因',
    reject: '不通过',
    accepted: '已通过，已通知 {name}',
    rejected: '已答复 {name}',
  },
  en: {
    title: 'Correction requests',
    hint: 'Volunteers asking for their service record to be corrected; answer within 7 days. Overdue ones come first.',
    none: 'No open correction requests',
    overdue: 'overdue',
    due: 'answer by {t}',
    'missing-checkin': 'Missing check-in',
    'wrong-minutes': 'Wrong minutes',
    other: 'Other',
    asked: 'Asks for {n} minutes',
    minutes: 'Minutes to record',
    accept: 'Accept',
    reason: 'Why not',
    reject: 'Reject',
    accepted: 'Accepted; {name} was told',
    rejected: 'Answered {name}',
  },
});

type Row = Awaited<ReturnType<typeof loadQueue>>['items'][number];
const loadQueue = () => call(api.corrections.$get({ query: { status: 'open' } }));

/** One request: accept with the minutes to record, or reject with a reason. */
function Answer(props: { c: Row; onDone: () => void }) {
  const { c } = props;
  const [minutes, setMinutes] = useState(c.minutes !== null ? String(c.minutes) : '');
  const [reason, setReason] = useState('');
  const action = useAction();
  const { busy, error } = action;
  const run = (fn: () => Promise<unknown>, done: string) =>
    action.run(async () => {
      await fn();
      toast(done);
      props.onDone();
    });
  return (
    <Card testId="correction">
      <h2 class="card-title">
        {c.activityTitle} · {c.name}
      </h2>
      <p>
        <span class="tag">{m.t(c.kind)}</span> {c.note}
      </p>
      {c.minutes !== null && <p class="muted">{m.t('asked', { n: c.minutes })}</p>}
      <p class={c.overdue ? 'status-wait' : 'muted'} data-testid="correction-due">
        {c.overdue ? m.t('overdue') : m.t('due', { t: dateTime(c.dueAt) })}
      </p>
      <Input
        label={m.t('minutes')}
        name="minutes"
        inputMode="numeric"
        value={minutes}
        onValue={(v) => setMinutes(v.replace(/\D/g, ''))}
        error={fieldErrors(error)}
      />
      <Button
        loading={busy}
        disabled={!minutes}
        onClick={() =>
          void run(
            async () =>
              call(
                api.corrections[':id'].accept.$post({
                  param: { id: c.id },
                  json: parse((await formSchemas()).AcceptCorrection, { minutes: numberOrUndefined(minutes) }),
                }),
              ),
            m.t('accepted', { name: c.name }),
          )
        }
      >
        {m.t('accept')}
      </Button>
      <Input
        label={m.t('reason')}
        name="reason"
        value={reason}
        onValue={setReason}
        maxLength={500}
        error={fieldErrors(error)}
      />
      <Button
        variant="secondary"
        disabled={busy || !reason.trim()}
        onClick={() =>
          void run(
            async () =>
              call(
                api.corrections[':id'].reject.$post({
                  param: { id: c.id },
                  json: parse((await formSchemas()).RejectCorrection, { reason }),
                }),
              ),
            m.t('rejected', { name: c.name }),
          )
        }
      >
        {m.t('reject')}
      </Button>
      <FormProblem error={error} placed={['minutes', 'reason']} />
    </Card>
  );
}

/** 纠错申请: the queue of the communities I organise, oldest (so overdue) first. */
export default function CorrectionsPage() {
  const q = useApi(loadQueue, []);
  return (
    <Page title={m.t('title')} back="/organize">
      <p class="muted">{m.t('hint')}</p>
      {q.loading && !q.data ? (
        <Loading />
      ) : q.error ? (
        <ErrorNotice error={q.error} onRetry={q.reload} />
      ) : !q.data?.items.length ? (
        <Empty title={m.t('none')} />
      ) : (
        q.data.items.map((c) => <Answer key={c.id} c={c} onDone={q.reload} />)
      )}
    </Page>
  );
}
