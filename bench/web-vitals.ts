import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, request, type Browser, type Page } from 'playwright-core';
import { demoPhone } from '../functions/local/seed/people.js';
import { startLocal, type LocalStack } from '../functions/local/server.js';
import { median, progress, type Row } from './report.js';

/**
 * Section "web vitals" (issue 14): how a first visit to home and activities feels on a slow phone. Chromium
 * with DevTools' "Fast 3G" (562.5 ms RTT, 1.44 Mbit/s down, 675 kbit/s up) and a 4× CPU slowdown, set through
 * CDP (Network.emulateNetworkConditions, Emulation.setCPUThrottlingRate), a 390×844 phone, an empty cache and
 * no service worker yet. LCP and CLS come from a PerformanceObserver in the page; the API calls the page made
 * are counted to catch a request made twice. Median of RUNS fresh loads per page.
 *
 * Served over HTTPS with HTTP/2, as CloudFront serves the web and /api in production (HttpVersion.HTTP2_AND_3 in
 * infra/constructs/web-site.ts; a self-signed certificate made with openssl for the run): a page's reads share one
 * connection. The same loads over HTTP/1.1 (Chromium's --disable-http2: six connections, the rest queue a round
 * trip) are shown beside them for information — what an older proxy in front of the app would give.
 */
const RUNS = 3;
const LCP_TARGET_MS = 2500;
const CLS_TARGET = 0.1;
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

const FAST_3G = {
  offline: false,
  latency: 562.5,
  downloadThroughput: (1.6 * 1_000_000 * 0.9) / 8,
  uploadThroughput: (750 * 1000 * 0.9) / 8,
};

/** Collects LCP and CLS (the largest session window: gaps < 1 s, windows ≤ 5 s, as web-vitals counts it). */
const OBSERVER = `
  window.__vitals = { lcp: 0, cls: 0, lcpEl: '' };
  new PerformanceObserver((list) => {
    for (const e of list.getEntries()) {
      window.__vitals.lcp = e.startTime;
      const el = e.element;
      window.__vitals.lcpEl = el ? el.tagName.toLowerCase() + (el.className ? '.' + String(el.className).split(' ')[0] : '') : '';
    }
  }).observe({ type: 'largest-contentful-paint', buffered: true });
  let session = 0, first = 0, last = 0;
  new PerformanceObserver((list) => {
    for (const e of list.getEntries()) {
      if (e.hadRecentInput) continue;
      if (session && e.startTime - last < 1000 && e.startTime - first < 5000) session += e.value;
      else { session = e.value; first = e.startTime; }
      last = e.startTime;
      window.__vitals.cls = Math.max(window.__vitals.cls, session);
    }
  }).observe({ type: 'layout-shift', buffered: true });
`;

interface Load {
  lcp: number;
  cls: number;
  lcpEl: string;
  apiCalls: string[];
}

/** What a signed-in resident's browser holds from earlier visits: the token and the community the app remembered. */
interface Returning {
  token: string;
  communityId: string | null;
}

async function signIn(base: string, phone: string): Promise<Returning> {
  const http = await request.newContext({ baseURL: base, ignoreHTTPSErrors: true });
  try {
    await http.post('/api/auth/otp', { data: { phone } });
    const outbox = (await (await http.get(`/api/dev/outbox?phone=${phone}`)).json()) as { items: { code: string }[] };
    const res = await http.post('/api/auth/token', { data: { phone, code: outbox.items[0]!.code } });
    const body = (await res.json()) as { token: string; user: { communityId: string | null } };
    return { token: body.token, communityId: body.user.communityId };
  } finally {
    await http.dispose();
  }
}

/** A throwaway certificate for 127.0.0.1 (openssl, a P-256 key, one day): the bench's stack serves HTTPS + HTTP/2. */
function selfSignedCert(): { dir: string; cert: string; key: string } {
  const dir = mkdtempSync(join(tmpdir(), 'bench-tls-'));
  const cert = join(dir, 'cert.pem');
  const key = join(dir, 'key.pem');
  execFileSync(
    'openssl',
    [
      'req',
      '-x509',
      '-newkey',
      'ec',
      '-pkeyopt',
      'ec_paramgen_curve:prime256v1',
      '-nodes',
      '-keyout',
      key,
      '-out',
      cert,
      '-days',
      '1',
      '-subj',
      '/CN=127.0.0.1',
      '-addext',
      'subjectAltName=IP:127.0.0.1',
    ],
    { stdio: 'ignore' },
  );
  return { dir, cert, key };
}

/** The protocols the pages are loaded over; the first is production's and carries the targets. */
const PROTOCOLS = [
  { label: 'HTTP/2', args: [] as string[], targets: true },
  { label: 'HTTP/1.1', args: ['--disable-http2'], targets: false },
];

