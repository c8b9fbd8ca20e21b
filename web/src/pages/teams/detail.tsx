import { useState } from 'preact/hooks';
import { api, call } from '../../api.js';
import { hours } from '../../format.js';
import { messages } from '../../i18n/index.js';
import { problemMessage } from '../../problems.js';
import type { PageProps } from '../../routes.js';
import { useSession } from '../../session.js';
import { useApi } from '../../use-api.js';
import { Button, Card, ErrorNotice, Loading, Page, Stat, toast } from '../../ui/index.js';

const m = messages({
  zh: {
    members: '队员',
    hours: '服务时长',
    hoursUnit: '小时',
    join: '申请加入',
    joined: '已提交申请，等队长审核',
    pending: '您的申请正在等队长审核',
    member: '您是这个服务队的队员',
    leave: '退出服务队',
    leaveConfirm: '确定要退出「{name}」吗？退出后需要重新申请、由队长审核才能再加入。',
    cancelAsk: '撤回申请',
    left: '已退出',
    roster: '队员名单',
    approvals: '待审核的申请',
    noApprovals: '没有待审核的申请',
    approve: '同意',
    approved: '已同意 {name} 加入',
    remove: '移出',
    removeConfirm: '确定把 {name} 移出服务队吗？',
    removed: '已移出 {name}',
    alreadyAsked: '您已经申请过或已在队中。',
    signIn: '登录后可申请加入',
  },
  en: {
    members: 'Members',
    hours: 'Service',
    hoursUnit: 'h',
    join: 'Ask to join',
    joined: 'Asked; the leader will review it',
    pending: 'Your request waits for the leader',
    member: 'You are a member of this team',
    leave: 'Leave the team',
    leaveConfirm: 'Leave “{name}”? To come back you must ask again and be approved.',
    cancelAsk: 'Withdraw request',
    left: 'Left the team',
    roster: 'Members',
    approvals: 'Requests to join',
    noApprovals: 'No requests waiting',
    approve: 'Approve',
    approved: '{name} approved',
    remove: 'Remove',
    removeConfirm: 'Remove {name} from the team?',
    removed: '{name} removed',
    alreadyAsked: 'You have already asked or are a member.',
    signIn: 'Sign in to ask to join',
  },
});

/** 服务队详情: stats, join or leave; the leader (and organisers) approve requests and manage the roster. */
export default function TeamPage({ params }: PageProps) {
  const id = params.id!;
  const s = useSession();
  const me = s.status === 'ready' ? s.me : undefined;
  const team = useApi(() => call(api.teams[':id'].$get({ param: { id } })), [id, me?.id]);
  const mine = useApi(() => (me ? call(api.me.teams.$get()) : Promise.resolve({ items: [] })), [me?.id]);
  const [busy, setBusy] = useState<string>();
  const act = async (key: string, fn: () => Promise<unknown>, done: string) => {
    setBusy(key);
    try {
      await fn();
      toast(done);
      team.reload();
      mine.reload();
    } catch (e) {
      toast(problemMessage(e, { conflict: m.t('alreadyAsked') }), 'error');
    } finally {
      setBusy(undefined);
    }
  };
  if (team.error) return <ErrorNotice error={team.error} onRetry={team.reload} />;
  if (!team.data) return <Loading />;
  const t = team.data;
  const my = mine.data?.items.find((x) => x.teamId === id);
  const leave = () => {
    if (!me || !window.confirm(m.t('leaveConfirm', { name: t.name }))) return;
    void act(
      'leave',
      () => call(api.teams[':id'].members[':userId'].$delete({ param: { id, userId: me.id } })),
      m.t('left'),
    );
  };
  const pending = t.members?.filter((x) => x.status === 'pending') ?? [];
  const active = t.members?.filter((x) => x.status === 'active') ?? [];
  return (
    <Page title={t.name} back="/teams">
      <Card testId="team-summary">
        {t.description && <p>{t.description}</p>}
        <div class="stats">
          <Stat label={m.t('members')} value={t.memberCount} testId="team-members" />
          <Stat label={m.t('hours')} value={hours(t.serviceMinutes)} unit={m.t('hoursUnit')} />
        </div>
        {!me ? (
          <Button block href={`/signin?next=/teams/${id}`}>
            {m.t('signIn')}
          </Button>
        ) : !my ? (
          <Button
            block
            loading={busy === 'join'}
            onClick={() =>
              void act('join', () => call(api.teams[':id'].members.$post({ param: { id } })), m.t('joined'))
            }
          >
            {m.t('join')}
          </Button>
        ) : (
          <>
            <p class="big-status" data-testid="team-standing">
              {my.status === 'active' ? m.t('member') : m.t('pending')}
            </p>
            <Button variant="danger" loading={busy === 'leave'} onClick={leave}>
              {my.status === 'active' ? m.t('leave') : m.t('cancelAsk')}
            </Button>
          </>
        )}
      </Card>
      {t.members && (
        <>
          <Card title={m.t('approvals')} testId="team-approvals">
            {pending.length === 0 ? (
              <p class="muted">{m.t('noApprovals')}</p>
            ) : (
              <ul class="plain-list">
                {pending.map((x) => (
                  <li key={x.userId} class="ledger-row">
                    <span>{x.name}</span>
                    <Button
                      loading={busy === `approve-${x.userId}`}
                      onClick={() =>
                        void act(
                          `approve-${x.userId}`,
                          () =>
                            call(
                              api.teams[':id'].members[':userId'].approve.$post({ param: { id, userId: x.userId } }),
                            ),
                          m.t('approved', { name: x.name }),
                        )
                      }
                    >
                      {m.t('approve')}
                    </Button>
                  </li>
                ))}
              </ul>
            )}
          </Card>
          <Card title={m.t('roster')} testId="team-roster">
            <ul class="plain-list">
              {active.map((x) => (
                <li key={x.userId} class="ledger-row">
                  <span>{x.name}</span>
                  {x.userId !== t.leaderId && (
                    <Button
                      variant="secondary"
                      loading={busy === `remove-${x.userId}`}
                      onClick={() => {
                        if (!window.confirm(m.t('removeConfirm', { name: x.name }))) return;
                        void act(
                          `remove-${x.userId}`,
                          () => call(api.teams[':id'].members[':userId'].$delete({ param: { id, userId: x.userId } })),
                          m.t('removed', { name: x.name }),
                        );
                      }}
                    >
                      {m.t('remove')}
                    </Button>
                  )}
                </li>
              ))}
            </ul>
          </Card>
        </>
      )}
    </Page>
  );
}
