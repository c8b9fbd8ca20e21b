import type { GarbageBinStats, GarbageDay, GarbageMonthStats } from '../../shared/schemas/garbage.js';
import { localMonth } from '../../shared/time.js';
import { config } from '../config.js';
import { getBins } from '../db/bins.js';
import { readBinCounters, readDayCounters, readMonthCounters, type Counters } from '../db/garbage-stats.js';
import { now as clockNow } from '../clock.js';

/** correct / scans, to 4 decimals; 0 when nothing was scanned. */
export const correctRate = (correct: number, scans: number): number =>
  scans === 0 ? 0 : Math.round((correct / scans) * 10_000) / 10_000;

/** The month asked for, or the current month in TZ_NAME. */
export const monthOrNow = (month: string | undefined, now = clockNow()): string =>
  month ?? localMonth(now, config().tzName);

/** Every `YYYY-MM-DD` of a month. */
export function daysOfMonth(month: string): string[] {
  const [y, m] = month.split('-').map(Number) as [number, number];
  const n = new Date(Date.UTC(y, m, 0)).getUTCDate();
  return Array.from({ length: n }, (_, i) => `${month}-${String(i + 1).padStart(2, '0')}`);
}

const view = (c: Counters) => ({
  scans: c.scans,
  correct: c.correct,
  correctRate: correctRate(c.correct, c.scans),
  pointsAwarded: c.points,
});

/** The contract's month statistics of a community (one Query; no Scan). */
export async function monthStats(communityId: string, month: string): Promise<GarbageMonthStats> {
  const c = await readMonthCounters(communityId, month);
  return { month, ...view(c), participants: c.participants };
}

/** The dashboard's daily series: every day of the month, zeros included. */
export async function dailyStats(communityId: string, month: string): Promise<{ month: string; days: GarbageDay[] }> {
  const byDay = await readDayCounters(communityId, month);
  return {
    month,
    days: daysOfMonth(month).map((day) => {
      const c = byDay.get(day) ?? { scans: 0, correct: 0, points: 0, participants: 0 };
      return { day, ...view(c), participants: c.participants };
    }),
  };
}

/** The month's busiest bins (by scans, then correct rate), with their names. */
export async function topBins(
  communityId: string,
  month: string,
  limit: number,
): Promise<{ month: string; items: GarbageBinStats[] }> {
  const byBin = await readBinCounters(communityId, month);
  const ranked = [...byBin]
    .map(([binId, c]) => ({ binId, ...view(c) }))
    .sort((a, b) => b.scans - a.scans || b.correctRate - a.correctRate || a.binId.localeCompare(b.binId))
    .slice(0, limit);
  const bins = await getBins(ranked.map((b) => b.binId));
  return { month, items: ranked.map((b) => ({ ...b, name: bins.get(b.binId)?.name ?? b.binId })) };
}
