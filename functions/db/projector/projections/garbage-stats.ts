import {
  garbageBinStatKey,
  garbageDayParticipantKey,
  garbageDayStatKey,
  garbageMonthParticipantKey,
  garbageMonthStatKey,
  type Key,
} from '../../../../shared/db/keys.js';
import { DAY, epochSeconds } from '../../../../shared/time.js';
import type { Projection } from '../projection.js';
import type { ProjectionWrite } from '../write.js';
import { writeId } from '../write.js';

const dayTtl = (day: string) => epochSeconds(Date.parse(`${day}T00:00:00Z`) + 10 * DAY);
const monthTtl = (month: string) => {
  const [y, m] = month.split('-').map(Number) as [number, number];
  return epochSeconds(Date.UTC(y, m, 1) + 10 * DAY);
};

/**
 * Garbage statistics of the BIN's community (issue 4): day, month and bin counters, and distinct
 * participants — a marker per (community, month, person) and (community, day, person) created once, whose
 * creation adds 1 to `participants`. Source: the garbage day items (`GCAP#<day>`) the credit transaction
 * writes, one per holder and day, carrying that day's share of the transaction (`src`).
 */
export const garbageStatsProjection: Projection = {
  name: 'garbage-stats',
  async plan(events, ctx) {
    const days = events.filter((e) => e.kind === 'garbage-day');
    if (days.length === 0) return [];
    const markerKeys: Key[] = days.flatMap((e) => {
      const c = e.src.binCommunityId as string;
      return [
        garbageDayParticipantKey(c, e.src.day as string, e.userId),
        garbageMonthParticipantKey(c, e.src.month as string, e.userId),
      ];
    });
    const absent = await ctx.absent(markerKeys);
    const out: ProjectionWrite[] = [];
    for (const e of days) {
      const c = e.src.binCommunityId as string;
      const day = e.src.day as string;
      const month = e.src.month as string;
      const counts = { scans: e.src.scans as number, correct: e.src.correct as number, points: e.src.points as number };
      const dayMarker = garbageDayParticipantKey(c, day, e.userId);
      const monthMarker = garbageMonthParticipantKey(c, month, e.userId);
      const newToday = absent.delete(writeId(dayMarker));
      const newThisMonth = absent.delete(writeId(monthMarker));
      if (newToday) out.push({ kind: 'create', key: dayMarker, item: { type: 'GPART', ttl: dayTtl(day) } });
      if (newThisMonth) out.push({ kind: 'create', key: monthMarker, item: { type: 'GPART', ttl: monthTtl(month) } });
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
