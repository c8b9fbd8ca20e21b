import { useEffect, useState } from 'preact/hooks';
import { deviceId } from '../../device-id.js';
import { api, call } from '../../api.js';
import { ApiError } from '../../api-error.js';
import { hours } from '../../format.js';
import { messages } from '../../i18n/index.js';
import { problemMessage } from '../../problems.js';
import type { PageProps } from '../../routes.js';
import {
  dropCheckin,
  flushCheckins,
  pendingCheckins,
  queueCheckin,
  signedInUserId,
  uploadedCheckin,
} from '../../offline-checkins.js';
import { serverNow } from '../../server-time.js';
import { clock } from '../../time.js';
import { loadMe, useSession } from '../../session.js';
import { useStore } from '../../store.js';
import { useAction } from '../../use-action.js';
import { useApi } from '../../use-api.js';
import { formSchemas, parse } from '../../validate.js';
import {
  Button,
  Card,
  ErrorNotice,
  FormProblem,
  fieldErrors,
  Input,
  Loading,
  Notice,
  Page,
  toast,
} from '../../ui/index.js';
import { ThemeBadge } from './activity-item.js';
import {
  checkinOpen,
  checkoutOpen,
  codeFromScan,
  ended,
  indexOrg,
  loadOrg,
  runsThings,
  timeRange,
  type Activity,
  type Standing,
} from './data.js';
import { CorrectionCard } from './correction-card.js';
import { Scanner } from './scanner.js';
import { loadThemes } from './upcoming.js';

