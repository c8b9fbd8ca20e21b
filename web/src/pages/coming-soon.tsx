import { common } from '../i18n/common.js';
import { activeNav, navItems } from '../shell/nav.js';
import { useLocation } from '../router.js';
import { Button, Empty, Page } from '../ui/index.js';

/** 即将上线: a section whose feature has not landed yet. The title follows the bottom-nav item. */
export default function ComingSoon() {
  const path = useLocation().path;
  const item = navItems.find((n) => n.href === activeNav(path));
  const title = item ? common.t(item.label) : path === '/organize' ? common.t('navOrganize') : common.t('comingSoon');
  return (
    <Page title={title}>
      <Empty title={common.t('comingSoon')} hint={common.t('comingSoonHint')} icon={item?.icon ?? 'tools'}>
        <Button variant="secondary" href="/">
          {common.t('goHome')}
        </Button>
      </Empty>
    </Page>
  );
}
