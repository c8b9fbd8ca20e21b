import { common } from '../i18n/common.js';
import { setLang, useLang } from '../i18n/index.js';
import { Icon } from '../ui/icons.js';
import { Link } from '../ui/Link.js';

/** The top bar: the app's name (home) and the language switch, reachable from every page. */
export function Header() {
  const language = useLang();
  return (
    <header class="app-header">
      <Link href="/" class="app-name">
        {common.t('appName')}
      </Link>
      <button
        type="button"
        class="lang-switch"
        data-testid="lang-switch"
        aria-label={common.t('switchLangLabel')}
        onClick={() => setLang(language === 'zh' ? 'en' : 'zh')}
      >
        <Icon name="globe" size={22} />
        <span lang={language === 'zh' ? 'en' : 'zh-CN'}>{common.t('switchLang')}</span>
      </button>
    </header>
  );
}