const m = messages({
  zh: {
    title: '活动详情',
    when: '时间',
    where: '地点',
    community: '社区',
    theme: '主题',
    places: '名额',
    placesValue: '已报名 {n} / {cap} 人',
    waitingValue: '，候补 {n} 人',
    points: '积分',
    perHour: '每服务 1 小时 {p} 积分',
    geofence: '签到需在活动地点 {r} 米内',
    signUp: '我要报名',
    joinWaitlist: '名额已满，排队候补',
    signInToJoin: '登录后报名',
    signedUp: '您已报名',
    waitlisted: '您在候补名单第 {n} 位',
    waitlistHint: '有人取消时，按顺序自动递补，递补后即为报名成功。',
    cancel: '取消报名',
    cancelWait: '退出候补',
    cancelled: '已取消报名',
    activityCancelled: '这个活动已取消。原因：{reason}',
    signedUpToast: '报名成功',
    waitlistedToast: '已加入候补，第 {n} 位',
    ended: '活动已结束',
    checkinTitle: '签到',
    checkoutTitle: '签退',
    checkinHint: '到达现场后，扫描工作人员出示的二维码，或输入二维码下方的 6 位签到码。',
    checkoutHint: '离开前再扫一次现场二维码签退，服务时长从签到算到签退。',
    scan: '扫码签到',
    scanOut: '扫码签退',
    code: '签到码',
    codeHint: '6 位数字，每 30 秒更换一次',
    checkIn: '签到',
    checkOut: '签退',
    checkedIn: '已签到 {t}',
    checkedOut: '已签退 {t}，本次 {m} 分钟',
    checkedInToast: '签到成功',
    checkedOutToast: '签退成功，服务 {m} 分钟',
    zeroWarn: '现在签退，本次服务时长将记为 0 分钟（活动还没开始或您刚签到）。确定要签退吗？',
    staleCode: '签到码已更换，请重新扫描现场二维码，或输入现在显示的 6 位数字。',
    undo: '撤销签退（签错了）',
    undoHint: '签退后 10 分钟内、活动结束前可以撤销，撤销后继续计时，下次签退时重新计算时长。',
    undone: '已撤销签退，继续计时',
    notOpenYet: '活动开始前 30 分钟开放签到',
    notScanCode: '这不是签到二维码，请对准现场的签到码',
    otherActivity: '这是另一个活动的签到码',
    locating: '正在获取您的位置…',
    noLocation: '这个活动签到需要您的位置。请允许定位后再试。',
    credited: '服务时长已确认：{h} 小时，获得 {p} 积分',
    waitingConfirm: '等待组织者确认服务时长',
    manage: '管理此活动',
    conflict: '您已经报名了这个活动',
    pending: '待上传：{t} 已扫码签到。现在没有网络，联网后会自动上传，不用再扫。',
    queuedToast: '没有网络：签到已保存，联网后自动上传',
    refused: '离线签到没有被接受：{reason}',
    dismiss: '知道了，重新签到',
  },
  en: {
    title: 'Activity',
    when: 'When',
    where: 'Where',
    community: 'Community',
    theme: 'Theme',
    places: 'Places',
    placesValue: '{n} of {cap} signed up',
    waitingValue: ', {n} waiting',
    points: 'Points',
    perHour: '{p} points per hour of service',
    geofence: 'Check in within {r} m of the venue',
    signUp: 'Sign me up',
    joinWaitlist: 'Full — join the waitlist',
    signInToJoin: 'Sign in to sign up',
    signedUp: 'You are signed up',
    waitlisted: 'You are number {n} on the waitlist',
    waitlistHint: 'When someone cancels, the next in line moves up and is signed up.',
    cancel: 'Cancel my sign-up',
    cancelWait: 'Leave the waitlist',
    cancelled: 'Sign-up cancelled',
    activityCancelled: 'This activity is cancelled. Reason: {reason}',
    signedUpToast: 'You are signed up',
    waitlistedToast: 'On the waitlist, number {n}',
    ended: 'This activity has ended',
    checkinTitle: 'Check in',
    checkoutTitle: 'Check out',
    checkinHint: 'At the venue, scan the QR code the organiser shows, or type the 6-digit code under it.',
    checkoutHint: 'Before you leave, scan the venue QR again to check out; hours count from check-in to check-out.',
    scan: 'Scan to check in',
    scanOut: 'Scan to check out',
    code: 'Check-in code',
    codeHint: '6 digits; it changes every 30 seconds',
    checkIn: 'Check in',
    checkOut: 'Check out',
    checkedIn: 'Checked in at {t}',
    checkedOut: 'Checked out at {t}, {m} minutes',
    checkedInToast: 'Checked in',
    checkedOutToast: 'Checked out: {m} minutes of service',
    zeroWarn:
      'Checking out now counts 0 minutes (the activity has not started, or you just checked in). Check out anyway?',
    staleCode: 'The code has changed. Scan the venue QR code again, or type the 6 digits shown now.',
    undo: 'Undo check-out (a mistake)',
    undoHint: 'Within 10 minutes and before the end you may undo it; the time counts on until your next check-out.',
    undone: 'Check-out undone; your time counts on',
    notOpenYet: 'Check-in opens 30 minutes before the start',
    notScanCode: 'That is not a check-in code; aim at the venue’s QR code',
    otherActivity: 'That code belongs to another activity',
    locating: 'Finding your location…',
    noLocation: 'This activity needs your location to check in. Allow location and try again.',
    credited: 'Hours confirmed: {h} h, {p} points earned',
    waitingConfirm: 'Waiting for the organiser to confirm the hours',
    manage: 'Manage this activity',
    conflict: 'You have already signed up',
    pending:
      'Waiting to upload: scanned at {t}. There is no network now; it uploads by itself when you are back online.',
    queuedToast: 'No network: your check-in is saved and uploads when you are back online',
    refused: 'Your offline check-in was not accepted: {reason}',
    dismiss: 'OK, check in again',
  },
});

/** The device's position, for activities with a geofence. */
function position(): Promise<{ lat: number; lng: number }> {
  return new Promise((resolve, reject) => {
    if (!navigator.geolocation) return reject(new Error('no geolocation'));
    navigator.geolocation.getCurrentPosition(
      (p) => resolve({ lat: p.coords.latitude, lng: p.coords.longitude }),
      reject,
      { enableHighAccuracy: true, timeout: 15_000, maximumAge: 30_000 },
    );
  });
}

/** Check in or out: scan the venue QR (camera) or type the code. */
/** Minutes a check-out at `at` would count: the overlap of [checkedInAt, at] with the activity (as confirm counts). */
export const minutesIfOut = (a: Activity, checkedInAt: string, at = Date.now()): number => {
  const from = Math.max(Date.parse(checkedInAt), Date.parse(a.startsAt));
  const to = Math.min(at, Date.parse(a.endsAt));
  return Math.max(0, Math.floor((to - from) / 60_000));
};

