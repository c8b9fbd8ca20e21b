import { useEffect, useState } from 'preact/hooks';
import { api, call, type Me, type Org } from '../api.js';
import type { ApiError } from '../api-error.js';
import { common } from '../i18n/common.js';
import { messages, setLang, useLang, type Lang } from '../i18n/index.js';
import { groupPhone, hours, starText } from '../format.js';
import { loadMe, setMe, signOut, useSession, hasRole } from '../session.js';
import { useApi } from '../use-api.js';
import {
  Button,
  Card,
  Dialog,
  ErrorNotice,
  fieldErrors,
  Form,
  FormProblem,
  Input,
  Loading,
  Page,
  Select,
  Stat,
  toast,
} from '../ui/index.js';
import { useAction } from '../use-action.js';
import { fieldProblem, formSchemas, parse } from '../validate.js';
import { roleLabel } from '../roles.js';
import { navigate } from '../router.js';

const m = messages({
  zh: {
    title: '我的',
    name: '姓名',
    phone: '手机号',
    saved: '已保存',
    community: '所在社区',
    chooseCommunity: '请选择您居住的社区',
    chooseHint: '选定后不能自己更改；如需更改请找社区工作人员。',
    choosePlaceholder: '— 请选择 —',
    confirmCommunity: '确定社区',
    mustChoose: '请先选择社区',
    unknownCommunity: '未知社区',
    balance: '积分',
    serviceHours: '服务时长',
    hoursUnit: '小时',
    stars: '星级志愿者',
    noStars: '暂未评星',
    starsLabel: '{n} 星',
    starsRule: '服务满 100 小时为一星，300 小时二星，600 小时三星，1000 小时四星，1500 小时五星。',
    noShows: '近 90 天报名后未到场 {n} 次。缺席较多时将暂停报名，如有特殊情况请联系组织者。',
    roles: '我的身份',
    resident: '居民',
    cityWide: '全区',
    team: '志愿服务队',
    language: '语言',
    organize: '进入管理工作台',
    pointsDetail: '积分明细和积分卡',
    myRedemptions: '我的兑换',
    serviceRecord: '我的服务记录',
    inbox: '消息',
    notificationSettings: '通知设置（短信、语言）',
    privacyTitle: '隐私和账号',
    privacyNotice: '隐私政策',
    consented: '您已同意 {v} 版隐私政策',
    exportData: '导出我的数据',
    exported: '已导出到文件',
    closeAccount: '注销账号',
    closeTitle: '确定注销账号吗？',
    closeWarn1: '注销后不能恢复：',
    closeWarn2: '您的姓名和手机号在排行榜、志愿队和报表中将显示为“已注销”；',
    closeWarn3: '您的积分卡将解绑，未领取的兑换将取消并退回积分；剩余积分不能再使用；',
    closeWarn4: '用同一手机号再次登录，将开始一个新的空账号。',
    closeAdvice: '建议先导出我的数据。',
    closeConfirm: '确定注销',
    closed: '账号已注销',
  },
  en: {
    title: 'Me',
    name: 'Name',
    phone: 'Phone',
    saved: 'Saved',
    community: 'Community',
    chooseCommunity: 'Please choose the community you live in',
    chooseHint: 'You cannot change it yourself later; ask your community staff if it is wrong.',
    choosePlaceholder: '— Choose —',
    confirmCommunity: 'Confirm community',
    mustChoose: 'Please choose a community first',
    unknownCommunity: 'Unknown community',
    balance: 'Points',
    serviceHours: 'Service hours',
    hoursUnit: 'h',
    stars: 'Star volunteer',
    noStars: 'No stars yet',
    starsLabel: '{n} stars',
    starsRule: '1 star at 100 service hours, 2 at 300, 3 at 600, 4 at 1000, 5 at 1500.',
    noShows:
      'Signed up but did not come {n} times in the last 90 days. Too many pause new sign-ups; ask the organiser if there was a reason.',
    roles: 'My roles',
    resident: 'Resident',
    cityWide: 'District-wide',
    team: 'Volunteer team',
    language: 'Language',
    organize: 'Open the organiser console',
    pointsDetail: 'Points history and cards',
    myRedemptions: 'My redemptions',
    serviceRecord: 'My service record',
    inbox: 'Messages',
    notificationSettings: 'Notification settings (texts, language)',
    privacyTitle: 'Privacy and account',
    privacyNotice: 'Privacy notice',
    consented: 'You agreed to the privacy notice of {v}',
    exportData: 'Export my data',
    exported: 'Exported to a file',
    closeAccount: 'Close my account',
    closeTitle: 'Close your account?',
    closeWarn1: 'This cannot be undone:',
    closeWarn2: 'your name and phone will show as "已注销" (closed) on leaderboards, teams and reports;',
    closeWarn3:
      'your cards will be unbound and open redemptions cancelled and refunded; remaining points can no longer be used;',
    closeWarn4: 'signing in again with the same phone starts a new, empty account.',
    closeAdvice: 'You may want to export your data first.',
    closeConfirm: 'Close my account',
    closed: 'Your account is closed',
  },
});

