import { common } from '../i18n/common.js';
import { useLocation } from '../router.js';
import { Icon } from '../ui/icons.js';
import { Link } from '../ui/Link.js';
import { activeNav, navItems } from './nav.js';

/** Icons with words under them, fixed at the bottom where thumbs reach. */
export function BottomNav() {
  const active = activeNav(useLocation().path);
  return (
    <nav class="bottom-nav" aria-label={common.t('appName')}>
      {navItems.map((n) => (
        <Link
          key={n.href}
          href={n.href}
          class={`nav-item${active === n.href ? ' nav-active' : ''}`}
          aria-current={active === n.href ? 'page' : undefined}
        >
          <Icon name={n.icon} />
          <span>{common.t(n.label)}</span>
        </Link>
      ))}
    </nav>
  );
}