function CodePanel(props: {
  a: Activity;
  mode: 'in' | 'out';
  userId: string;
  initialCode: string;
  checkedInAt?: string | null;
  onDone: () => void;
}) {
  const { a, mode } = props;
  const [code, setCode] = useState(props.initialCode);
  const [scanning, setScanning] = useState(false);
  const { busy, error, setError, run } = useAction();
  const [status, setStatus] = useState<string>();
  const geofenced = a.location.lat !== undefined && a.location.lng !== undefined && a.location.radiusM !== undefined;
  const submit = (value: string) => {
    // The moment of the scan, in the server's time: what an offline check-in is judged by.
    const scannedAt = new Date(serverNow()).toISOString();
    let where: { lat: number; lng: number } | undefined;
    /** No network: keep the scan and let it upload later (the API takes it up to 24 h late). */
    const keepForLater = async () => {
      await queueCheckin({ activityId: a.id, userId: props.userId, code: value, scannedAt, ...where });
      toast(m.t('queuedToast'), 'info');
      void flushCheckins(); // fails now, but the service worker queues it for background sync
    };
    const checkIn = async () => {
      if (geofenced) {
        setStatus(m.t('locating'));
        where = await position().catch(() => undefined);
        setStatus(undefined);
        if (!where) return setError(m.t('noLocation'));
      }
      // Offline, the scan is kept as it is (the schemas may not be loaded yet); the upload is checked by the API.
      if (!navigator.onLine) return keepForLater();
      const json = parse((await formSchemas()).CheckinInput, { code: value, ...where });
      try {
        await call(
          api.activities[':id'].checkins.$post({ param: { id: a.id }, header: { 'x-device-id': deviceId() }, json }),
        );
      } catch (e) {
        if ((e as ApiError).status !== 0) throw e;
        return keepForLater();
      }
      toast(m.t('checkedInToast'));
      props.onDone();
    };
    const checkOut = async () => {
      // A check-out that counts nothing is almost always a mistake: say so before it is recorded.
      if (props.checkedInAt && minutesIfOut(a, props.checkedInAt) === 0 && !window.confirm(m.t('zeroWarn'))) return;
      const json = parse((await formSchemas()).CheckoutInput, { code: value });
      const r = await call(api.activities[':id'].checkouts.$post({ param: { id: a.id }, json }));
      toast(m.t('checkedOutToast', { m: r.minutes }));
      props.onDone();
    };
    return run(mode === 'in' ? checkIn : checkOut, { 'invalid-code': m.t('staleCode') }).finally(() =>
      setStatus(undefined),
    );
  };
  return (
    <Card title={mode === 'in' ? m.t('checkinTitle') : m.t('checkoutTitle')} testId={`check-${mode}`}>
      <p class="muted">{mode === 'in' ? m.t('checkinHint') : m.t('checkoutHint')}</p>
      {scanning ? (
        <Scanner
          onClose={() => setScanning(false)}
          onText={(text) => {
            const r = codeFromScan(text, a.id);
            if (!r) {
              toast(m.t('notScanCode'), 'error');
              return false;
            }
            if ('otherActivity' in r) {
              toast(m.t('otherActivity'), 'error');
              return false;
            }
            setScanning(false);
            setCode(r.code);
            void submit(r.code);
            return true;
          }}
        />
      ) : (
        <>
          <Button block onClick={() => setScanning(true)}>
            {mode === 'in' ? m.t('scan') : m.t('scanOut')}
          </Button>
          <form
            onSubmit={(e) => {
              e.preventDefault();
              void submit(code);
            }}
          >
            <Input
              label={m.t('code')}
              name="code"
              value={code}
              onValue={(v) => setCode(v.replace(/\D/g, '').slice(0, 6))}
              inputMode="numeric"
              autoComplete="one-time-code"
              maxLength={7}
              hint={m.t('codeHint')}
              error={fieldErrors(error)}
            />
            <Button type="submit" variant="secondary" block loading={busy} disabled={code.length !== 6}>
              {mode === 'in' ? m.t('checkIn') : m.t('checkOut')}
            </Button>
          </form>
        </>
      )}
      {status && <Notice>{status}</Notice>}
      <FormProblem error={error} placed={['code']} />
    </Card>
  );
}

