import { useEffect, useState } from 'preact/hooks';
import { api, call } from '../../api.js';
import { messages } from '../../i18n/index.js';
import type { PageProps } from '../../routes.js';
import { useSession } from '../../session.js';
import { useApi } from '../../use-api.js';
import { Button, Empty, ErrorNotice, Loading, Page, Tabs } from '../../ui/index.js';
import { ActivityItem } from './activity-item.js';
import { thisMonth } from '../../time.js';
import { indexOrg, loadOrg, runsThings, timeRange } from './data.js';
import { ThemesCard } from './themes-card.js';
import { loadThemes, themeKinds, useUpcoming } from './upcoming.js';
import { Link } from '../../ui/index.js';

const m = messages({
  zh: {
    title: '志愿活动',
    upcoming: '近期活动',
    mine: '我的报名',
    myCommunity: '本社区',
    elsewhere: '其他社区',
    none: '近期没有活动',
    noneHint: '社区发布新活动后会显示在这里。',
    noSignups: '您还没有报名活动',
    signIn: '登录后查看我的报名',
    record: '我的服务记录',
    organize: '发布活动',
    confirmed: '已报名',
    waitlisted: '候补中',
  },
  en: {
    title: 'Volunteer activities',
    upcoming: 'Upcoming',
    mine: 'My sign-ups',
    myCommunity: 'My community',
    elsewhere: 'Other communities',
    none: 'No activities coming up',
    noneHint: 'New activities will show here when they are published.',
    noSignups: 'You have not signed up for anything yet',
    signIn: 'Sign in to see your sign-ups',
    record: 'My service record',
    organize: 'Publish an activity',
    confirmed: 'Signed up',
    waitlisted: 'On the waitlist',
  },
});

function MySignups() {
  const r = useApi(() => call(api.me.signups.$get({ query: { upcoming: 'true', limit: '50' } })), []);
  if (r.loading) return <Loading />;
  if (r.error) return <ErrorNotice error={r.error} onRetry={r.reload} />;
  if (!r.data?.items.length) return <Empty title={m.t('noSignups')} icon="activity" />;
  return (
    <ul class="act-list" data-testid="my-signups">
      {r.data.items.map((s) => (
        <li key={s.activityId} class="act-item">
          <Link href={`/activities/${s.activityId}`} class="act-link">
            <span class="act-title">{s.title}</span>
            <span class="act-meta">{timeRange(s)}</span>
            <span class={`act-meta ${s.status === 'confirmed' ? 'status-ok' : 'status-wait'}`}>{m.t(s.status)}</span>
          </Link>
        </li>
      ))}
    </ul>
  );
}

/** Items drawn with the page's first paint; the rest follow in the next frame (below the fold: nothing moves). */
const FIRST_PAINT_ITEMS = 8;

/**
 * How many list items to draw: FIRST_PAINT_ITEMS until the list has painted once, then all. On a slow phone
 * creating and styling 50 items (CJK text) delayed the first paint of the few on screen (issue 14, LCP).
 */
function useFirstPaintLimit(ready: boolean): number {
  const [all, setAll] = useState(false);
  useEffect(() => {
    if (!ready || all) return;
    const frame = requestAnimationFrame(() => setTimeout(() => setAll(true), 0));
    return () => cancelAnimationFrame(frame);
  }, [ready, all]);
  return all ? Infinity : FIRST_PAINT_ITEMS;
}

/** 志愿活动: this month's 1+N themes and upcoming activities, my community first; my sign-ups. */
export default function ActivitiesPage({ query }: PageProps) {
  const s = useSession();
  const me = s.status === 'ready' ? s.me : undefined;
  const [tab, setTab] = useState<'upcoming' | 'mine'>(query.get('tab') === 'mine' ? 'mine' : 'upcoming');
  const org = useApi(loadOrg, []);
  const themes = useApi(() => Promise.all([loadThemes(thisMonth()), loadThemes(thisMonth(1))]), []);
  const list = useUpcoming();
  const idx = indexOrg(org.data);
  const kinds = themeKinds(...(themes.data ?? []));
  // Everything appears at once, in place of one spinner: themes, tabs and list arriving one by one pushed the
  // list down as each came (CLS 0.25 on a slow phone, the tabs moved 525 px).
  const settled = s.status !== 'loading' && !org.loading && !themes.loading && (tab === 'mine' || !list.loading);
  const limit = useFirstPaintLimit(settled && !!list.data);
  const mine = list.data?.mine.slice(0, limit) ?? [];
  const others = list.data?.others.slice(0, Math.max(0, limit - mine.length)) ?? [];
  return (
    <Page
      title={m.t('title')}
      actions={
        settled && runsThings(me) ? (
          <Button variant="secondary" href="/organize/activities/new">
            {m.t('organize')}
          </Button>
        ) : undefined
      }
    >
      {!settled ? (
        <Loading />
      ) : (
        <>
          {themes.data && (
            <ThemesCard
              themes={themes.data[0]}
              org={idx}
              myStreetId={me?.communityId ? idx.streetOf(me.communityId) : undefined}
            />
          )}
          {me && (
            <Tabs
              items={[
                { key: 'upcoming', label: m.t('upcoming') },
                { key: 'mine', label: m.t('mine') },
              ]}
              value={tab}
              onChange={setTab}
            />
          )}
          {tab === 'mine' && me ? (
            <>
              <MySignups />
              <Button variant="secondary" block href="/me/service">
                {m.t('record')}
              </Button>
            </>
          ) : list.loading ? (
            <Loading />
          ) : list.error ? (
            <ErrorNotice error={list.error} onRetry={list.reload} />
          ) : list.data && list.data.mine.length + list.data.others.length === 0 ? (
            <Empty title={m.t('none')} hint={m.t('noneHint')} icon="activity" />
          ) : (
            list.data && (
              <>
                {mine.length > 0 && (
                  <>
                    <h2 class="section-title">{m.t('myCommunity')}</h2>
                    <ul class="act-list">
                      {mine.map((a) => (
                        <ActivityItem key={a.id} a={a} org={idx} themeKind={kinds.get(a.themeId ?? '')} mine />
                      ))}
                    </ul>
                  </>
                )}
                {others.length > 0 && (
                  <>
                    {mine.length > 0 && <h2 class="section-title">{m.t('elsewhere')}</h2>}
                    <ul class="act-list">
                      {others.map((a) => (
                        <ActivityItem key={a.id} a={a} org={idx} themeKind={kinds.get(a.themeId ?? '')} />
                      ))}
                    </ul>
                  </>
                )}
              </>
            )
          )}
        </>
      )}
    </Page>
  );
}
