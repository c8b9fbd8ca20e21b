import { messages } from '../../i18n/index.js';
import { Link } from '../../ui/index.js';
import { timeRange, type Activity, type OrgIndex } from './data.js';
import './activities.css';

const m = messages({
  zh: {
    places: '已报名 {n}/{cap}',
    waiting: '候补 {n}',
    full: '已满',
    mandatory: '必选',
    special: '特色',
    confirmed: '已确认时长',
    perHour: '每小时 {p} 积分',
  },
  en: {
    places: '{n}/{cap} signed up',
    waiting: '{n} waiting',
    full: 'Full',
    mandatory: 'Monthly theme',
    special: 'Street theme',
    confirmed: 'Hours confirmed',
    perHour: '{p} points/hour',
  },
});

/** A theme badge: 必选 (the month's "1") or 特色 (a street's "N"). */
export function ThemeBadge({ kind }: { kind: 'mandatory' | 'special' | null | undefined }) {
  if (!kind) return null;
  return <span class={`badge badge-${kind}`}>{m.t(kind)}</span>;
}

/** One activity in a list: title, time, place and community, places left. */
export function ActivityItem(props: {
  a: Activity;
  org: OrgIndex;
  themeKind?: 'mandatory' | 'special' | null;
  href?: string;
  mine?: boolean;
}) {
  const { a, org } = props;
  const full = a.signups >= a.capacity;
  return (
    <li class={`act-item${props.mine ? ' act-mine' : ''}`} data-testid="activity-item">
      <Link href={props.href ?? `/activities/${a.id}`} class="act-link">
        <span class="act-title">
          <ThemeBadge kind={props.themeKind} />
          {a.title}
        </span>
        <span class="act-meta">{timeRange(a)}</span>
        <span class="act-meta">
          {a.location.name}
          {org.communityName(a.communityId) && ` · ${org.communityName(a.communityId)}`}
        </span>
        <span class="act-meta act-places">
          {a.status === 'confirmed' ? (
            <span class="badge badge-done">{m.t('confirmed')}</span>
          ) : (
            <>
              <span class={full ? 'act-full' : ''}>
                {full ? m.t('full') : m.t('places', { n: a.signups, cap: a.capacity })}
              </span>
              {a.waitlisted > 0 && <span> · {m.t('waiting', { n: a.waitlisted })}</span>}
            </>
          )}
          {a.pointsPerHour > 0 && <span> · {m.t('perHour', { p: a.pointsPerHour })}</span>}
        </span>
      </Link>
    </li>
  );
}
