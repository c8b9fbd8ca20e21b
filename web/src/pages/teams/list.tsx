import { useState } from 'preact/hooks';
import { api, call } from '../../api.js';
import { hours } from '../../format.js';
import { messages } from '../../i18n/index.js';
import { useSession } from '../../session.js';
import { useApi } from '../../use-api.js';
import { Card, Empty, ErrorNotice, Link, Loading, Page, Select } from '../../ui/index.js';
import { loadOrg } from '../activities/data.js';

const m = messages({
  zh: {
    title: '志愿服务队',
    community: '社区',
    choose: '— 请选择社区 —',
    none: '这个社区还没有志愿服务队',
    stats: '{n} 名队员 · 服务 {h} 小时',
    mine: '我的服务队',
    active: '已加入',
    pending: '待队长审核',
  },
  en: {
    title: 'Volunteer teams',
    community: 'Community',
    choose: '— Choose a community —',
    none: 'This community has no volunteer team yet',
    stats: '{n} members · {h} h of service',
    mine: 'My teams',
    active: 'member',
    pending: 'awaiting the leader',
  },
});

/** 志愿服务队: the teams of a community (mine by default), and the teams I belong to or asked to join. */
export default function TeamsPage() {
  const s = useSession();
  const me = s.status === 'ready' ? s.me : undefined;
  const org = useApi(loadOrg, []);
  const mine = useApi(() => (me ? call(api.me.teams.$get()) : Promise.resolve({ items: [] })), [me?.id]);
  const [picked, setPicked] = useState('');
  const communityId = picked || me?.communityId || '';
  const teams = useApi(
    () =>
      communityId
        ? call(api.teams.$get({ query: { communityId, limit: '100' } }))
        : Promise.resolve({ items: [], nextCursor: null }),
    [communityId],
  );
  if (org.error) return <ErrorNotice error={org.error} onRetry={org.reload} />;
  if (!org.data) return <Loading />;
  return (
    <Page title={m.t('title')}>
      {(mine.data?.items.length ?? 0) > 0 && (
        <Card title={m.t('mine')} testId="my-teams">
          <ul class="plain-list">
            {mine.data!.items.map((t) => (
              <li key={t.teamId} class="ledger-row">
                <Link href={`/teams/${t.teamId}`}>{t.name}</Link>
                <span class="muted small">{t.status === 'active' ? m.t('active') : m.t('pending')}</span>
              </li>
            ))}
          </ul>
        </Card>
      )}
      <Select
        label={m.t('community')}
        name="communityId"
        value={communityId}
        onValue={setPicked}
        placeholder={m.t('choose')}
        groups={org.data.streets.map((st) => ({
          label: st.name,
          options: st.communities.map((c) => ({ value: c.id, label: c.name })),
        }))}
      />
      {teams.error ? (
        <ErrorNotice error={teams.error} onRetry={teams.reload} />
      ) : teams.loading ? (
        <Loading />
      ) : communityId && teams.data?.items.length === 0 ? (
        <Empty title={m.t('none')} icon="user" />
      ) : (
        <div data-testid="team-list">
          {teams.data?.items.map((t) => (
            <Link key={t.id} href={`/teams/${t.id}`} class="card tile-row">
              <span class="big-line">{t.name}</span>
              <span class="muted">{m.t('stats', { n: t.memberCount, h: hours(t.serviceMinutes) })}</span>
            </Link>
          ))}
        </div>
      )}
    </Page>
  );
}
