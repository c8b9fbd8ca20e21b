import type { PersonBoards } from '../../person-boards.js';
import type { SourceEvent } from '../source.js';
import { burstsIn, raiseBursts, type BurstEvent, type BurstRule } from './bursts.js';
import { inBatches } from './records.js';

const MIN = 60_000;
/** Drops of one card within 10 minutes above which it is flagged (API.md: "> 10 drops in 10 min"). */
export const CARD_BURST_DROPS = 10;
export const CARD_BURST_SPAN_MS = 10 * MIN;
/**
 * How far behind the person's newest drop their totals item keeps a card's drops. The rule looks 10 min
 * around a drop, so a drop applied up to 10 min (scan time) behind the newest one still finds every
 * neighbour: bins upload every 5 min (SCALE.md), so two bins' uploads interleave within that.
 */
export const CARD_MARKS_KEEP_MS = 2 * CARD_BURST_SPAN_MS;
/** Drops kept per card at most: two full bursts. Bounds the item when a card is abused (flagged anyway). */
export const CARD_MARKS_PER_CARD = 2 * (CARD_BURST_DROPS + 1);

// Window members: `<communityId>|<binId>|<userId>|<index of the mark>`.
const cardParts = (e: BurstEvent) => {
  const [communityId, binId, userId] = e.rest.split('|') as [string, string, string];
  return { communityId, binId, userId };
};

/** `card-burst`: one card with > 10 drops in 10 min, or at bins of two communities within 10 min. */
export const cardBurst: BurstRule = {
  kind: 'card-burst',
  spanMs: CARD_BURST_SPAN_MS,
  qualifies: (w) => w.length > CARD_BURST_DROPS || new Set(w.map((e) => cardParts(e).communityId)).size > 1,
  describe(subject, w) {
    const parts = w.map(cardParts);
    const communities = [...new Set(parts.map((p) => p.communityId))];
    return {
      communityId: parts[0]!.communityId,
      involved: [...new Set(parts.map((p) => p.userId))],
      evidence: {
        cardNo: subject.slice('card:'.length),
        drops: w.length,
        communities,
        bins: [...new Set(parts.map((p) => p.binId))],
        from: new Date(w[0]!.t).toISOString(),
        to: new Date(w[w.length - 1]!.t).toISOString(),
      },
    };
  },
};

/**
 * The drops of a garbage day event (`src.marks`: `<ms>|<cardNo>`, garbage-credit.ts `scanMarks`) as the
 * person's totals item keeps them: [cardNo, `<ms base 36>|<bin community>|<bin>`].
 */
export function cardMarksOf(e: SourceEvent): [string, string][] {
  if (e.kind !== 'garbage-day' || !Array.isArray(e.src.marks)) return [];
  const where = `${e.src.binCommunityId as string}|${e.src.binId as string}`;
  return (e.src.marks as string[]).map((m) => {
    const [ms, cardNo] = m.split('|') as [string, string];
    return [cardNo, `${Number(ms).toString(36)}|${where}`];
  });
}

export const markTime = (m: string): number => parseInt(m.slice(0, m.indexOf('|')), 36);

/**
 * Keeps what the rule can still need: each card's drops (time order) no older than CARD_MARKS_KEEP_MS
 * before the person's newest drop, at most CARD_MARKS_PER_CARD of them; cards left without drops go.
 */
export function pruneCardMarks(cm: Record<string, string[]>): void {
  const newest = Math.max(...Object.values(cm).flatMap((ms) => ms.map(markTime)));
  for (const [card, ms] of Object.entries(cm)) {
    const kept = ms
      .map((m, i) => ({ m, t: markTime(m), i }))
      .sort((a, b) => a.t - b.t || a.i - b.i)
      .filter((x) => x.t >= newest - CARD_MARKS_KEEP_MS)
      .slice(-CARD_MARKS_PER_CARD)
      .map((x) => x.m);
    if (kept.length > 0) cm[card] = kept;
    else delete cm[card];
  }
}

/**
 * `card-burst`, judged from the persons' totals items after the projector's transactions committed:
 * for each card with drops in this batch that the totals hold (so they really were applied — new now or
 * by an earlier delivery of the same records), the windows holding one of those drops. Raised once per
 * (card, bucket of the burst's first drop) by raiseFlag's once-guard, so a replayed batch, or a retry of
 * one whose consumer died between its commit and here, raises each burst exactly once.
 * Known limit: a card rebound to another person mid-window has its drops in two totals items, judged apart.
 */
export async function cardBurstFlags(events: SourceEvent[], latest: Map<string, PersonBoards>): Promise<number> {
  const byCard: { userId: string; cardNo: string; kept: string[]; fresh: Set<string> }[] = [];
  const byUser = new Map<string, Map<string, Set<string>>>();
  for (const e of events) {
    for (const [cardNo, m] of cardMarksOf(e)) {
      if (!byUser.has(e.userId)) byUser.set(e.userId, new Map());
      const cards = byUser.get(e.userId)!;
      cards.set(cardNo, (cards.get(cardNo) ?? new Set()).add(m));
    }
  }
  for (const [userId, cards] of byUser) {
    const person = latest.get(userId);
    for (const [cardNo, ms] of cards) {
      const kept = person?.cm[cardNo] ?? [];
      const fresh = new Set([...ms].filter((m) => kept.includes(m)));
      if (fresh.size > 0) byCard.push({ userId, cardNo, kept, fresh });
    }
  }
  let n = 0;
  await inBatches(byCard, 8, async ({ userId, cardNo, kept, fresh }) => {
    const events = kept
      .map((m, i) => {
        const [, communityId, binId] = m.split('|') as [string, string, string];
        return { t: markTime(m), rest: `${communityId}|${binId}|${userId}|${i}`, fresh: fresh.has(m) };
      })
      .sort((a, b) => a.t - b.t);
    const isFresh = new Set(events.filter((e) => e.fresh).map((e) => e.rest));
    const bursts = burstsIn(cardBurst, events, (w) => w.some((e) => isFresh.has(e.rest)));
    n += await raiseBursts(cardBurst, `card:${cardNo}`, bursts);
  });
  return n;
}
