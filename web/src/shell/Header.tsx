import { useEffect } from 'preact/hooks';
import { common } from '../i18n/common.js';
import { setLang, useLang } from '../i18n/index.js';
import { useStore } from '../store.js';
import { token } from '../token.js';
import { unread, watchUnread } from '../unread.js';
import { Icon } from '../ui/icons.js';
import { Link } from '../ui/Link.js';

/** The bell (消息) with the unread count, for people who are signed in. */
function InboxBell() {
  const n = useStore(unread);
  useEffect(() => watchUnread(), []);
  // The name is the link's own text, not an aria-label, so the number people see is part of what a screen
  // reader or voice control says (WCAG 2.5.3): "消息 3 条未读".
  return (
    <Link href="/me/notifications" class="inbox-bell" data-testid="inbox-bell">
      <Icon name="bell" size={22} />
      <span class="sr-only">{common.t('inbox')} </span>
      {n > 0 && (
        <span class="inbox-badge" data-testid="unread-count">
          {n > 99 ? '99+' : n}
        </span>
      )}
      {n > 0 && <span class="sr-only"> {common.t('inboxUnread')}</span>}
    </Link>
  );
}

/** The top bar: the app's name (home), the inbox and the language switch, reachable from every page. */
export function Header() {
  const language = useLang();
  const signedIn = !!useStore(token);
  return (
    <header class="app-header">
      <Link href="/" class="app-name">
        {common.t('appName')}
      </Link>
      <div class="header-tools">
        {signedIn && <InboxBell />}
        <button
          type="button"
          class="lang-switch"
          data-testid="lang-switch"
          onClick={() => setLang(language === 'zh' ? 'en' : 'zh')}
        >
          <Icon name="globe" size={22} />
          {/* The accessible name starts with the visible word (WCAG 2.5.3, label in name), so a person using
              voice control can say what they see; the rest says what the button does. */}
          <span lang={language === 'zh' ? 'en' : 'zh-CN'}>{common.t('switchLang')}</span>
          <span class="sr-only">{common.t('switchLangLabel')}</span>
        </button>
      </div>
    </header>
  );
}
