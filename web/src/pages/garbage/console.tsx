import type { ComponentChildren } from 'preact';
import { useEffect } from 'preact/hooks';
import { api, call } from '../../api.js';
import { messages } from '../../i18n/index.js';
import { buildPath, navigate, useLocation } from '../../router.js';
import { useSession } from '../../session.js';
import { useApi } from '../../use-api.js';
import { Empty, Link, Loading, Select } from '../../ui/index.js';
import { manageableCommunities } from './labels.js';

const m = messages({
  zh: {
    cards: '积分卡',
    bins: '桶站',
    stats: '分类统计',
    community: '社区',
    noCommunity: '您没有可管理的社区',
    noCommunityHint: '请联系街道或区管理员为您开通。',
  },
  en: {
    cards: 'Cards',
    bins: 'Bins',
    stats: 'Statistics',
    community: 'Community',
    noCommunity: 'You run no community',
    noCommunityHint: 'Ask your street or district admin to grant you a role.',
  },
});

const sections = [
  { path: '/organize/cards', label: 'cards' },
  { path: '/organize/bins', label: 'bins' },
  { path: '/organize/garbage', label: 'stats' },
] as const;

/**
 * The garbage-sorting part of the organiser console: its three screens and the community they act on
 * (`?community=`; the first the person runs when not given). Renders the screen with that community.
 */
export function ConsoleFrame(props: { children: (communityId: string) => ComponentChildren }) {
  const here = useLocation();
  const s = useSession();
  const org = useApi(() => call(api.org.$get()), []);
  const me = s.status === 'ready' ? s.me : undefined;
  const mine = manageableCommunities(me, org.data);
  const asked = here.query.get('community');
  const current = mine.find((c) => c.id === asked)?.id ?? mine[0]?.id;
  useEffect(() => {
    if (current && asked !== current) {
      navigate(buildPath(here.path, {}, { ...Object.fromEntries(here.query), community: current }), { replace: true });
    }
  }, [current, asked, here.path]);
  if (!me || !org.data) return <Loading />;
  if (!current) return <Empty title={m.t('noCommunity')} hint={m.t('noCommunityHint')} />;
  return (
    <>
      <nav class="console-nav" aria-label={m.t('community')}>
        {sections.map((x) => (
          <Link
            key={x.path}
            href={buildPath(x.path, {}, { community: current })}
            aria-current={here.path === x.path ? 'page' : undefined}
          >
            {m.t(x.label)}
          </Link>
        ))}
      </nav>
      {mine.length > 1 && (
        <Select
          label={m.t('community')}
          name="community"
          value={current}
          onValue={(id) =>
            navigate(buildPath(here.path, {}, { ...Object.fromEntries(here.query), community: id }), { replace: true })
          }
          groups={[{ label: m.t('community'), options: mine.map((c) => ({ value: c.id, label: c.name })) }]}
        />
      )}
      {props.children(current)}
    </>
  );
}
