import { useEffect, useState } from 'preact/hooks';
import { matchRoutes, navigate, useLocation, type Params } from '../router.js';
import { routes, type PageModule, type RouteDef } from '../routes.js';
import { useSession } from '../session.js';
import { networkError } from '../api-error.js';
import { guard } from './guard.js';
import { ErrorNotice, Loading } from '../ui/Loading.js';
import { ErrorBoundary } from './ErrorBoundary.js';
import { Forbidden, NotFound } from './StatusPages.js';

const loaded = new Map<RouteDef, PageModule>();

function LazyPage({ route, params, query }: { route: RouteDef; params: Params; query: URLSearchParams }) {
  const [mod, setMod] = useState<PageModule | undefined>(loaded.get(route) ?? route.module);
  const [error, setError] = useState<unknown>(undefined);
  const [attempt, setAttempt] = useState(0);
  useEffect(() => {
    if (mod) return;
    let live = true;
    route.load().then(
      (m) => {
        loaded.set(route, m);
        if (live) setMod(m);
      },
      (e: unknown) => live && setError(e),
    );
    return () => {
      live = false;
    };
  }, [route, attempt]);
  if (mod) return <mod.default params={params} query={query} />;
  // A chunk that failed to download (the network dropped): offer to try again.
  if (error !== undefined)
    return (
      <ErrorNotice
        error={networkError(error)}
        onRetry={() => {
          setError(undefined);
          setAttempt((n) => n + 1);
        }}
      />
    );
  return <Loading />;
}

/** The page for the current URL, behind its guard, inside an error boundary. */
export function RouteView() {
  const loc = useLocation();
  const s = useSession();
  const hit = matchRoutes(routes, loc.path);
  const verdict = hit ? guard(hit.route, s) : 'ok';
  useEffect(() => {
    if (verdict === 'sign-in') navigate(`/signin?next=${encodeURIComponent(loc.href)}`, { replace: true });
  }, [verdict, loc.href]);
  if (!hit) return <NotFound />;
  if (verdict === 'sign-in' || verdict === 'wait') return <Loading />;
  if (verdict === 'forbidden') return <Forbidden />;
  if (verdict === 'error' && s.status === 'error')
    return <ErrorNotice error={s.error} onRetry={() => window.location.reload()} />;
  return (
    <ErrorBoundary key={hit.route.path}>
      <LazyPage key={hit.route.path} route={hit.route} params={hit.params} query={loc.query} />
    </ErrorBoundary>
  );
}
