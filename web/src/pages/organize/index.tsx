import type { RoleName } from '../../../../shared/schemas/auth.js';
import { common } from '../../i18n/common.js';
import { messages } from '../../i18n/index.js';
import { hasRole, useSession } from '../../session.js';
import { Button, Empty, Icon, Link, Loading, Page, type IconName } from '../../ui/index.js';

const m = messages({
  zh: {
    rewards: '兑换核销',
    rewardsHint: '扫码发放礼品、上架和补货',
    liability: '积分负债',
    liabilityHint: '发放、兑换、退回和结余',
  },
  en: {
    rewards: 'Hand out gifts',
    rewardsHint: 'Scan pickups, offer and restock gifts',
    liability: 'Points liability',
    liabilityHint: 'Issued, redeemed, refunded, outstanding',
  },
});

type Key = Parameters<typeof m.t>[0];

/** The console's sections, one line per feature; each shows only to the roles that can use it. */
const sections: { href: string; icon: IconName; title: Key; hint: Key; roles: RoleName[] }[] = [
  // ==== rewards and redemption
  {
    href: '/organize/rewards',
    icon: 'scan',
    title: 'rewards',
    hint: 'rewardsHint',
    roles: ['admin', 'organizer', 'staff'],
  },
  {
    href: '/organize/liability',
    icon: 'chart',
    title: 'liability',
    hint: 'liabilityHint',
    roles: ['admin', 'organizer'],
  },
];

/** 管理: the organiser console's entry, a big tile per section the person may use. */
export default function Organize() {
  const s = useSession();
  if (s.status !== 'ready') return <Loading />;
  const mine = sections.filter((x) => hasRole(s.me, x.roles));
  return (
    <Page title={common.t('navOrganize')}>
      {mine.length === 0 ? (
        <Empty title={common.t('comingSoon')} hint={common.t('comingSoonHint')} icon="tools">
          <Button variant="secondary" href="/">
            {common.t('goHome')}
          </Button>
        </Empty>
      ) : (
        <div class="tiles" data-testid="organize-sections">
          {mine.map((x) => (
            <Link key={x.href} href={x.href} class="tile">
              <Icon name={x.icon} size={40} />
              <span class="tile-title">{m.t(x.title)}</span>
              <span class="tile-hint">{m.t(x.hint)}</span>
            </Link>
          ))}
        </div>
      )}
    </Page>
  );
}