/** My part: sign up / cancel / waitlist place, check in and out, confirmed hours. */
function MyPart(props: { a: Activity; standing: Standing; userId: string; code: string; onChange: () => void }) {
  const { a, standing: s } = props;
  const [busy, setBusy] = useState(false);
  const pending = useStore(pendingCheckins).find((p) => p.activityId === a.id && p.userId === props.userId);
  const uploaded = useStore(uploadedCheckin);
  const { onChange } = props;
  useEffect(() => {
    if (uploaded?.activityId === a.id) onChange();
  }, [uploaded, a.id]);
  const act = async (fn: () => Promise<void>) => {
    setBusy(true);
    try {
      await fn();
      props.onChange();
    } catch (e) {
      toast(problemMessage(e, { conflict: m.t('conflict') }), 'error');
    } finally {
      setBusy(false);
    }
  };
  const signUp = () =>
    act(async () => {
      const r = await call(api.activities[':id'].signups.$post({ param: { id: a.id } }));
      toast(r.status === 'confirmed' ? m.t('signedUpToast') : m.t('waitlistedToast', { n: r.position ?? '' }));
    });
  const undoCheckout = () =>
    act(async () => {
      await call(api.activities[':id'].checkouts.me.$delete({ param: { id: a.id } }));
      toast(m.t('undone'));
    });
  const cancel = () =>
    act(async () => {
      await call(api.activities[':id'].signups.me.$delete({ param: { id: a.id } }));
      toast(m.t('cancelled'));
    });
  if (s.credited) {
    return (
      <Notice kind="success" testId="credited">
        {m.t('credited', { h: hours(s.credited.minutes), p: s.credited.points })}
      </Notice>
    );
  }
  const over = ended(a);
  return (
    <>
      <Card testId="my-part">
        {s.status === 'none' &&
          (over ? (
            <p class="big-status">{m.t('ended')}</p>
          ) : (
            <Button block loading={busy} onClick={() => void signUp()}>
              {a.signups >= a.capacity ? m.t('joinWaitlist') : m.t('signUp')}
            </Button>
          ))}
        {s.status === 'confirmed' && (
          <>
            <p class="big-status status-ok" data-testid="signup-status">
              ✓ {m.t('signedUp')}
            </p>
            {s.checkedInAt && <p>{m.t('checkedIn', { t: clock(s.checkedInAt) })}</p>}
            {s.checkedOutAt && <p>{m.t('checkedOut', { t: clock(s.checkedOutAt), m: s.minutes ?? 0 })}</p>}
            {s.checkedOutAt && over && <p class="muted">{m.t('waitingConfirm')}</p>}
            {s.checkedOutAt && !over && Date.now() - Date.parse(s.checkedOutAt) < 10 * 60_000 && (
              <>
                <Button variant="secondary" loading={busy} onClick={() => void undoCheckout()}>
                  {m.t('undo')}
                </Button>
                <p class="muted small">{m.t('undoHint')}</p>
              </>
            )}
            {!s.checkedInAt && !over && (
              <Button variant="danger" loading={busy} onClick={() => void cancel()}>
                {m.t('cancel')}
              </Button>
            )}
          </>
        )}
        {s.status === 'waitlisted' && (
          <>
            <p class="big-status status-wait" data-testid="signup-status">
              {m.t('waitlisted', { n: s.position ?? '' })}
            </p>
            <p class="muted">{m.t('waitlistHint')}</p>
            {!over && (
              <Button variant="danger" loading={busy} onClick={() => void cancel()}>
                {m.t('cancelWait')}
              </Button>
            )}
          </>
        )}
      </Card>
      {s.status === 'confirmed' && !s.checkedInAt && pending && !pending.failed && (
        <Notice kind="info" testId="pending-checkin">
          {m.t('pending', { t: clock(pending.scannedAt) })}
        </Notice>
      )}
      {s.status === 'confirmed' && !s.checkedInAt && pending?.failed && (
        <Notice kind="error" testId="refused-checkin">
          <p>
            {m.t('refused', {
              reason: problemMessage(new ApiError({ status: 400, type: `/problems/${pending.failed}` })),
            })}
          </p>
          <Button variant="secondary" onClick={() => void dropCheckin(pending)}>
            {m.t('dismiss')}
          </Button>
        </Notice>
      )}
      {s.status === 'confirmed' && !s.checkedInAt && !over && !checkinOpen(a) && <Notice>{m.t('notOpenYet')}</Notice>}
      {s.status === 'confirmed' && !s.checkedInAt && !pending && checkinOpen(a) && (
        <CodePanel a={a} mode="in" userId={props.userId} initialCode={props.code} onDone={props.onChange} />
      )}
      {s.status === 'confirmed' && s.checkedInAt && !s.checkedOutAt && checkoutOpen(a) && (
        <CodePanel
          a={a}
          mode="out"
          userId={props.userId}
          initialCode={props.code}
          checkedInAt={s.checkedInAt}
          onDone={props.onChange}
        />
      )}
    </>
  );
}

