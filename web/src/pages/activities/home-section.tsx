import { messages } from '../../i18n/index.js';
import { useSession } from '../../session.js';
import { useApi } from '../../use-api.js';
import { Button, ErrorNotice } from '../../ui/index.js';
import { ActivityItem } from './activity-item.js';
import { thisMonth } from '../../time.js';
import { indexOrg, loadOrg } from './data.js';
import { ThemesCard } from './themes-card.js';
import { HOME_MAX, loadThemes, themeKinds, useUpcoming } from './upcoming.js';

const m = messages({
  zh: { upcoming: '近期志愿活动', all: '查看全部活动' },
  en: { upcoming: 'Upcoming volunteer activities', all: 'See all activities' },
});

/**
 * 首页's volunteer part: this month's 1+N themes and the next activities, my community's first. It appears
 * whole once everything it shows has arrived (nothing below it moves as parts come in one by one).
 */
export function VolunteerHome({ max = HOME_MAX }: { max?: number }) {
  const s = useSession();
  const me = s.status === 'ready' ? s.me : undefined;
  const org = useApi(loadOrg, []);
  const themes = useApi(() => loadThemes(thisMonth()), []);
  const list = useUpcoming(max);
  if (org.loading || themes.loading || list.loading) return <div data-testid="home-volunteer" />;
  const idx = indexOrg(org.data);
  const kinds = themeKinds(themes.data);
  const items = list.data ? [...list.data.mine, ...list.data.others].slice(0, max) : [];
  const mine = new Set(list.data?.mine.map((a) => a.id));
  // With the API down, say so (and offer a retry) instead of leaving the page quietly shorter.
  const failed = themes.error ?? list.error;
  const retry = () => {
    themes.reload();
    list.reload();
    org.reload();
  };
  return (
    <div data-testid="home-volunteer">
      {failed && <ErrorNotice error={failed} onRetry={retry} />}
      {themes.data && (
        <ThemesCard
          themes={themes.data}
          org={idx}
          myStreetId={me?.communityId ? idx.streetOf(me.communityId) : undefined}
        />
      )}
      {items.length > 0 && (
        <>
          <h2 class="section-title">{m.t('upcoming')}</h2>
          <ul class="act-list">
            {items.map((a) => (
              <ActivityItem key={a.id} a={a} org={idx} themeKind={kinds.get(a.themeId ?? '')} mine={mine.has(a.id)} />
            ))}
          </ul>
          <Button variant="secondary" block href="/activities">
            {m.t('all')}
          </Button>
        </>
      )}
    </div>
  );
}
