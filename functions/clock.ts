/**
 * The server's one clock. Every rule that reads the time asks `now()`, so tests (and the local test stack) can move
 * time instead of waiting for it. In the cloud nothing moves it: it is `Date.now()`.
 */
let offsetMs = 0;
let frozenAt: number | undefined;

/** Milliseconds since the epoch, as the platform sees them. */
export const now = (): number => frozenAt ?? Date.now() + offsetMs;
/** `now()` as a Date. */
export const nowDate = (): Date => new Date(now());
/** `now()` as ISO 8601 UTC. */
export const nowIso = (): string => new Date(now()).toISOString();

/** Tests: move the clock forward (or back) by `ms`; a frozen clock moves with it. */
export function advanceClock(ms: number): void {
  if (frozenAt !== undefined) frozenAt += ms;
  else offsetMs += ms;
}
/** Tests: let the clock run from `at` on (`freeze` stops it there). */
export function setClock(at: number | Date | string, opts: { freeze?: boolean } = {}): void {
  const t = new Date(at).getTime();
  if (opts.freeze) {
    frozenAt = t;
  } else {
    frozenAt = undefined;
    offsetMs = t - Date.now();
  }
}
/** Tests: back to the real time (and real waits). */
export function resetClock(): void {
  offsetMs = 0;
  frozenAt = undefined;
  virtualWaits = false;
}

let virtualWaits = false;
/**
 * Waits `ms` by this clock: a real timer, except in a test that switched on virtual waits, where the clock
 * moves by `ms` instead. So a rule that waits on the clock (a confirm waiting out another's lease) is tested
 * without sleeping, and its deadlines and the leases it waits for are read from the same clock.
 */
export async function wait(ms: number): Promise<void> {
  if (!virtualWaits) return new Promise((r) => setTimeout(r, ms));
  advanceClock(ms);
  await new Promise((r) => setImmediate(r));
}
/** Tests: `wait` moves the clock instead of sleeping (until `resetClock`). */
export function useVirtualWaits(on = true): void {
  virtualWaits = on;
}
