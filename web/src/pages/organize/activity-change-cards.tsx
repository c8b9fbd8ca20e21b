import { useState } from 'preact/hooks';
import { api, call } from '../../api.js';
import { messages } from '../../i18n/index.js';
import { fromZoneInput, toZoneInput } from '../../time.js';
import { Button, Card, Dialog, FormProblem, fieldErrors, Input, toast } from '../../ui/index.js';
import { useAction } from '../../use-action.js';
import { formSchemas, parse } from '../../validate.js';
import type { Activity } from '../activities/data.js';

const m = messages({
  zh: {
    edit: '修改活动',
    editHint:
      '活动开始前可以修改。保存后，所有报名的人都会收到变更通知。减少名额时，最后报上名的人会转入候补名单最前面。',
    activityTitle: '活动名称',
    startsAt: '开始时间',
    endsAt: '结束时间',
    place: '地点',
    capacity: '名额',
    save: '保存修改',
    saved: '已保存，已通知报名的人',
    cancel: '取消活动',
    cancelHint: '取消后不能再报名、签到或确认时长，所有报名的人都会收到通知。',
    reason: '取消原因（会发给报名的人）',
    cancelBtn: '取消这个活动…',
    sureTitle: '确定取消「{title}」吗？',
    sureBody: '已报名 {n} 人、候补 {w} 人都会收到取消通知。取消后不能恢复。',
    sureYes: '确定取消活动',
    sureNo: '再想想',
    cancelled: '活动已取消，已通知报名的人',
    cancelledStatus: '活动已取消。原因：{reason}',
  },
  en: {
    edit: 'Change the activity',
    editHint:
      'You can change it until it starts. Everyone signed up is told. With fewer places, the people who got theirs last move to the head of the waitlist.',
    activityTitle: 'Title',
    startsAt: 'Starts',
    endsAt: 'Ends',
    place: 'Place',
    capacity: 'Places',
    save: 'Save changes',
    saved: 'Saved; everyone signed up was told',
    cancel: 'Cancel the activity',
    cancelHint: 'After cancelling, nobody can sign up, check in or have hours confirmed; everyone signed up is told.',
    reason: 'Reason (sent to everyone signed up)',
    cancelBtn: 'Cancel this activity…',
    sureTitle: 'Cancel “{title}”?',
    sureBody: '{n} signed up and {w} waiting will be told. This cannot be undone.',
    sureYes: 'Yes, cancel the activity',
    sureNo: 'Keep it',
    cancelled: 'Cancelled; everyone signed up was told',
    cancelledStatus: 'Cancelled. Reason: {reason}',
  },
});

export const cancelledLine = (a: Activity) => m.t('cancelledStatus', { reason: a.cancelReason ?? '' });

/** 修改活动: title, times, place and places, before the start (PATCH). */
export function EditActivityCard(props: { a: Activity; onSaved: () => void }) {
  const { a } = props;
  const [title, setTitle] = useState(a.title);
  const [startsAt, setStartsAt] = useState(toZoneInput(a.startsAt));
  const [endsAt, setEndsAt] = useState(toZoneInput(a.endsAt));
  const [place, setPlace] = useState(a.location.name);
  const [capacity, setCapacity] = useState(String(a.capacity));
  const { busy, error, run } = useAction();
  const save = () =>
    run(async () => {
      // Only what changed is sent, so an untouched time is never re-checked against a moved clock.
      const json = parse((await formSchemas()).ActivityPatch, {
        ...(title !== a.title ? { title } : {}),
        ...(startsAt !== toZoneInput(a.startsAt) ? { startsAt: fromZoneInput(startsAt) } : {}),
        ...(endsAt !== toZoneInput(a.endsAt) ? { endsAt: fromZoneInput(endsAt) } : {}),
        ...(place !== a.location.name ? { location: { ...a.location, name: place } } : {}),
        ...(capacity !== String(a.capacity) ? { capacity: Number(capacity) } : {}),
      });
      await call(api.activities[':id'].$patch({ param: { id: a.id }, json }));
      toast(m.t('saved'));
      props.onSaved();
    });
  return (
    <Card title={m.t('edit')} testId="edit-activity">
      <p class="muted">{m.t('editHint')}</p>
      <form
        onSubmit={(e) => {
          e.preventDefault();
          void save();
        }}
      >
        <Input
          label={m.t('activityTitle')}
          name="title"
          value={title}
          onValue={setTitle}
          maxLength={100}
          error={fieldErrors(error)}
        />
        <Input
          label={m.t('startsAt')}
          type="datetime-local"
          name="startsAt"
          value={startsAt}
          onValue={setStartsAt}
          error={fieldErrors(error)}
        />
        <Input
          label={m.t('endsAt')}
          type="datetime-local"
          name="endsAt"
          value={endsAt}
          onValue={setEndsAt}
          error={fieldErrors(error)}
        />
        <Input
          label={m.t('place')}
          name="location.name"
          value={place}
          onValue={setPlace}
          maxLength={100}
          error={fieldErrors(error)}
        />
        <Input
          label={m.t('capacity')}
          name="capacity"
          inputMode="numeric"
          value={capacity}
          onValue={(v) => setCapacity(v.replace(/\D/g, ''))}
          error={fieldErrors(error)}
        />
        <Button type="submit" loading={busy}>
          {m.t('save')}
        </Button>
      </form>
      <FormProblem error={error} placed={['title', 'startsAt', 'endsAt', 'location.name', 'capacity']} />
    </Card>
  );
}

/** 取消活动: a reason, then "are you sure" — everyone signed up is told and it cannot be undone. */
export function CancelActivityCard(props: { a: Activity; onDone: () => void }) {
  const { a } = props;
  const [reason, setReason] = useState('');
  const [asking, setAsking] = useState(false);
  const { busy, error, run } = useAction();
  const cancel = async () => {
    const done = await run(async () => {
      const json = parse((await formSchemas()).CancelActivityInput, { reason });
      await call(api.activities[':id'].cancel.$post({ param: { id: a.id }, json }));
      toast(m.t('cancelled'));
    });
    setAsking(false);
    if (done) props.onDone();
  };
  return (
    <Card title={m.t('cancel')} testId="cancel-activity">
      <p class="muted">{m.t('cancelHint')}</p>
      <Input
        label={m.t('reason')}
        name="reason"
        value={reason}
        onValue={setReason}
        maxLength={500}
        error={fieldErrors(error)}
      />
      <Button variant="secondary" disabled={!reason.trim()} onClick={() => setAsking(true)}>
        {m.t('cancelBtn')}
      </Button>
      <FormProblem error={error} placed={['reason']} />
      {asking && (
        <Dialog
          title={m.t('sureTitle', { title: a.title })}
          onClose={busy ? undefined : () => setAsking(false)}
          testId="cancel-sure"
        >
          <p>{m.t('sureBody', { n: a.signups, w: a.waitlisted })}</p>
          <Button block variant="danger" loading={busy} onClick={() => void cancel()}>
            {m.t('sureYes')}
          </Button>
          <Button block variant="secondary" disabled={busy} onClick={() => setAsking(false)}>
            {m.t('sureNo')}
          </Button>
        </Dialog>
      )}
    </Card>
  );
}
