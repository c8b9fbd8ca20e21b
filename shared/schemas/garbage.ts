import { z } from 'zod';
import { Id, Month } from './common.js';

export const MonthQuery = z.object({ month: Month.optional() });

const counters = {
  scans: z.number().int(),
  correct: z.number().int(),
  /** correct / scans, 0 when there were none. */
  correctRate: z.number().min(0).max(1),
  pointsAwarded: z.number().int(),
};

/** A community's sorting in one month (the contract's statistics). */
export const GarbageMonthStats = z
  .object({ month: Month, ...counters, participants: z.number().int() })
  .meta({ id: 'GarbageMonthStats' });
export type GarbageMonthStats = z.infer<typeof GarbageMonthStats>;

export const GarbageDay = z.object({ day: z.string(), ...counters, participants: z.number().int() });
export type GarbageDay = z.infer<typeof GarbageDay>;
/** Every day of the month (zeros included), for the dashboard chart. */
export const GarbageDailyStats = z
  .object({ month: Month, days: z.array(GarbageDay) })
  .meta({ id: 'GarbageDailyStats' });

export const GarbageBinStats = z.object({ binId: Id, name: z.string(), ...counters });
export type GarbageBinStats = z.infer<typeof GarbageBinStats>;
export const TopBinsQuery = z.object({
  month: Month.optional(),
  limit: z.coerce.number().int().min(1).max(100).default(10),
});
/** Bins of the community by scans this month, most first. */
export const GarbageTopBins = z
  .object({ month: Month, items: z.array(GarbageBinStats) })
  .meta({ id: 'GarbageTopBins' });
