import { messages } from '../../i18n/index.js';
import type { Me } from '../../api.js';
import { useApi } from '../../use-api.js';
import { Button, ErrorNotice } from '../../ui/index.js';
import { ActivityItem } from './activity-item.js';
import { thisMonth } from '../../time.js';
import { indexOrg, loadOrg } from './data.js';
import { ThemesCard } from './themes-card.js';
import { loadThemes, loadUpcoming, themeKinds } from './upcoming.js';

const m = messages({
  zh: { upcoming: '近期志愿活动', all: '查看全部活动' },
  en: { upcoming: 'Upcoming volunteer activities', all: 'See all activities' },
});

/** 首页's volunteer part: this month's 1+N themes and the next activities, my community's first. */
export function VolunteerHome({ me, max = 3 }: { me: Me | undefined; max?: number }) {
  const org = useApi(loadOrg, []);
  const themes = useApi(() => loadThemes(thisMonth()), []);
  const list = useApi(() => loadUpcoming(me?.communityId, max), [me?.communityId]);
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
