/**
 * A value the server keeps in memory for `ttlMs` (the org, a bin), as the bare side mirrors it: read when
 * missing or expired, and callers that find it expired together share one read — as functions/db does.
 */
export function bareCache(ttlMs: number) {
  const at = new Map<string, number>();
  const reading = new Map<string, Promise<unknown>>();
  return (key: string, read: () => Promise<unknown>): Promise<unknown> | undefined => {
    if (Date.now() - (at.get(key) ?? 0) < ttlMs) return undefined;
    let r = reading.get(key);
    if (!r) {
      r = read().then((v) => {
        at.set(key, Date.now());
        reading.delete(key);
        return v;
      });
      reading.set(key, r);
    }
    return r;
  };
}
