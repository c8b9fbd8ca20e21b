import { useEffect, useRef, useState } from 'preact/hooks';

/** A tiny observable value: the shell's state (language, location, session, toasts) lives in these. */
export interface Store<T> {
  get(): T;
  set(value: T): void;
  subscribe(listener: (value: T) => void): () => void;
}

export function store<T>(initial: T): Store<T> {
  let value = initial;
  const listeners = new Set<(value: T) => void>();
  return {
    get: () => value,
    set(next) {
      if (Object.is(next, value)) return;
      value = next;
      for (const l of [...listeners]) l(value);
    },
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
}

/** Re-renders the component whenever the store changes. */
export function useStore<T>(s: Store<T>): T {
  const value = s.get();
  const [, setTick] = useState(0);
  const rendered = useRef(value);
  rendered.current = value;
  useEffect(() => {
    const unsubscribe = s.subscribe(() => setTick((n) => n + 1));
    // A change between render and subscribe (an earlier sibling's effect navigated) would be missed otherwise.
    if (!Object.is(s.get(), rendered.current)) setTick((n) => n + 1);
    return unsubscribe;
  }, [s]);
  return value;
}
