import { useCallback, useEffect, useRef, useState } from 'preact/hooks';
import type { ApiError } from './api-error.js';

export interface Loaded<T> {
  data: T | undefined;
  error: ApiError | undefined;
  loading: boolean;
  /** Loads again (after a change, or from a retry button). */
  reload: () => void;
  /** Replaces the data locally (after a write answered with the new state). */
  setData: (data: T) => void;
}

/**
 * Loads data for a component: `const r = useApi(() => call(api.org.$get()), [])`.
 * Reloads when `deps` change; a late answer for old deps is dropped.
 */
export function useApi<T>(load: () => Promise<T>, deps: readonly unknown[]): Loaded<T> {
  const [data, setData] = useState<T | undefined>(undefined);
  const [error, setError] = useState<ApiError | undefined>(undefined);
  const [loading, setLoading] = useState(true);
  const [tick, setTick] = useState(0);
  const loadRef = useRef(load);
  loadRef.current = load;
  useEffect(() => {
    let live = true;
    setLoading(true);
    setError(undefined);
    loadRef.current().then(
      (d) => {
        if (!live) return;
        setData(d);
        setLoading(false);
      },
      (e: ApiError) => {
        if (!live) return;
        setError(e);
        setLoading(false);
      },
    );
    return () => {
      live = false;
    };
    // The deps are the caller's; `tick` is the reload button.
  }, [...deps, tick]);
  const reload = useCallback(() => setTick((n) => n + 1), []);
  return { data, error, loading, reload, setData };
}
