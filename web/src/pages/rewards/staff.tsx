import { api, call } from '../../api.js';
import { messages } from '../../i18n/index.js';
import { buildPath, navigate } from '../../router.js';
import type { PageProps } from '../../routes.js';
import { useSession } from '../../session.js';
import { useApi } from '../../use-api.js';
import { Empty, ErrorNotice, Loading, Page, Select, Tabs } from '../../ui/index.js';
import { CardRedeemPanel } from './card-redeem.js';
import { FulfilPanel } from './fulfil-panel.js';
import { GiftList } from './gift-list.js';
import { OpenList } from './open-list.js';
import { managedCommunities } from './scopes.js';

const m = messages({
  zh: {
    title: '兑换核销',
    community: '服务站所在社区',
    noCommunity: '您还没有负责的社区',
    noCommunityHint: '服务站工作人员和社区工作者才能核销兑换。',
    tabFulfil: '核销',
    tabOpen: '待领取',
    tabGifts: '礼品',
    tabCard: '凭卡兑换',
  },
  en: {
    title: 'Hand out gifts',
    community: 'Service station of',
    noCommunity: 'You do not run a community yet',
    noCommunityHint: 'Service-station staff and organisers hand out gifts.',
    tabFulfil: 'Hand out',
    tabOpen: 'Waiting',
    tabGifts: 'Gifts',
    tabCard: 'By card',
  },
});

type Tab = 'fulfil' | 'open' | 'gifts' | 'card';

/** The staff console of rewards: hand out (scan or code), what waits, and the gifts of each station I run. */
export default function StaffConsole({ query }: PageProps) {
  const s = useSession();
  const org = useApi(() => call(api.org.$get()), []);
  const me = s.status === 'ready' ? s.me : undefined;
  const communities = me && org.data ? managedCommunities(me.roles, org.data) : [];
  const community = communities.find((c) => c.id === query.get('c')) ?? communities[0];
  const tabParam = query.get('tab');
  const tab: Tab = tabParam === 'open' || tabParam === 'gifts' || tabParam === 'card' ? tabParam : 'fulfil';
  const go = (next: { c?: string; tab?: Tab }) =>
    navigate(
      buildPath(
        '/organize/rewards',
        {},
        { c: next.c ?? community?.id, tab: (next.tab ?? tab) === 'fulfil' ? undefined : (next.tab ?? tab) },
      ),
      { replace: true },
    );
  return (
    <Page title={m.t('title')} back="/organize">
      {org.error ? (
        <ErrorNotice error={org.error} onRetry={org.reload} />
      ) : !org.data || !me ? (
        <Loading />
      ) : !community ? (
        <Empty title={m.t('noCommunity')} hint={m.t('noCommunityHint')} icon="tools" />
      ) : (
        <>
          {communities.length > 1 ? (
            <Select
              label={m.t('community')}
              name="communityId"
              value={community.id}
              onValue={(c) => go({ c })}
              groups={[...new Set(communities.map((c) => c.streetName))].map((street) => ({
                label: street,
                options: communities
                  .filter((c) => c.streetName === street)
                  .map((c) => ({ value: c.id, label: c.name })),
              }))}
            />
          ) : (
            <p class="big-line" data-testid="station">
              {community.name}
            </p>
          )}
          <Tabs
            label={m.t('title')}
            items={[
              { key: 'fulfil', label: m.t('tabFulfil') },
              { key: 'open', label: m.t('tabOpen') },
              { key: 'card', label: m.t('tabCard') },
              { key: 'gifts', label: m.t('tabGifts') },
            ]}
            value={tab}
            onChange={(t) => go({ tab: t })}
          />
          {tab === 'fulfil' && <FulfilPanel key={community.id} community={community} />}
          {tab === 'open' && <OpenList key={community.id} community={community} />}
          {tab === 'gifts' && <GiftList key={community.id} community={community} />}
          {tab === 'card' && <CardRedeemPanel key={community.id} community={community} />}
        </>
      )}
    </Page>
  );
}