/** Community and street names by id, from `GET /api/org`. */
function orgNames(org: Org | undefined) {
  const names = new Map<string, string>();
  const streetOf = new Map<string, string>();
  for (const s of org?.streets ?? []) {
    names.set(s.id, s.name);
    for (const c of s.communities) {
      names.set(c.id, c.name);
      streetOf.set(c.id, s.name);
    }
  }
  return { names, streetOf };
}

function NameCard({ me }: { me: Me }) {
  const [editing, setEditing] = useState(false);
  const [name, setName] = useState(me.name);
  const { busy, error, run } = useAction();
  const save = () =>
    run(async () => {
      const json = parse((await formSchemas()).PatchMe, { name });
      setMe(await call(api.me.$patch({ json })));
      setEditing(false);
      toast(m.t('saved'));
    });
  return (
    <Card testId="me-profile">
      {editing ? (
        <Form onSubmit={save}>
          <Input
            label={m.t('name')}
            name="name"
            value={name}
            onValue={setName}
            maxLength={40}
            error={fieldErrors(error)}
            autoFocus
          />
          <FormProblem error={error} placed={['name']} />
          <div class="row-actions">
            <Button type="submit" loading={busy}>
              {common.t('save')}
            </Button>
            <Button variant="secondary" onClick={() => setEditing(false)} disabled={busy}>
              {common.t('cancel')}
            </Button>
          </div>
        </Form>
      ) : (
        <div class="profile-row">
          <div>
            <div class="profile-name" data-testid="me-name">
              {me.name}
            </div>
            <div class="muted">
              {m.t('phone')} {groupPhone(me.phone)}
            </div>
          </div>
          <Button
            variant="secondary"
            onClick={() => {
              setName(me.name);
              setEditing(true);
            }}
          >
            {common.t('edit')}
          </Button>
        </div>
      )}
    </Card>
  );
}

function CommunityCard({ me, org, orgError }: { me: Me; org: Org | undefined; orgError: ApiError | undefined }) {
  const [choice, setChoice] = useState('');
  const { busy, error, run } = useAction();
  const { names, streetOf } = orgNames(org);
  if (me.communityId) {
    const street = streetOf.get(me.communityId);
    return (
      <Card title={m.t('community')} testId="me-community">
        <p class="big-line">
          {names.get(me.communityId) ?? (org ? m.t('unknownCommunity') : '…')}
          {street && <span class="muted"> · {street}</span>}
        </p>
      </Card>
    );
  }
  const choose = () =>
    run(async () => {
      if (!choice) throw fieldProblem('communityId', m.t('mustChoose'));
      const json = parse((await formSchemas()).PatchMe, { communityId: choice });
      setMe(await call(api.me.$patch({ json })));
      toast(m.t('saved'));
    });
  return (
    <Card title={m.t('community')} testId="me-community">
      {orgError ? (
        <ErrorNotice error={orgError} />
      ) : !org ? (
        <Loading />
      ) : (
        <>
          <Select
            label={m.t('chooseCommunity')}
            name="communityId"
            value={choice}
            onValue={setChoice}
            placeholder={m.t('choosePlaceholder')}
            groups={org.streets.map((s) => ({
              label: s.name,
              options: s.communities.map((c) => ({ value: c.id, label: c.name })),
            }))}
            hint={m.t('chooseHint')}
            error={fieldErrors(error)}
          />
          <FormProblem error={error} placed={['communityId']} />
          <Button block loading={busy} onClick={() => void choose()}>
            {m.t('confirmCommunity')}
          </Button>
        </>
      )}
    </Card>
  );
}

function RolesCard({ me, org }: { me: Me; org: Org | undefined }) {
  const { names } = orgNames(org);
  const where = (scope: string) => {
    if (scope === 'city') return m.t('cityWide');
    const [kind, id = ''] = scope.split(':');
    return kind === 'team' ? m.t('team') : (names.get(id) ?? '…');
  };
  return (
    <Card title={m.t('roles')} testId="me-roles">
      <ul class="plain-list">
        {me.roles.length === 0 && <li>{m.t('resident')}</li>}
        {me.roles.map((g) => (
          <li key={`${g.role}:${g.scope}`}>
            <strong>{roleLabel(g.role)}</strong>
            <span class="muted"> · {where(g.scope)}</span>
          </li>
        ))}
      </ul>
      {hasRole(me, ['admin', 'organizer', 'staff', 'leader']) && (
        <Button variant="secondary" block href="/organize">
          {m.t('organize')}
        </Button>
      )}
    </Card>
  );
}

function LanguageCard() {
  const current = useLang();
  const choices: { lang: Lang; label: string }[] = [
    { lang: 'zh', label: '中文' },
    { lang: 'en', label: 'English' },
  ];
  return (
    <Card title={m.t('language')}>
      <div class="row-actions" role="group" aria-label={m.t('language')}>
        {choices.map((c) => (
          <Button key={c.lang} variant={c.lang === current ? 'primary' : 'secondary'} onClick={() => setLang(c.lang)}>
            {c.label}
          </Button>
        ))}
      </div>
    </Card>
  );
}

