import { useEffect, useRef, useState } from 'preact/hooks';
import type { ApiError } from '../../api-error.js';

/** A list read page by page (`{items, nextCursor}`), with 加载更多. */
export interface Paged<T> {
  items: T[];
  error: ApiError | undefined;
  /** True until the first page is in (and while a next page loads). */
  loading: boolean;
  /** There is a next page: `more()` loads it. */
  hasMore: boolean;
  more: () => void;
  /** Starts again from the first page (after a change). */
  reload: () => void;
}

/** Loads the first page when `deps` change; `more()` appends the next. A late answer for old deps is dropped. */
export function usePaged<T>(
  load: (cursor: string | undefined) => Promise<{ items: T[]; nextCursor: string | null }>,
  deps: readonly unknown[],
): Paged<T> {
  const [items, setItems] = useState<T[]>([]);
  const [cursor, setCursor] = useState<string | null>(null);
  const [error, setError] = useState<ApiError | undefined>();
  const [loading, setLoading] = useState(true);
  const [tick, setTick] = useState(0);
  const generation = useRef(0);
  const lastTick = useRef(tick);
  const loadRef = useRef(load);
  loadRef.current = load;

  const fetchPage = (after: string | undefined, gen: number) => {
    setLoading(true);
    setError(undefined);
    loadRef.current(after).then(
      (page) => {
        if (gen !== generation.current) return;
        setItems((old) => (after ? [...old, ...page.items] : page.items));
        setCursor(page.nextCursor);
        setLoading(false);
      },
      (e: ApiError) => {
        if (gen !== generation.current) return;
        setError(e);
        setLoading(false);
      },
    );
  };

  useEffect(() => {
    const gen = ++generation.current;
    // Other deps (another tab): forget the old list at once; a reload keeps it on screen until the answer.
    if (lastTick.current === tick) setItems([]);
    lastTick.current = tick;
    fetchPage(undefined, gen);
    // The deps are the caller's; `tick` is reload().
  }, [...deps, tick]);

  return {
    items,
    error,
    loading,
    hasMore: !!cursor,
    more: () => {
      if (cursor && !loading) fetchPage(cursor, generation.current);
    },
    reload: () => setTick((n) => n + 1),
  };
}
