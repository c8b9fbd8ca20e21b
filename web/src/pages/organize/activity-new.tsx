import { useState } from 'preact/hooks';
import { api, call } from '../../api.js';
import { messages } from '../../i18n/index.js';
import { formError } from '../../problems.js';
import { formSchemas, parse } from '../../validate.js';
import { navigate } from '../../router.js';
import { useSession } from '../../session.js';
import { useApi } from '../../use-api.js';
import {
  Button,
  Card,
  ErrorNotice,
  FormProblem,
  type FormError,
  fieldErrors,
  Input,
  Loading,
  Page,
  Select,
  toast,
} from '../../ui/index.js';
import { fromZoneInput, toZoneInput } from '../../time.js';
import { loadOrg } from '../activities/data.js';
import { loadThemes } from '../activities/upcoming.js';
import { loadScope } from './scope.js';
import './organize.css';

const m = messages({
  zh: {
    title: '发布活动',
    community: '社区',
    choose: '— 请选择 —',
    activityTitle: '活动名称',
    description: '活动说明（可不填）',
    startsAt: '开始时间',
    endsAt: '结束时间',
    timeHint: '可以补录已经结束的活动（纸质签到表）。',
    place: '地点',
    geofence: '限定签到范围（米，可不填）',
    geofenceHint: '填写后，志愿者须在地点附近才能签到。',
    useHere: '用我现在的位置作为活动地点',
    located: '已记录位置 {lat}, {lng}',
    noLocation: '无法获取位置',
    capacity: '招募人数',
    pointsPerHour: '每小时积分',
    theme: '所属主题',
    noTheme: '不归入主题',
    mandatory: '必选：{t}',
    special: '特色：{t}',
    team: '志愿服务队',
    noTeam: '不指定',
    publish: '发布活动',
    published: '活动已发布',
  },
  en: {
    title: 'Publish an activity',
    community: 'Community',
    choose: '— Choose —',
    activityTitle: 'Title',
    description: 'Description (optional)',
    startsAt: 'Starts',
    endsAt: 'Ends',
    timeHint: 'You may record an activity that already took place (paper sign-in sheet).',
    place: 'Place',
    geofence: 'Check-in radius in metres (optional)',
    geofenceHint: 'With a radius, volunteers must be near the place to check in.',
    useHere: 'Use my current position as the place',
    located: 'Position recorded: {lat}, {lng}',
    noLocation: 'Could not get the position',
    capacity: 'Volunteers needed',
    pointsPerHour: 'Points per hour',
    theme: 'Theme',
    noTheme: 'No theme',
    mandatory: 'Monthly: {t}',
    special: 'Street: {t}',
    team: 'Volunteer team',
    noTeam: 'None',
    publish: 'Publish',
    published: 'Activity published',
  },
});

const monthOfLocal = (v: string) => v.slice(0, 7);
/** The fields this form shows errors under; any other field error goes in the line below the form. */
const placed = [
  'communityId',
  'title',
  'description',
  'startsAt',
  'endsAt',
  'location.name',
  'location.radiusM',
  'capacity',
  'pointsPerHour',
  'themeId',
  'teamId',
];

