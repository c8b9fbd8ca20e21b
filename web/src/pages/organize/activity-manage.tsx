import type { InferResponseType } from 'hono/client';
import { useEffect, useState } from 'preact/hooks';
import type { ConfirmResult } from '../../../../shared/schemas/activities.js';
import { api, call } from '../../api.js';
import { hours } from '../../format.js';
import { messages } from '../../i18n/index.js';
import { problemMessage, formError } from '../../problems.js';
import type { PageProps } from '../../routes.js';
import { saveCsv } from '../../save-csv.js';
import { useSession } from '../../session.js';
import { useAction } from '../../use-action.js';
import { useApi } from '../../use-api.js';
import { formSchemas, parse } from '../../validate.js';
import {
  Button,
  Card,
  ErrorNotice,
  fieldErrors,
  Form,
  FormProblem,
  Input,
  Loading,
  Notice,
  Page,
  toast,
} from '../../ui/index.js';
import { clock, fromZoneInput, toZoneInput } from '../../time.js';
import { ended, timeRange, type Activity } from '../activities/data.js';
import { CancelActivityCard, cancelledLine, EditActivityCard } from './activity-change-cards.js';
import '../activities/activities.css';
import './organize.css';

const m = messages({
  zh: {
    title: '活动管理',
    places: '已报名 {n}/{cap}，候补 {w}',
    status: '状态',
    published: '进行中 / 待确认',
    confirmedStatus: '时长已确认：{h} 小时，{p} 积分，{n} 人',
    liveQr: '打开现场签到二维码',
    view: '查看活动页',
    attendance: '签到名单',
    noAttendance: '还没有人签到',
    attCsv: '下载签到表 CSV（可用 Excel 打开）',
    inOut: '{in} 签到 · {out}',
    notOut: '未签退',
    manual: '代签',
    offline: '离线签到',
    offlineHint: '无信号时扫码，联网后上传；签到时间为扫码时间',
    min: '{n} 分钟',
    proxy: '代签到（为没有手机的居民登记）',
    phone: '居民姓名或手机号',
    find: '查找',
    notFound: '没有找到这位居民。没有手机的居民请先在「代管居民」登记。',
    pick: '选择',
    noPhone: '无手机号',
    checkedInAt: '签到时间',
    checkedOutAt: '签退时间（可不填）',
    save: '登记',
    saved: '已登记 {name}',
    signups: '报名名单',
    signupFor: '为 {name} 代签到',
    waiting: '候补',
    confirm: '确认服务时长',
    confirmSure: '确定要确认 {n} 人、共 {h} 小时的服务时长并发放积分吗？确认后不能撤回或再次确认。',
    confirmHint: '核对每个人的服务分钟数（已按签到签退计算，可修改），确认后发放积分，且只能确认一次。',
    confirmBtn: '确认并发放积分',
    confirmedToast: '已确认 {n} 人，共 {h} 小时',
    notEnded: '活动结束后才能确认服务时长。',
    more: '加载更多',
    noShow: '未到',
    excuse: '取消缺席记录',
    excused: '已取消 {name} 的缺席记录',
  },
  en: {
    title: 'Manage activity',
    places: '{n}/{cap} signed up, {w} waiting',
    status: 'Status',
    published: 'Open / to be confirmed',
    confirmedStatus: 'Hours confirmed: {h} h, {p} points, {n} people',
    liveQr: 'Open the live check-in QR code',
    view: 'View the activity page',
    attendance: 'Attendance',
    noAttendance: 'Nobody has checked in yet',
    attCsv: 'Download the attendance as CSV (opens in Excel)',
    inOut: 'in {in} · {out}',
    notOut: 'not checked out',
    manual: 'by organiser',
    offline: 'offline',
    offlineHint: 'Scanned without signal and uploaded later; the time is the scan time',
    min: '{n} min',
    proxy: 'Check someone in (residents without a phone)',
    phone: 'Resident’s name or phone',
    find: 'Find',
    notFound: 'No such resident. Register residents without a phone under “Residents without a phone” first.',
    pick: 'Choose',
    noPhone: 'no phone',
    checkedInAt: 'Checked in at',
    checkedOutAt: 'Checked out at (optional)',
    save: 'Record',
    saved: 'Recorded {name}',
    signups: 'Sign-ups',
    signupFor: 'Check in {name}',
    waiting: 'waiting',
    confirm: 'Confirm service hours',
    confirmSure: 'Confirm {n} people, {h} hours in all, and award the points? This cannot be undone or repeated.',
    confirmHint:
      'Check each person’s minutes (computed from check-in and check-out; you may change them). Confirming awards the points and can be done once.',
    confirmBtn: 'Confirm and award points',
    confirmedToast: 'Confirmed {n} people, {h} h in total',
    notEnded: 'Hours can be confirmed after the activity ends.',
    more: 'Load more',
    noShow: 'no-show',
    excuse: 'Excuse the absence',
    excused: 'Excused {name}',
  },
});

