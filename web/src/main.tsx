import { render } from 'preact';
import { htmlLang, lang } from './i18n/index.js';
import { startOfflineCheckins } from './offline-checkins.js';
import { startPwa } from './pwa.js';
import { App } from './shell/App.js';
import { prefetchStartPage } from './pages/activities/upcoming.js';
import { loadZone } from './time.js';
import './styles.css';

document.documentElement.lang = htmlLang[lang.get()];
prefetchStartPage(window.location.pathname);
render(<App />, document.getElementById('app')!);
startPwa();
startOfflineCheckins();
// The zone rarely changes and the last one is remembered: ask once the page has loaded, leaving the slow
// link's few connections to what the first screen needs.
if (document.readyState === 'complete') void loadZone();
else window.addEventListener('load', () => setTimeout(() => void loadZone(), 0), { once: true });