/** 发布活动: organisers (and team leaders for their team) publish an activity; a theme of its month and street. */
export default function NewActivityPage() {
  const s = useSession();
  const me = s.status === 'ready' ? s.me : undefined;
  const org = useApi(loadOrg, []);
  const scope = useApi(
    () => (me && org.data ? loadScope(me, org.data) : Promise.resolve(undefined)),
    [me?.id, org.data],
  );
  // Tomorrow at this hour, on the hour (zones are whole or half hours from UTC: a 15-minute grid is exact).
  const start0 = new Date(Math.floor((Date.now() + 24 * 3_600_000) / 3_600_000) * 3_600_000);
  const [f, setF] = useState({
    communityId: '',
    title: '',
    description: '',
    startsAt: toZoneInput(start0.getTime()),
    endsAt: toZoneInput(start0.getTime() + 2 * 3_600_000),
    place: '',
    radiusM: '',
    capacity: '20',
    pointsPerHour: '10',
    themeId: '',
    teamId: '',
  });
  const [coords, setCoords] = useState<{ lat: number; lng: number }>();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<FormError>();
  const set = (k: keyof typeof f) => (v: string) => setF((x) => ({ ...x, [k]: v }));
  const communities = [
    ...(scope.data?.communities ?? []),
    ...(scope.data?.teams ?? [])
      .filter((t) => !scope.data?.communities.some((c) => c.id === t.communityId))
      .map((t) => {
        const c = org.data?.streets.flatMap((st) =>
          st.communities.map((x) => ({ ...x, streetId: st.id, streetName: st.name })),
        );
        const hit = c?.find((x) => x.id === t.communityId);
        return {
          id: t.communityId,
          name: hit?.name ?? '',
          streetId: hit?.streetId ?? '',
          streetName: hit?.streetName ?? '',
        };
      }),
  ];
  const communityId = f.communityId || (communities.length === 1 ? communities[0]!.id : '');
  const community = communities.find((c) => c.id === communityId);
  const month = monthOfLocal(f.startsAt);
  const themes = useApi(() => (month.length === 7 ? loadThemes(month) : Promise.resolve(undefined)), [month]);
  const teams = useApi(
    () =>
      communityId
        ? call(api.teams.$get({ query: { communityId, limit: '100' } }))
        : Promise.resolve({ items: [], nextCursor: null }),
    [communityId],
  );
  const onlyTeams = !!scope.data && scope.data.communities.length === 0 && !scope.data.admin;
  const myTeams = new Set(scope.data?.teams.map((t) => t.id));
  const teamOptions = (teams.data?.items ?? []).filter((t) => !onlyTeams || myTeams.has(t.id));
  const teamId = f.teamId || (onlyTeams && teamOptions.length === 1 ? teamOptions[0]!.id : '');
  const themeOptions = [
    ...(themes.data?.mandatory
      ? [{ value: themes.data.mandatory.id, label: m.t('mandatory', { t: themes.data.mandatory.title }) }]
      : []),
    ...(themes.data?.special ?? [])
      .filter((t) => t.streetId === community?.streetId)
      .map((t) => ({ value: t.id, label: m.t('special', { t: t.title }) })),
  ];
  const locate = () =>
    navigator.geolocation?.getCurrentPosition(
      (p) => setCoords({ lat: Number(p.coords.latitude.toFixed(6)), lng: Number(p.coords.longitude.toFixed(6)) }),
      () => toast(m.t('noLocation'), 'error'),
      { enableHighAccuracy: true, timeout: 15_000 },
    );
  const publish = async () => {
    setBusy(true);
    setError(undefined);
    try {
      const radius = f.radiusM.trim() ? Number(f.radiusM) : undefined;
      const a = await call(
        api.activities.$post({
          json: parse((await formSchemas()).ActivityInput, {
            communityId,
            title: f.title,
            ...(f.description.trim() ? { description: f.description } : {}),
            ...(f.themeId ? { themeId: f.themeId } : {}),
            ...(teamId ? { teamId } : {}),
            location: { name: f.place.trim(), ...(coords ?? {}), ...(radius !== undefined ? { radiusM: radius } : {}) },
            startsAt: fromZoneInput(f.startsAt),
            endsAt: fromZoneInput(f.endsAt),
            capacity: Number(f.capacity),
            pointsPerHour: Number(f.pointsPerHour),
          }),
        }),
      );
      toast(m.t('published'));
      navigate(`/organize/activities/${a.id}`);
    } catch (e) {
      setError(formError(e));
    } finally {
      setBusy(false);
    }
  };
  if (scope.loading || org.loading) return <Loading />;
  if (scope.error || org.error) return <ErrorNotice error={scope.error ?? org.error} onRetry={scope.reload} />;
  return (
    <Page title={m.t('title')} back="/organize">
      <Card>
        <form
          onSubmit={(e) => {
            e.preventDefault();
            void publish();
          }}
        >
          <Select
            label={m.t('community')}
            name="communityId"
            value={communityId}
            onValue={set('communityId')}
            placeholder={m.t('choose')}
            groups={[
              { label: '', options: communities.map((c) => ({ value: c.id, label: `${c.name} · ${c.streetName}` })) },
            ]}
            error={fieldErrors(error)}
          />
          <Input
            label={m.t('activityTitle')}
            name="title"
            value={f.title}
            onValue={set('title')}
            maxLength={100}
            error={fieldErrors(error)}
          />
          <Input
            label={m.t('description')}
            name="description"
            value={f.description}
            onValue={set('description')}
            maxLength={4000}
            error={fieldErrors(error)}
          />
          <Input
            label={m.t('startsAt')}
            type="datetime-local"
            name="startsAt"
            value={f.startsAt}
            onValue={set('startsAt')}
            error={fieldErrors(error)}
            hint={m.t('timeHint')}
          />
          <Input
            label={m.t('endsAt')}
            type="datetime-local"
            name="endsAt"
            value={f.endsAt}
            onValue={set('endsAt')}
            error={fieldErrors(error)}
          />
          <Input
            label={m.t('place')}
            name="location.name"
            value={f.place}
            onValue={set('place')}
            maxLength={100}
            error={fieldErrors(error)}
          />
          <Button variant="secondary" onClick={locate}>
            {m.t('useHere')}
          </Button>
          {coords && <p class="muted small">{m.t('located', { lat: coords.lat, lng: coords.lng })}</p>}
          {coords && (
            <Input
              label={m.t('geofence')}
              name="location.radiusM"
              type="number"
              inputMode="numeric"
              value={f.radiusM}
              onValue={set('radiusM')}
              hint={m.t('geofenceHint')}
              error={fieldErrors(error)}
            />
          )}
          <Input
            label={m.t('capacity')}
            name="capacity"
            type="number"
            inputMode="numeric"
            value={f.capacity}
            onValue={set('capacity')}
            error={fieldErrors(error)}
          />
          <Input
            label={m.t('pointsPerHour')}
            name="pointsPerHour"
            type="number"
            inputMode="numeric"
            value={f.pointsPerHour}
            onValue={set('pointsPerHour')}
            error={fieldErrors(error)}
          />
          <Select
            label={m.t('theme')}
            name="themeId"
            value={f.themeId}
            onValue={set('themeId')}
            groups={[{ label: '', options: [{ value: '', label: m.t('noTheme') }, ...themeOptions] }]}
            error={fieldErrors(error)}
          />
          <Select
            label={m.t('team')}
            name="teamId"
            value={teamId}
            onValue={set('teamId')}
            groups={[
              {
                label: '',
                options: [
                  ...(onlyTeams ? [] : [{ value: '', label: m.t('noTeam') }]),
                  ...teamOptions.map((t) => ({ value: t.id, label: t.name })),
                ],
              },
            ]}
            error={fieldErrors(error)}
          />
          <FormProblem error={fieldErrors(error)} placed={placed} />
          <Button type="submit" block loading={busy} disabled={!communityId || !f.title.trim() || !f.place.trim()}>
            {m.t('publish')}
          </Button>
        </form>
      </Card>
    </Page>
  );
}