type Att = InferResponseType<(typeof api.activities)[':id']['attendance']['$get'], 200>['items'][number];

async function allAttendance(id: string): Promise<Att[]> {
  const items: Att[] = [];
  let cursor: string | undefined;
  do {
    const r = await call(
      api.activities[':id'].attendance.$get({ param: { id }, query: { limit: '100', ...(cursor ? { cursor } : {}) } }),
    );
    items.push(...r.items);
    cursor = r.nextCursor ?? undefined;
  } while (cursor);
  return items;
}

/** Record someone's attendance by hand: find them by name (managed residents too) or phone, or pick from the sign-ups. */
function ProxyCard(props: { a: Activity; onSaved: () => void; preset?: { userId: string; name: string } }) {
  const { a } = props;
  const [phone, setPhone] = useState('');
  const [who, setWho] = useState<{ userId: string; name: string } | undefined>(props.preset);
  const now = Date.now();
  const defaultIn = Math.min(Math.max(now, Date.parse(a.startsAt)), Date.parse(a.endsAt));
  const [inAt, setInAt] = useState(toZoneInput(defaultIn));
  const [outAt, setOutAt] = useState(ended(a) ? toZoneInput(a.endsAt) : '');
  const { busy, error, setError, run } = useAction();
  const [matches, setMatches] = useState<{ id: string; name: string; phone: string | null }[]>();
  useEffect(() => {
    if (props.preset) setWho(props.preset);
  }, [props.preset]);
  const find = async () => {
    setError(undefined);
    setMatches(undefined);
    const text = phone.trim();
    try {
      // Eleven digits are a phone; anything else is the start of a name in the activity's community.
      const query = /^\d{11}$/.test(text) ? { phone: text } : { communityId: a.communityId, q: text, limit: '10' };
      const r = await call(api.users.$get({ query }));
      if (r.items.length === 0) setError(m.t('notFound'));
      else if (r.items.length === 1) setWho({ userId: r.items[0]!.id, name: r.items[0]!.name });
      else setMatches(r.items);
    } catch (e) {
      setError(formError(e));
    }
  };
  const save = () =>
    run(async () => {
      if (!who) return;
      const json = parse((await formSchemas()).AttendanceInput, {
        checkedInAt: fromZoneInput(inAt),
        ...(outAt ? { checkedOutAt: fromZoneInput(outAt) } : {}),
      });
      await call(api.activities[':id'].attendance[':userId'].$put({ param: { id: a.id, userId: who.userId }, json }));
      toast(m.t('saved', { name: who.name }));
      setWho(undefined);
      setPhone('');
      props.onSaved();
    });
  return (
    <Card title={m.t('proxy')} testId="proxy">
      {!who ? (
        <Form onSubmit={find}>
          <Input
            label={m.t('phone')}
            name="q"
            type="search"
            value={phone}
            onValue={setPhone}
            maxLength={60}
            error={fieldErrors(error)}
          />
          <Button type="submit" variant="secondary" disabled={!phone.trim()}>
            {m.t('find')}
          </Button>
          {matches && (
            <ul class="plain-list" data-testid="proxy-matches">
              {matches.map((u) => (
                <li key={u.id} class="ledger-row">
                  <span>
                    {u.name} <span class="muted small">{u.phone ?? m.t('noPhone')}</span>
                  </span>
                  <Button variant="secondary" onClick={() => setWho({ userId: u.id, name: u.name })}>
                    {m.t('pick')}
                  </Button>
                </li>
              ))}
            </ul>
          )}
        </Form>
      ) : (
        <Form onSubmit={save}>
          <p class="big-line">{who.name}</p>
          <Input
            label={m.t('checkedInAt')}
            type="datetime-local"
            name="checkedInAt"
            value={inAt}
            onValue={setInAt}
            error={fieldErrors(error)}
          />
          <Input
            label={m.t('checkedOutAt')}
            type="datetime-local"
            name="checkedOutAt"
            value={outAt}
            onValue={setOutAt}
            error={fieldErrors(error)}
          />
          <Button type="submit" loading={busy}>
            {m.t('save')}
          </Button>
        </Form>
      )}
      <FormProblem error={error} placed={who ? ['checkedInAt', 'checkedOutAt'] : ['phone', 'q']} />
    </Card>
  );
}