/** 活动详情: what, when, where; sign up or wait in line; check in and out with the venue's QR code. */
export default function ActivityPage({ params, query }: PageProps) {
  const id = params.id!;
  const s = useSession();
  const me = s.status === 'ready' ? s.me : undefined;
  const signedIn = s.status !== 'anon';
  const a = useApi(() => call(api.activities[':id'].$get({ param: { id } })), [id]);
  const standing = useApi(
    () => (signedIn ? call(api.activities[':id'].signups.me.$get({ param: { id } })) : Promise.resolve(undefined)),
    [id, signedIn],
  );
  const org = useApi(loadOrg, []);
  const themes = useApi(() => (a.data ? loadThemes(a.data.month) : Promise.resolve(undefined)), [a.data?.month]);
  if (a.loading && !a.data) return <Loading />;
  if (a.error || !a.data) return <ErrorNotice error={a.error} onRetry={a.reload} />;
  const act = a.data;
  const idx = indexOrg(org.data);
  const theme =
    themes.data?.mandatory?.id === act.themeId
      ? themes.data?.mandatory
      : themes.data?.special.find((t) => t.id === act.themeId);
  const refresh = () => {
    a.reload();
    standing.reload();
    void loadMe();
  };
  return (
    <Page title={m.t('title')} back="/activities">
      <Card testId="activity-details">
        <h2 class="card-title" data-testid="activity-title">
          {act.title}
        </h2>
        <dl class="kv">
          <dt>{m.t('when')}</dt>
          <dd>{timeRange(act)}</dd>
          <dt>{m.t('where')}</dt>
          <dd>
            {act.location.name}
            {act.location.radiusM !== undefined && (
              <div class="muted small">{m.t('geofence', { r: act.location.radiusM })}</div>
            )}
          </dd>
          <dt>{m.t('community')}</dt>
          <dd>{idx.communityName(act.communityId)}</dd>
          {theme && (
            <>
              <dt>{m.t('theme')}</dt>
              <dd>
                <ThemeBadge kind={theme.kind} />
                {theme.title}
              </dd>
            </>
          )}
          <dt>{m.t('places')}</dt>
          <dd data-testid="places">
            {m.t('placesValue', { n: act.signups, cap: act.capacity })}
            {act.waitlisted > 0 && m.t('waitingValue', { n: act.waitlisted })}
          </dd>
          {act.pointsPerHour > 0 && (
            <>
              <dt>{m.t('points')}</dt>
              <dd>{m.t('perHour', { p: act.pointsPerHour })}</dd>
            </>
          )}
        </dl>
        {act.description && <p>{act.description}</p>}
      </Card>
      {act.status === 'cancelled' ? (
        <Notice kind="error" testId="activity-cancelled">
          {m.t('activityCancelled', { reason: act.cancelReason ?? '' })}
        </Notice>
      ) : !signedIn ? (
        <Button
          block
          href={`/signin?next=${encodeURIComponent(`/activities/${id}${query.get('code') ? `?code=${query.get('code')}` : ''}`)}`}
        >
          {m.t('signInToJoin')}
        </Button>
      ) : standing.error ? (
        <ErrorNotice error={standing.error} onRetry={standing.reload} />
      ) : standing.data ? (
        <MyPart
          a={act}
          standing={standing.data}
          userId={me?.id ?? signedInUserId() ?? ''}
          code={query.get('code') ?? ''}
          onChange={refresh}
        />
      ) : (
        <Loading />
      )}
      {act.status !== 'cancelled' &&
        standing.data &&
        standing.data.status !== 'none' &&
        ended(act) &&
        serverNow() < Date.parse(act.endsAt) + 30 * 24 * 3_600_000 && <CorrectionCard activityId={id} />}
      {runsThings(me) && (
        <Button variant="secondary" block href={`/organize/activities/${id}`}>
          {m.t('manage')}
        </Button>
      )}
    </Page>
  );
}
