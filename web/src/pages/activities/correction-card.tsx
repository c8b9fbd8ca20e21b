import { useState } from 'preact/hooks';
import { api, call } from '../../api.js';
import { messages } from '../../i18n/index.js';
import { useAction } from '../../use-action.js';
import { formSchemas, numberOrUndefined, parse } from '../../validate.js';
import { Button, Card, FormProblem, fieldErrors, Input, Notice, Select, toast } from '../../ui/index.js';

const m = messages({
  zh: {
    title: '服务记录有误？申请纠错',
    hint: '漏签到、时长不对等，可在活动结束后 30 天内申请，组织者 7 天内答复。',
    kind: '问题类型',
    'missing-checkin': '漏签到',
    'wrong-minutes': '时长不对',
    other: '其他',
    minutes: '实际服务分钟数',
    note: '说明',
    send: '提交纠错申请',
    sent: '已提交，组织者会在 7 天内答复',
    open: '您的纠错申请已提交，等待组织者答复。',
  },
  en: {
    title: 'Record wrong? Ask for a correction',
    hint: 'A missed check-in, wrong minutes…: ask within 30 days of the end; the organiser answers within 7 days.',
    kind: 'What is wrong',
    'missing-checkin': 'Missed check-in',
    'wrong-minutes': 'Wrong minutes',
    other: 'Other',
    minutes: 'Minutes actually served',
    note: 'Explanation',
    send: 'Send the request',
    sent: 'Sent; the organiser answers within 7 days',
    open: 'Your correction request is waiting for the organiser.',
  },
});

type Kind = 'missing-checkin' | 'wrong-minutes' | 'other';

/** 申请纠错: a volunteer who signed up asks for a missing or wrong record to be corrected. */
export function CorrectionCard(props: { activityId: string }) {
  const [kind, setKind] = useState<Kind>('missing-checkin');
  const [minutes, setMinutes] = useState('');
  const [note, setNote] = useState('');
  const [sent, setSent] = useState(false);
  const { busy, error, run } = useAction();
  const send = () =>
    run(async () => {
      const json = parse((await formSchemas()).CorrectionInput, { kind, note, minutes: numberOrUndefined(minutes) });
      await call(api.activities[':id'].corrections.$post({ param: { id: props.activityId }, json }));
      toast(m.t('sent'));
      setSent(true);
    });
  if (sent) return <Notice testId="correction-open">{m.t('open')}</Notice>;
  return (
    <Card title={m.t('title')} testId="correction-form">
      <p class="muted">{m.t('hint')}</p>
      <form
        onSubmit={(e) => {
          e.preventDefault();
          void send();
        }}
      >
        <Select
          label={m.t('kind')}
          name="kind"
          value={kind}
          onValue={(v) => setKind(v as Kind)}
          groups={[
            {
              label: m.t('kind'),
              options: (['missing-checkin', 'wrong-minutes', 'other'] as const).map((k) => ({
                value: k,
                label: m.t(k),
              })),
            },
          ]}
        />
        <Input
          label={m.t('minutes')}
          name="minutes"
          inputMode="numeric"
          value={minutes}
          onValue={(v) => setMinutes(v.replace(/\D/g, ''))}
          error={fieldErrors(error)}
        />
        <Input
          label={m.t('note')}
          name="note"
          value={note}
          onValue={setNote}
          maxLength={500}
          error={fieldErrors(error)}
        />
        <Button type="submit" loading={busy} disabled={!note.trim()}>
          {m.t('send')}
        </Button>
      </form>
      <FormProblem error={error} placed={['minutes', 'note']} />
    </Card>
  );
}