/** Confirm the hours: each person's minutes (editable → adjustments), once. */
function ConfirmCard(props: { a: Activity; attendance: Att[]; onDone: (r: ConfirmResult) => void }) {
  const { a, attendance } = props;
  const [minutes, setMinutes] = useState<Record<string, string>>({});
  const { busy, error, run } = useAction();
  const value = (r: Att) => minutes[r.userId] ?? String(r.minutes);
  const confirm = async () => {
    // Confirming credits points to everyone at once and cannot be repeated or undone: ask first.
    const total = attendance.reduce((n, r) => n + (Number(value(r)) || 0), 0);
    if (!window.confirm(m.t('confirmSure', { n: attendance.length, h: hours(total) }))) return;
    await run(async () => {
      const adjustments = attendance
        .filter((r) => value(r) !== String(r.minutes))
        .map((r) => ({ userId: r.userId, minutes: Number(value(r)) }));
      const json = parse((await formSchemas()).ConfirmInput, adjustments.length ? { adjustments } : {});
      const res = await call(api.activities[':id'].confirm.$post({ param: { id: a.id }, json }));
      toast(m.t('confirmedToast', { n: res.confirmed.length, h: hours(res.totalMinutes) }));
      props.onDone(res);
    });
  };
  return (
    <Card title={m.t('confirm')} testId="confirm">
      <p class="muted">{m.t('confirmHint')}</p>
      <ul class="att-list">
        {attendance.map((r) => (
          <li key={r.userId}>
            <span class="att-name">{r.name}</span>
            <span class="att-minutes">
              <input
                class="input"
                name={`minutes-${r.userId}`}
                aria-label={`${r.name} ${m.t('min', { n: '' })}`}
                inputMode="numeric"
                value={value(r)}
                onInput={(e) => setMinutes((x) => ({ ...x, [r.userId]: e.currentTarget.value.replace(/\D/g, '') }))}
              />
            </span>
          </li>
        ))}
      </ul>
      <FormProblem error={error} placed={[]} />
      <Button block loading={busy} onClick={() => void confirm()}>
        {m.t('confirmBtn')}
      </Button>
    </Card>
  );
}

/**
 * What the status line shows for a confirmed activity: its projected totals, or — right after this page confirmed
 * it, while the projector has not caught up yet — the confirm's own answer, so the organiser never reads "0 小时".
 */
function totalsShown(act: Activity, justConfirmed: ConfirmResult | undefined) {
  if (justConfirmed && act.creditedMinutes < justConfirmed.totalMinutes) {
    return {
      h: hours(justConfirmed.totalMinutes),
      p: justConfirmed.totalPoints,
      n: justConfirmed.confirmed.filter((c) => c.minutes > 0).length,
    };
  }
  return { h: hours(act.creditedMinutes), p: act.creditedPoints, n: act.participants };
}

