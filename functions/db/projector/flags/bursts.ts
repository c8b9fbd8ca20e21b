import type { FlagEvidence, FlagKind } from '../../../../shared/schemas/flags.js';
import { DAY, epochSeconds } from '../../../../shared/time.js';
import { addToWindow, raiseFlag, raisedWindows, readWindows } from '../../flags.js';
import { getCommunity } from '../../org.js';

/** One event a burst detector counts: when, and what the rule needs (encoded in the window's string set). */
export interface BurstEvent {
  t: number;
  /** The rest of the member string after `<t>|`: unique per event (it carries the event's own id). */
  rest: string;
}

/**
 * A rule "too many events of one subject within `spanMs`". Events are kept per subject in buckets of
 * `spanMs` (flagWindowKey); a window of `spanMs` containing a new event lies within the buckets next to
 * the event's, so the detector reads three buckets, never a range.
 */
export interface BurstRule {
  kind: FlagKind;
  spanMs: number;
  /** Whether the events of one window (time order) are a burst. */
  qualifies(window: BurstEvent[]): boolean;
  /** Where the flag belongs, who it is about, and what the reviewer sees. */
  describe(
    subject: string,
    window: BurstEvent[],
  ): { communityId: string; involved: string[]; evidence: FlagEvidence } | undefined;
}

const parse = (m: string): BurstEvent => {
  const i = m.indexOf('|');
  return { t: Number(m.slice(0, i)), rest: m.slice(i + 1) };
};

/**
 * Feeds a subject's new events (`<epoch ms>|<rest>` strings) to its buckets (window items) and raises a
 * flag for each burst found (raiseBursts).
 */
export async function detectBursts(rule: BurstRule, subject: string, members: string[]): Promise<number> {
  const byBucket = new Map<number, string[]>();
  for (const m of members) {
    const b = Math.floor(parse(m).t / rule.spanMs);
    byBucket.set(b, [...(byBucket.get(b) ?? []), m]);
  }
  const seen = new Map<number, string[]>();
  for (const [b, ms] of byBucket) {
    const ttl = epochSeconds((b + 2) * rule.spanMs + 2 * DAY);
    seen.set(b, await addToWindow(rule.kind, subject, b, ms, ttl));
  }
  const around = [...new Set([...byBucket.keys()].flatMap((b) => [b - 1, b + 1]))].filter((b) => !seen.has(b));
  for (const [b, ms] of await readWindows(rule.kind, subject, around)) seen.set(b, ms);
  const events = [...seen.values()]
    .flat()
    .map(parse)
    .sort((a, b) => a.t - b.t || a.rest.localeCompare(b.rest));
  return raiseBursts(rule, subject, burstsIn(rule, events));
}

/**
 * The bursts among `events` (time order): for each bucket, the first window of `spanMs` starting there
 * that qualifies — keyed by the bucket of its first event, which names the flag. `counts` limits it to
 * windows worth judging now (e.g. those holding an event just applied; the others were judged before).
 */
export function burstsIn(
  rule: BurstRule,
  events: BurstEvent[],
  counts: (window: BurstEvent[]) => boolean = () => true,
): Map<number, BurstEvent[]> {
  const bursts = new Map<number, BurstEvent[]>();
  for (let i = 0, j = 0; i < events.length; i++) {
    const start = events[i]!.t;
    while (j < events.length && events[j]!.t < start + rule.spanMs) j++;
    const b = Math.floor(start / rule.spanMs);
    const w = events.slice(i, j);
    if (!bursts.has(b) && counts(w) && rule.qualifies(w)) bursts.set(b, w);
  }
  return bursts;
}

/**
 * Raises a flag for each burst, once per (kind, subject, bucket of the burst's first event). A burst that
 * goes on from the bucket before an already flagged one is the same burst: it raises nothing more.
 */
export async function raiseBursts(
  rule: BurstRule,
  subject: string,
  bursts: Map<number, BurstEvent[]>,
): Promise<number> {
  if (bursts.size === 0) return 0;
  const ids = [...bursts.keys()];
  const raised = await raisedWindows(rule.kind, subject, [...new Set(ids.flatMap((b) => [b - 1, b]))].map(String));
  let n = 0;
  for (const b of ids.sort((x, y) => x - y)) {
    if (raised.has(String(b - 1)) || raised.has(String(b))) {
      raised.add(String(b));
      continue;
    }
    const window = bursts.get(b)!;
    const d = rule.describe(subject, window);
    if (!d) continue;
    const { streetId } = await getCommunity(d.communityId);
    if (await raiseFlag({ kind: rule.kind, subject, window: String(b), streetId, level: 'street', ...d })) n++;
    raised.add(String(b));
  }
  return n;
}