async function loadOnce(browser: Browser, base: string, path: string, who: Returning | null): Promise<Load> {
  const context = await browser.newContext({
    viewport: { width: 390, height: 844 },
    deviceScaleFactor: 2,
    isMobile: true,
    hasTouch: true,
    locale: 'zh-CN',
    timezoneId: 'Asia/Shanghai',
    serviceWorkers: 'block', // a first visit: nothing installed yet
    ignoreHTTPSErrors: true, // the run's self-signed certificate
  });
  const page: Page = await context.newPage();
  if (who)
    await page.addInitScript((w) => {
      localStorage.setItem('cp.token', w.token);
      if (w.communityId) localStorage.setItem('cp.communityId', w.communityId);
    }, who);
  await page.addInitScript(OBSERVER);
  const apiCalls: string[] = [];
  page.on('request', (r) => {
    const u = new URL(r.url());
    if (u.pathname.startsWith('/api/')) apiCalls.push(`${r.method()} ${u.pathname}${u.search}`);
  });
  const cdp = await context.newCDPSession(page);
  await cdp.send('Network.enable');
  await cdp.send('Network.setCacheDisabled', { cacheDisabled: true });
  await cdp.send('Network.emulateNetworkConditions', FAST_3G);
  await cdp.send('Emulation.setCPUThrottlingRate', { rate: 4 });
  await page.goto(base + path, { waitUntil: 'load', timeout: 120_000 });
  await page.waitForLoadState('networkidle', { timeout: 120_000 });
  // Late shifts (an image, a font) still count: give the page a moment after the network is quiet.
  await page.waitForTimeout(1500);
  const v = (await page.evaluate('window.__vitals')) as { lcp: number; cls: number; lcpEl: string };
  await context.close();
  return { ...v, apiCalls };
}

const duplicates = (calls: string[]): string[] => [
  ...new Set(calls.filter((c, i) => calls.indexOf(c) !== i && !c.startsWith('POST')).map((c) => c)),
];

export async function benchWebVitals(): Promise<Row[]> {
  progress('starting a stack with the built web and part of the demo city (SEED=base,volunteer), HTTPS + HTTP/2');
  const tls = selfSignedCert();
  const stack: LocalStack = await startLocal(
    {
      ...process.env,
      APP_ENV: 'local',
      IN_MEMORY: '1',
      SEED: 'base,volunteer',
      PORT: '0',
      HOST: '127.0.0.1',
      TABLE_NAME: 'bench-web',
      LOG_LEVEL: 'silent',
      WEB_ROOT: 'web/dist',
      TLS_CERT_FILE: tls.cert,
      TLS_KEY_FILE: tls.key,
    },
    () => {},
  );
  const base = stack.url.replace('localhost', '127.0.0.1');
  const rows: Row[] = [];
  try {
    const resident = await signIn(base, demoPhone(6));
    const cases: [string, string, Returning | null][] = [
      ['home, signed out', '/', null],
      ['home, a resident', '/', resident],
      ['activities, signed out', '/activities', null],
      ['activities, a resident', '/activities', resident],
    ];
    for (const protocol of PROTOCOLS) {
      const browser = await chromium.launch({
        executablePath: CHROMIUM,
        headless: true,
        args: [
          '--no-sandbox',
          '--disable-gpu',
          '--disable-quic',
          '--no-first-run',
          '--disable-background-networking',
          ...protocol.args,
        ],
      });
      try {
        for (const [page, path, who] of cases) {
          const name = `${page} (${protocol.label})`;
          const loads: Load[] = [];
          for (let i = 0; i < RUNS; i++) loads.push(await loadOnce(browser, base, path, who));
          const lcp = median(loads.map((l) => l.lcp));
          const cls = median(loads.map((l) => l.cls));
          const dup = duplicates(loads[0]!.apiCalls);
          progress(
            `${name}: LCP ${loads.map((l) => l.lcp.toFixed(0)).join('/')} ms (${loads[0]!.lcpEl}), CLS ${loads.map((l) => l.cls.toFixed(3)).join('/')}, API ${loads[0]!.apiCalls.join(', ')}`,
          );
          const section = 'Web on a slow phone';
          const how = `Fast 3G + 4× CPU, cold cache, median of ${RUNS}`;
          const target = (t: string, ok: boolean) =>
            protocol.targets ? { target: t, ok } : { target: 'information (production serves HTTP/2)', ok: null };
          rows.push(
            {
              section,
              metric: `${name}: LCP (${how}; LCP element ${loads[0]!.lcpEl || '?'})`,
              value: `${(lcp / 1000).toFixed(2)} s (runs ${loads.map((l) => (l.lcp / 1000).toFixed(2)).join(', ')})`,
              ...target(`≤ ${LCP_TARGET_MS / 1000} s`, lcp <= LCP_TARGET_MS),
              ...(path === '/' && who === null && protocol.targets
                ? { readme: { label: 'home LCP, Fast 3G + 4× CPU', value: `${(lcp / 1000).toFixed(2)} s` } }
                : {}),
            },
            {
              section,
              metric: `${name}: CLS`,
              value: `${cls.toFixed(3)} (runs ${loads.map((l) => l.cls.toFixed(3)).join(', ')})`,
              ...target(`< ${CLS_TARGET}`, cls < CLS_TARGET),
            },
            {
              section,
              metric: `${name}: API calls of the load, the same GET twice`,
              value: `${loads[0]!.apiCalls.length} calls; ${dup.length ? `twice: ${dup.join(', ')}` : 'none twice'}`,
              ...target('none twice', dup.length === 0),
            },
          );
        }
      } finally {
        await browser.close();
      }
    }
  } finally {
    await stack.stop();
    rmSync(tls.dir, { recursive: true, force: true });
  }
  return rows;
}
