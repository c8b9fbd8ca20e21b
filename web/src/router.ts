import { store, useStore } from './store.js';

/** Path parameters of a matched route: `/activities/:id` on `/activities/01J…` gives `{ id: '01J…' }`. */
export type Params = Record<string, string>;

export interface Compiled {
  pattern: string;
  re: RegExp;
  keys: string[];
}

const cache = new Map<string, Compiled>();

/**
 * Compiles a route pattern: literal segments, `:name` segments (one segment each) and an optional final `*`
 * (the rest of the path, as param `rest`). A trailing slash in the URL is ignored.
 */
export function compilePath(pattern: string): Compiled {
  const hit = cache.get(pattern);
  if (hit) return hit;
  const keys: string[] = [];
  const parts = pattern
    .split('/')
    .filter(Boolean)
    .map((seg, i, all) => {
      if (seg === '*' && i === all.length - 1) {
        keys.push('rest');
        return '(?:/(.*))?';
      }
      if (seg.startsWith(':')) {
        keys.push(seg.slice(1));
        return '/([^/]+)';
      }
      return `/${seg.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}`;
    });
  const compiled = { pattern, re: new RegExp(`^${parts.join('')}/?$`), keys };
  cache.set(pattern, compiled);
  return compiled;
}

/** The params when `pathname` matches `pattern`, else null. */
export function matchPath(pattern: string, pathname: string): Params | null {
  const { re, keys } = compilePath(pattern);
  const m = re.exec(pathname);
  if (!m) return null;
  const params: Params = {};
  keys.forEach((k, i) => {
    const raw = m[i + 1];
    if (raw === undefined) return;
    try {
      params[k] = decodeURIComponent(raw);
    } catch {
      params[k] = raw; // a malformed %-escape: keep it as typed
    }
  });
  return params;
}

/** The first route (in order) whose path matches. */
export function matchRoutes<R extends { path: string }>(
  routes: readonly R[],
  pathname: string,
): { route: R; params: Params } | null {
  for (const route of routes) {
    const params = matchPath(route.path, pathname);
    if (params) return { route, params };
  }
  return null;
}

/** Fills a pattern's `:params` (encoded) and appends a query string; empty query values are left out. */
export function buildPath(
  pattern: string,
  params: Params = {},
  query: Record<string, string | number | undefined> = {},
) {
  const path = pattern.replace(/:(\w+)/g, (_, k: string) => {
    const v = params[k];
    if (v === undefined) throw new Error(`buildPath: missing param ${k} for ${pattern}`);
    return encodeURIComponent(v);
  });
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(query)) if (v !== undefined && v !== '') q.set(k, String(v));
  const qs = q.toString();
  return qs ? `${path}?${qs}` : path;
}

export interface Loc {
  path: string;
  query: URLSearchParams;
  /** Path plus query, as to pass to `navigate` to come back here. */
  href: string;
}

/** Splits an in-app href into path and query. */
export function parseHref(href: string): Loc {
  const u = new URL(href, 'http://x');
  return { path: u.pathname, query: u.searchParams, href: u.pathname + u.search };
}

const here = (): Loc =>
  typeof window === 'undefined' ? parseHref('/') : parseHref(window.location.pathname + window.location.search);

/** The current location; components read it with `useLocation()`. */
export const location = store<Loc>(here());
export const useLocation = (): Loc => useStore(location);

/** Goes to an in-app path (with optional query) without reloading the page. */
export function navigate(to: string, opts: { replace?: boolean } = {}): void {
  const next = parseHref(to);
  if (next.href === location.get().href) return;
  if (opts.replace) history.replaceState(null, '', next.href);
  else history.pushState(null, '', next.href);
  location.set(next);
  window.scrollTo(0, 0);
}

/** Follows the browser's back and forward buttons. */
export function listenToHistory(): () => void {
  const onPop = () => location.set(here());
  window.addEventListener('popstate', onPop);
  return () => window.removeEventListener('popstate', onPop);
}
