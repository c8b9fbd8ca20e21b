import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';

/**
 * index.html's inline script (web/src/early-reads.ts) must ask for exactly what the activities page's own code
 * asks for — same URLs, same Authorization and Accept-Language — or the app would ask again (the web bench counts
 * a GET made twice). Both run here against one fake browser: no DOM, just the globals they touch.
 */
interface Asked {
  url: string;
  auth: string | null;
  lang: string | null;
}

let asked: Asked[];
let storage: Map<string, string>;

function fakeBrowser(entries: [string, string][]) {
  storage = new Map(entries);
  asked = [];
  const fetch = vi.fn(async (input: RequestInfo | URL, init?: RequestInit) => {
    const h = new Headers(init?.headers);
    asked.push({ url: String(input), auth: h.get('authorization'), lang: h.get('accept-language') });
    return new Response('{"items":[]}', { status: 200, headers: { 'content-type': 'application/json' } });
  });
  const localStorage = {
    getItem: (k: string) => storage.get(k) ?? null,
    setItem: (k: string, v: string) => void storage.set(k, v),
    removeItem: (k: string) => void storage.delete(k),
  };
  const win = { location: { pathname: '/activities', search: '', origin: 'http://localhost' }, localStorage, fetch };
  vi.stubGlobal('localStorage', localStorage);
  vi.stubGlobal('fetch', fetch);
  vi.stubGlobal('window', win);
  return win as unknown as Window & typeof globalThis;
}

/** What the app asks on opening /activities: main.tsx's profile read and the start page's prefetch. */
async function appOpensActivities(): Promise<void> {
  const { loadMe } = await import('../../../web/src/session.js');
  const { prefetchStartPage } = await import('../../../web/src/pages/activities/upcoming.js');
  void loadMe();
  prefetchStartPage('/activities');
  await new Promise((r) => setTimeout(r, 0));
}

const key = (a: Asked) => `${a.url} ${a.auth ?? ''} ${a.lang}`;
const RESIDENT: [string, string][] = [
  ['cp.token', 'tok.en.x'],
  ['cp.communityId', '01KDVDNA0025ZYHZGG836X0W42'],
];

beforeEach(() => vi.resetModules());
afterEach(() => vi.unstubAllGlobals());

describe('the early reads of index.html', () => {
  for (const [who, entries] of [
    ['signed out', []],
    ['a returning resident', RESIDENT],
    ['a resident reading English', [...RESIDENT, ['cp.lang', 'en']]],
  ] as [string, [string, string][]][]) {
    it(`ask exactly what the activities page asks, ${who}`, async () => {
      const win = fakeBrowser(entries);
      const { startEarlyReads, dropEarlyReads } = await import('../../../web/src/early-reads.js');
      startEarlyReads(win);
      const early = asked.map(key).sort();
      dropEarlyReads();
      asked = [];
      await appOpensActivities();
      expect(early).toEqual(asked.map(key).sort());
      expect(early.length).toBeGreaterThanOrEqual(entries.length ? 7 : 5);
    });
  }

  it('are taken by the app, which then asks for nothing itself', async () => {
    const win = fakeBrowser(RESIDENT);
    const { startEarlyReads } = await import('../../../web/src/early-reads.js');
    startEarlyReads(win);
    const early = asked.length;
    await appOpensActivities();
    expect(asked).toHaveLength(early);
  });

  it('are not taken when asked as someone else, and only once', async () => {
    const win = fakeBrowser(RESIDENT);
    const { startEarlyReads, takeEarlyRead } = await import('../../../web/src/early-reads.js');
    startEarlyReads(win);
    const url = 'http://localhost/api/org';
    expect(takeEarlyRead(url, 'Bearer other', 'zh-CN')).toBeUndefined();
    expect(takeEarlyRead(url, 'Bearer tok.en.x', 'zh-CN')).toBeUndefined(); // the mismatch dropped it
    expect(takeEarlyRead('http://localhost/api/me', 'Bearer tok.en.x', 'zh-CN')).toBeInstanceOf(Promise);
    expect(takeEarlyRead('http://localhost/api/me', 'Bearer tok.en.x', 'zh-CN')).toBeUndefined();
  });

  it('start nothing on other pages', async () => {
    const win = fakeBrowser(RESIDENT);
    win.location.pathname = '/rewards';
    const { startEarlyReads } = await import('../../../web/src/early-reads.js');
    startEarlyReads(win);
    expect(asked).toEqual([]);
  });
});