/** Saves the export as a JSON file (the browser's download), named after the day. */
function saveJson(data: unknown, name: string): void {
  const url = URL.createObjectURL(new Blob([JSON.stringify(data, null, 2)], { type: 'application/json' }));
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

/** 隐私和账号: the notice, 导出我的数据 (everything kept, as JSON) and 注销账号 behind an are-you-sure. */
function PrivacyCard({ me }: { me: Me }) {
  const [busy, setBusy] = useState<'export' | 'close' | undefined>();
  const [asking, setAsking] = useState(false);
  const [error, setError] = useState<unknown>();
  const exportData = async () => {
    setBusy('export');
    setError(undefined);
    try {
      const data = await call(api.me.export.$get());
      saveJson(data, `my-data-${data.exportedAt.slice(0, 10)}.json`);
      toast(m.t('exported'));
    } catch (e) {
      setError(e);
    } finally {
      setBusy(undefined);
    }
  };
  const close = async () => {
    setBusy('close');
    setError(undefined);
    try {
      await call(api.me.$delete());
      signOut();
      toast(m.t('closed'));
      navigate('/', { replace: true });
    } catch (e) {
      setError(e);
      setBusy(undefined);
      setAsking(false);
    }
  };
  return (
    <Card title={m.t('privacyTitle')} testId="me-privacy">
      {me.consentVersion && <p class="muted small">{m.t('consented', { v: me.consentVersion })}</p>}
      {error !== undefined && <ErrorNotice error={error} />}
      <Button variant="secondary" block href="/privacy">
        {m.t('privacyNotice')}
      </Button>
      <Button variant="secondary" block loading={busy === 'export'} onClick={() => void exportData()}>
        {m.t('exportData')}
      </Button>
      <Button variant="danger" block onClick={() => setAsking(true)} disabled={busy !== undefined}>
        {m.t('closeAccount')}
      </Button>
      {asking && (
        <Dialog
          title={m.t('closeTitle')}
          onClose={busy ? undefined : () => setAsking(false)}
          testId="close-account-dialog"
        >
          <p>{m.t('closeWarn1')}</p>
          <ul>
            <li>{m.t('closeWarn2')}</li>
            <li>{m.t('closeWarn3')}</li>
            <li>{m.t('closeWarn4')}</li>
          </ul>
          <p class="muted">{m.t('closeAdvice')}</p>
          <div class="row-actions">
            <Button variant="danger" loading={busy === 'close'} onClick={() => void close()}>
              {m.t('closeConfirm')}
            </Button>
            <Button variant="secondary" onClick={() => setAsking(false)} disabled={busy === 'close'}>
              {common.t('cancel')}
            </Button>
          </div>
        </Dialog>
      )}
    </Card>
  );
}

/** 我的: who I am, my community (chosen once), my points, hours and stars, my roles, language, sign-out. */
export default function MePage() {
  const s = useSession();
  const org = useApi(() => call(api.org.$get()), []);
  // Balance and hours change elsewhere (activities, bins, redemptions): fetch fresh on every visit.
  useEffect(() => void loadMe({ join: true }), []);
  if (s.status === 'error') return <ErrorNotice error={s.error} onRetry={() => void loadMe()} />;
  if (s.status !== 'ready') return <Loading />;
  const me = s.me;
  return (
    <Page title={m.t('title')}>
      <NameCard me={me} />
      <CommunityCard me={me} org={org.data} orgError={org.error} />
      <Card testId="me-stats">
        <div class="stats">
          <Stat label={m.t('balance')} value={me.balance.toLocaleString()} testId="me-balance" />
          <Stat
            label={m.t('serviceHours')}
            value={hours(me.serviceMinutes)}
            unit={m.t('hoursUnit')}
            testId="me-hours"
          />
        </div>
        <div class="stars-row" data-testid="me-stars">
          <span class="stars-label">{m.t('stars')}</span>
          <span class="stars" role="img" aria-label={m.t('starsLabel', { n: me.stars })}>
            {starText(me.stars)}
          </span>
          {me.stars === 0 && <span class="muted">{m.t('noStars')}</span>}
        </div>
        <p class="muted small">{m.t('starsRule')}</p>
        {!!me.noShows90d && (
          <p class="small" data-testid="me-no-shows">
            {m.t('noShows', { n: me.noShows90d })}
          </p>
        )}
        <Button variant="secondary" block href="/points">
          {m.t('pointsDetail')}
        </Button>
        <Button variant="secondary" block href="/rewards/mine">
          {m.t('myRedemptions')}
        </Button>
        <Button variant="secondary" block href="/me/service">
          {m.t('serviceRecord')}
        </Button>
        <Button variant="secondary" block href="/me/notifications">
          {m.t('inbox')}
        </Button>
        <Button variant="secondary" block href="/me/preferences">
          {m.t('notificationSettings')}
        </Button>
      </Card>
      <RolesCard me={me} org={org.data} />
      <LanguageCard />
      <PrivacyCard me={me} />
      <Button
        variant="secondary"
        block
        onClick={() => {
          signOut();
          navigate('/');
        }}
      >
        {common.t('signOut')}
      </Button>
    </Page>
  );
}
