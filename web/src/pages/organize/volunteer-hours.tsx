import type { VolunteerHours } from '../../../../shared/schemas/exports.js';
import { api, call } from '../../api.js';
import { hours } from '../../format.js';
import { messages } from '../../i18n/index.js';
import { useApi } from '../../use-api.js';
import { Empty, ErrorNotice, Loading } from '../../ui/index.js';

const m = messages({
  zh: {
    caption: '{name} {month} 志愿者服务时长',
    name: '姓名',
    phone: '手机号',
    activities: '活动次数',
    hours: '时长（小时）',
    points: '积分',
    noShows: '未到',
    none: '本月还没有确认的服务时长',
  },
  en: {
    caption: 'Volunteer hours of {name}, {month}',
    name: 'Name',
    phone: 'Phone',
    activities: 'Activities',
    hours: 'Hours',
    points: 'Points',
    noShows: 'No-shows',
    none: 'No confirmed service hours this month',
  },
});

/**
 * 志愿者时长表: per volunteer of one community and month — activities, hours, points, no-shows (phones masked by
 * the server). The same rows as the CSV, for reading on the spot; scrolls sideways inside its box on a narrow phone.
 */
export function VolunteerHoursTable(props: { communityId: string; name: string; month: string }) {
  const { communityId, name, month } = props;
  const t = useApi(
    () => call(api.communities[':id']['volunteer-hours'].$get({ param: { id: communityId }, query: { month } })),
    [communityId, month],
  );
  if (t.error) return <ErrorNotice error={t.error} onRetry={t.reload} />;
  if (t.loading || !t.data) return <Loading />;
  // The route also answers text/csv, so narrow the JSON answer to its schema's type.
  const rows = (t.data as VolunteerHours).items;
  if (rows.length === 0) return <Empty title={m.t('none')} />;
  return (
    <div class="hours-table-box">
      <table class="hours-table" data-testid="volunteer-hours">
        <caption>{m.t('caption', { name, month })}</caption>
        <thead>
          <tr>
            <th scope="col">{m.t('name')}</th>
            <th scope="col">{m.t('phone')}</th>
            <th scope="col">{m.t('activities')}</th>
            <th scope="col">{m.t('hours')}</th>
            <th scope="col">{m.t('points')}</th>
            <th scope="col">{m.t('noShows')}</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((r) => (
            <tr key={r.userId} data-testid="volunteer-hours-row">
              <th scope="row">{r.name}</th>
              <td>{r.phone}</td>
              <td>{r.activities}</td>
              <td>{hours(r.minutes)}</td>
              <td>{r.points}</td>
              <td>{r.noShows}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
