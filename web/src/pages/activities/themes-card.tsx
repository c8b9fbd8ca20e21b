import { messages } from '../../i18n/index.js';
import { Card } from '../../ui/index.js';
import { thisMonth } from '../../time.js';
import type { MonthThemes, OrgIndex } from './data.js';

const m = messages({
  zh: {
    title: '本月“1+N”主题',
    titleOf: '{y}年{m}月“1+N”主题',
    one: '必选主题',
    n: '特色主题',
    noOne: '必选主题尚未发布',
    noN: '暂无特色主题',
  },
  en: {
    title: 'This month’s “1+N” themes',
    titleOf: '“1+N” themes of {y}-{m}',
    one: 'Monthly theme',
    n: 'Street themes',
    noOne: 'The monthly theme is not out yet',
    noN: 'No street themes yet',
  },
});

/** 本月 only for the current month; any other month by its name (organisers plan ahead). */
const titleOf = (month: string) =>
  month === thisMonth() ? m.t('title') : m.t('titleOf', { y: month.slice(0, 4), m: String(Number(month.slice(5, 7))) });

/** This month's "1" (the city's mandatory theme) and "N" (streets' special themes), my street first. */
export function ThemesCard(props: { themes: MonthThemes; org: OrgIndex; myStreetId?: string }) {
  const { themes, org, myStreetId } = props;
  const special = [...themes.special].sort(
    (a, b) => Number(b.streetId === myStreetId) - Number(a.streetId === myStreetId),
  );
  return (
    <Card title={titleOf(themes.month)} testId="themes-card">
      <p class="muted small">{m.t('one')}</p>
      <p class="theme-one" data-testid="theme-mandatory">
        {themes.mandatory ? themes.mandatory.title : <span class="muted">{m.t('noOne')}</span>}
      </p>
      {themes.mandatory?.description && <p class="small">{themes.mandatory.description}</p>}
      <p class="muted small">{m.t('n')}</p>
      {special.length === 0 ? (
        <p class="muted">{m.t('noN')}</p>
      ) : (
        <ul class="theme-list">
          {special.map((t) => (
            <li key={t.id}>
              <strong>{t.title}</strong>
              {t.streetId && <span class="muted"> · {org.streetName(t.streetId)}</span>}
            </li>
          ))}
        </ul>
      )}
    </Card>
  );
}
