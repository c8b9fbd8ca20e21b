import { render } from 'preact';
import { htmlLang, lang } from './i18n/index.js';
import { startOfflineCheckins } from './offline-checkins.js';
import { startPwa } from './pwa.js';
import { App } from './shell/App.js';
import { prefetchStartPage } from './pages/activities/upcoming.js';
import { dropEarlyReads } from './early-reads.js';
import { loadMe } from './session.js';
import { loadZone, warmFormatters } from './time.js';
import './styles.css';

/** Runs `fn` in a task after the browser has painted the next frame (a hidden tab paints none: at most 100 ms). */
function afterPaint(fn: () => void): void {
  let done = false;
  const run = () => {
    if (done) return;
    done = true;
    setTimeout(fn, 0);
  };
  requestAnimationFrame(run);
  setTimeout(run, 100);
}

/** Once the page has loaded: what the first screen does not need, leaving the slow link's connections to it. */
function afterLoad(fn: () => void): void {
  if (document.readyState === 'complete') setTimeout(fn, 0);
  else window.addEventListener('load', () => setTimeout(fn, 0), { once: true });
}

const path = window.location.pathname;
document.documentElement.lang = htmlLang[lang.get()];
// The profile first: every page waits for it to know who is looking, so it must not wait for the first paint.
void loadMe();
// Home's first screen (greeting, tiles) needs no other data: draw it first, then ask. A list page shows nothing
// useful without its data: ask first, draw the frame meanwhile, and build the date formatters while the answers
// travel (the first costs ~0.3 s on a slow phone) rather than after they came.
if (path !== '/') prefetchStartPage(path);
// The reads index.html's inline script started are taken by now (early-reads.ts); a guess nobody took must not
// answer a later ask of the same URL with an old answer.
dropEarlyReads();
render(<App />, document.getElementById('app')!);
// Scans kept offline upload when the app opens (and whenever the network comes back).
startOfflineCheckins();
afterPaint(() => {
  if (path === '/') prefetchStartPage(path);
  warmFormatters();
});
// The service worker (it then downloads the whole shell to precache it) and the zone: after the load, so they do
// not take the slow link or the CPU from the first screen.
afterLoad(() => {
  startPwa();
  void loadZone();
});
