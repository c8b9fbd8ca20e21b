import { garbageBinStatKey, garbageDayStatKey, garbageMonthStatKey } from '../../../../shared/db/keys.js';
import { DAY } from '../../../../shared/time.js';
import { STALE_AFTER_MS } from '../../../services/garbage.js';
import type { Projection } from '../projection.js';
import type { ProjectionWrite } from '../write.js';

/**
 * Days of participation a person's totals item remembers per bin community: a scan older than
 * STALE_AFTER_MS is refused, so no day item can arrive for a day further back than that (a day of margin
 * for time zones).
 */
const KEEP_DAYS = Math.ceil(STALE_AFTER_MS / DAY) + 2;
/** Months remembered: the current one and the one a stale-window scan may still belong to, and one more. */
const KEEP_MONTHS = 3;

/** Adds `x` to a remembered list unless there; true when it was new. Keeps the `keep` latest. */
function remember(lists: Record<string, string[]>, key: string, x: string, keep: number): boolean {
  const list = lists[key] ?? [];
  if (list.includes(x)) return false;
  lists[key] = [...list, x].sort().slice(-keep);
  return true;
}

/**
 * Garbage statistics of the BIN's community (issue 4): day, month and bin counters, and distinct
 * participants — the first day item of a (community, day) or (community, month) for a person adds 1 to
 * `participants`; the person's totals item remembers which it has counted (written in the same
 * transaction as the counters, under the projector's guard). Source: the garbage day shares the credit
 * transaction writes on the holder's profile (`src.days`, one per local day of scannedAt; source.ts).
 */
export const garbageStatsProjection: Projection = {
  name: 'garbage-stats',
  async plan(events, ctx, person) {
    const out: ProjectionWrite[] = [];
    for (const e of events) {
      if (e.kind !== 'garbage-day') continue;
      const c = e.src.binCommunityId as string;
      const day = e.src.day as string;
      const month = e.src.month as string;
      const counts = { scans: e.src.scans as number, correct: e.src.correct as number, points: e.src.points as number };
      const newToday = remember(person.gd, c, day, KEEP_DAYS);
      const newThisMonth = remember(person.gm, c, month, KEEP_MONTHS);
      out.push(
        {
          kind: 'add',
          key: garbageDayStatKey(c, day, ctx.shard),
          add: { ...counts, participants: newToday ? 1 : 0 },
          set: { communityId: c, day },
        },
        {
          kind: 'add',
          key: garbageMonthStatKey(c, month, ctx.shard),
          add: { ...counts, participants: newThisMonth ? 1 : 0 },
          set: { communityId: c, month },
        },
        {
          kind: 'add',
          key: garbageBinStatKey(c, month, e.src.binId as string, ctx.shard),
          add: counts,
          set: { binId: e.src.binId as string, month },
        },
      );
    }
    return out;
  },
};