/** 活动管理: the live QR, attendance, proxy check-in, and confirming the hours. */
export default function ManageActivityPage({ params }: PageProps) {
  const id = params.id!;
  const s = useSession();
  const me = s.status === 'ready' ? s.me : undefined;
  const organizes = !!me?.roles.some((g) => g.role === 'admin' || g.role === 'organizer');
  const a = useApi(() => call(api.activities[':id'].$get({ param: { id } })), [id]);
  const att = useApi(() => allAttendance(id), [id]);
  const signups = useApi(
    () => call(api.activities[':id'].signups.$get({ param: { id }, query: { limit: '100' } })),
    [id],
  );
  const [preset, setPreset] = useState<{ userId: string; name: string }>();
  // The confirm's own answer: the activity's totals are projected from the credits a few seconds later.
  const [confirmed, setConfirmed] = useState<ConfirmResult>();
  if (a.loading && !a.data) return <Loading />;
  if (a.error || !a.data) return <ErrorNotice error={a.error} onRetry={a.reload} />;
  const act = a.data;
  const present = new Set(att.data?.map((r) => r.userId));
  const refresh = () => {
    a.reload();
    att.reload();
  };
  // An excused absence no longer counts against the person's sign-ups.
  const excuse = async (userId: string, name: string) => {
    try {
      await call(api.activities[':id']['no-shows'][':userId'].$delete({ param: { id, userId } }));
      toast(m.t('excused', { name }));
      att.reload();
    } catch (e) {
      toast(problemMessage(e), 'error');
    }
  };
  return (
    <Page title={m.t('title')} back="/organize">
      <Card testId="manage-summary">
        <h2 class="card-title">{act.title}</h2>
        <p>
          {timeRange(act)} · {act.location.name}
        </p>
        <p class="muted">{m.t('places', { n: act.signups, cap: act.capacity, w: act.waitlisted })}</p>
        <p data-testid="manage-status">
          {act.status === 'confirmed'
            ? m.t('confirmedStatus', totalsShown(act, confirmed))
            : act.status === 'cancelled'
              ? cancelledLine(act)
              : m.t('published')}
        </p>
        {act.status === 'published' && (
          <Button block href={`/organize/activities/${id}/qr`}>
            {m.t('liveQr')}
          </Button>
        )}
        <Button variant="secondary" block href={`/activities/${id}`}>
          {m.t('view')}
        </Button>
      </Card>
      <Card title={m.t('attendance')} testId="attendance">
        {att.loading ? (
          <Loading />
        ) : att.error ? (
          <ErrorNotice error={att.error} onRetry={att.reload} />
        ) : !att.data?.length ? (
          <p class="muted">{m.t('noAttendance')}</p>
        ) : (
          <ul class="att-list">
            {att.data.map((r) => (
              <li key={r.userId}>
                <span>
                  <span class="att-name">{r.name}</span>
                  {r.manual && <span class="tag">{m.t('manual')}</span>}
                  {r.offline && (
                    <span class="tag" title={m.t('offlineHint')} data-testid="offline-tag">
                      {m.t('offline')}
                    </span>
                  )}
                  {r.noShow && (
                    <span class="tag" data-testid="no-show-tag">
                      {m.t('noShow')}
                    </span>
                  )}
                  {r.checkedInAt && (
                    <div class="muted small">
                      {m.t('inOut', {
                        in: clock(r.checkedInAt),
                        out: r.checkedOutAt ? clock(r.checkedOutAt) : m.t('notOut'),
                      })}
                    </div>
                  )}
                </span>
                {r.noShow ? (
                  organizes && (
                    <Button variant="secondary" onClick={() => void excuse(r.userId, r.name)}>
                      {m.t('excuse')}
                    </Button>
                  )
                ) : (
                  <span>{m.t('min', { n: r.minutes })}</span>
                )}
              </li>
            ))}
          </ul>
        )}
        {!!att.data?.length && (
          <Button
            variant="secondary"
            block
            onClick={() =>
              void saveCsv(
                api.activities[':id'].attendance.$get({ param: { id }, query: { format: 'csv' } }),
                `attendance-${act.title}.csv`,
              ).catch((e: unknown) => toast(problemMessage(e), 'error'))
            }
          >
            {m.t('attCsv')}
          </Button>
        )}
      </Card>
      {organizes && act.status === 'published' && Date.parse(act.startsAt) > Date.now() && (
        <EditActivityCard a={act} key={`${act.id}:${act.startsAt}:${act.capacity}`} onSaved={refresh} />
      )}
      {organizes && act.status === 'published' && (
        <>
          {signups.data && signups.data.items.some((x) => !present.has(x.userId)) && (
            <Card title={m.t('signups')}>
              <ul class="att-list">
                {signups.data.items
                  .filter((x) => !present.has(x.userId))
                  .map((x) => (
                    <li key={x.userId}>
                      <span>
                        {x.name}
                        {x.status === 'waitlisted' && <span class="tag">{m.t('waiting')}</span>}
                      </span>
                      <Button variant="secondary" onClick={() => setPreset({ userId: x.userId, name: x.name })}>
                        {m.t('signupFor', { name: x.name })}
                      </Button>
                    </li>
                  ))}
              </ul>
            </Card>
          )}
          <ProxyCard
            a={act}
            preset={preset}
            onSaved={() => {
              setPreset(undefined);
              refresh();
            }}
          />
          {ended(act) ? (
            att.data && (
              <ConfirmCard
                a={act}
                attendance={att.data.filter((r) => !r.noShow)}
                onDone={(r) => {
                  setConfirmed(r);
                  refresh();
                }}
              />
            )
          ) : (
            <Notice>{m.t('notEnded')}</Notice>
          )}
          <CancelActivityCard a={act} onDone={refresh} />
        </>
      )}
    </Page>
  );
}
