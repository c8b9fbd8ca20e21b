import { render } from 'preact';
import { htmlLang, lang } from './i18n/index.js';
import { startOfflineCheckins } from './offline-checkins.js';
import { startPwa } from './pwa.js';
import { App } from './shell/App.js';
import { loadZone } from './time.js';
import './styles.css';

document.documentElement.lang = htmlLang[lang.get()];
render(<App />, document.getElementById('app')!);
startPwa();
startOfflineCheckins();
void loadZone();
