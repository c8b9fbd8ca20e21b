import { useState } from 'preact/hooks';
import { api, call, isApiError } from '../../api.js';
import { common } from '../../i18n/common.js';
import { messages } from '../../i18n/index.js';
import { problemMessage } from '../../problems.js';
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
  Notice,
  Page,
  Select,
  toast,
} from '../../ui/index.js';
import { thisMonth } from '../../time.js';
import { formSchemas, parse } from '../../validate.js';
import { indexOrg, loadOrg } from '../activities/data.js';
import { ThemesCard } from '../activities/themes-card.js';
import { loadThemes } from '../activities/upcoming.js';
import { loadScope } from './scope.js';
import './organize.css';

const m = messages({
  zh: {
    title: '发布主题',
    month: '月份',
    kind: '类型',
    mandatory: '必选主题（全区统一，每月一个）',
    special: '特色主题（本街道）',
    street: '街道',
    streetOnly: '特色主题由街道组织者发布，必选主题由区里发布。您可以在上面查看各月的主题，发布活动时选择主题。',
    themeTitle: '主题名称',
    description: '说明（可不填）',
    publish: '发布',
    published: '已发布',
    duplicate: '这个月已经有必选主题了',
    rule: '每月由区里发布 1 个必选主题，各街道可发布多个特色主题。活动可以归入当月必选主题或本街道的特色主题。',
    choose: '— 请选择 —',
  },
  en: {
    title: 'Publish themes',
    month: 'Month',
    kind: 'Kind',
    mandatory: 'Mandatory theme (district-wide, one a month)',
    special: 'Special theme (one street)',
    street: 'Street',
    streetOnly:
      'Street organisers publish special themes and the district the monthly theme. See each month’s themes above and pick one when you publish an activity.',
    themeTitle: 'Theme',
    description: 'Description (optional)',
    publish: 'Publish',
    published: 'Published',
    duplicate: 'This month already has its mandatory theme',
    rule: 'Each month the district publishes 1 mandatory theme and each street any number of special themes. An activity may belong to its month’s mandatory theme or a special theme of its street.',
    choose: '— Choose —',
  },
});

/** 发布主题: the admin publishes the month's "1", street organisers their street's "N". */
export default function ThemesPage() {
  const s = useSession();
  const me = s.status === 'ready' ? s.me : undefined;
  const [month, setMonth] = useState(thisMonth());
  const org = useApi(loadOrg, []);
  const scope = useApi(
    () => (me && org.data ? loadScope(me, org.data) : Promise.resolve(undefined)),
    [me?.id, org.data],
  );
  const themes = useApi(() => loadThemes(month), [month]);
  const admin = !!scope.data?.admin;
  const [kind, setKind] = useState<'mandatory' | 'special'>('special');
  const [streetId, setStreetId] = useState('');
  const [title, setTitle] = useState('');
  const [description, setDescription] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<FormError>();
  const streets = scope.data?.streets ?? [];
  const effectiveKind = admin ? kind : 'special';
  const effectiveStreet = streetId || (streets.length === 1 ? streets[0]!.id : '');
  const publish = async () => {
    setBusy(true);
    setError(undefined);
    try {
      await call(
        api.themes.$post({
          json: parse((await formSchemas()).ThemeInput, {
            month,
            kind: effectiveKind,
            title,
            ...(description.trim() ? { description } : {}),
            ...(effectiveKind === 'special' ? { streetId: effectiveStreet } : {}),
          }),
        }),
      );
      toast(m.t('published'));
      setTitle('');
      setDescription('');
      themes.reload();
    } catch (e) {
      // One line for the whole form: a duplicate month is not the fault of any one field.
      setError(isApiError(e) && e.errors.length ? e : problemMessage(e, { 'duplicate-theme': m.t('duplicate') }));
    } finally {
      setBusy(false);
    }
  };
  if (scope.loading || org.loading) return <Loading />;
  if (scope.error) return <ErrorNotice error={scope.error} onRetry={scope.reload} />;
  return (
    <Page title={m.t('title')} back="/organize">
      <p class="muted">{m.t('rule')}</p>
      <Input label={m.t('month')} type="month" name="month" value={month} onValue={(v) => v && setMonth(v)} />
      {themes.data && <ThemesCard themes={themes.data} org={indexOrg(org.data)} />}
      {!admin && streets.length === 0 ? (
        // A community organiser runs no street: an empty street list would be a form that can only fail.
        <Notice testId="themes-street-only">{m.t('streetOnly')}</Notice>
      ) : (
        <Card>
          <form
            onSubmit={(e) => {
              e.preventDefault();
              void publish();
            }}
          >
            {admin && (
              <Select
                label={m.t('kind')}
                name="kind"
                value={kind}
                onValue={(v) => setKind(v as 'mandatory' | 'special')}
                groups={[
                  {
                    label: '',
                    options: [
                      { value: 'mandatory', label: m.t('mandatory') },
                      { value: 'special', label: m.t('special') },
                    ],
                  },
                ]}
              />
            )}
            {effectiveKind === 'special' && (
              <Select
                label={m.t('street')}
                name="streetId"
                value={effectiveStreet}
                onValue={setStreetId}
                placeholder={m.t('choose')}
                groups={[{ label: '', options: streets.map((st) => ({ value: st.id, label: st.name })) }]}
                error={fieldErrors(error)}
              />
            )}
            <Input
              label={m.t('themeTitle')}
              name="title"
              value={title}
              onValue={setTitle}
              maxLength={100}
              error={fieldErrors(error)}
            />
            <Input
              label={m.t('description')}
              name="description"
              value={description}
              onValue={setDescription}
              maxLength={2000}
              error={fieldErrors(error)}
            />
            <FormProblem error={fieldErrors(error)} placed={['streetId', 'title', 'description']} />
            <Button type="submit" block loading={busy} disabled={!title.trim()}>
              {m.t('publish')}
            </Button>
            <Button variant="secondary" block href="/organize">
              {common.t('back')}
            </Button>
          </form>
        </Card>
      )}
    </Page>
  );
}
