import { z } from 'zod';
import { Id, Month } from './common.js';

/** One volunteer's month in a community (`GET /api/communities/{id}/volunteer-hours`); the phone is masked. */
export const VolunteerHoursRow = z.object({
  userId: Id,
  name: z.string(),
  phone: z.string(),
  activities: z.number().int(),
  minutes: z.number().int(),
  points: z.number().int(),
  noShows: z.number().int(),
});
export type VolunteerHoursRow = z.infer<typeof VolunteerHoursRow>;

export const VolunteerHours = z
  .object({ month: Month, communityId: Id, items: z.array(VolunteerHoursRow) })
  .meta({ id: 'VolunteerHours' });
export type VolunteerHours = z.infer<typeof VolunteerHours>;

/** One redemption made at a community in a month (`GET /api/communities/{id}/redemptions`). */
export const RedemptionExportRow = z.object({
  id: Id,
  createdAt: z.string(),
  rewardName: z.string(),
  userName: z.string(),
  quantity: z.number().int(),
  cost: z.number().int(),
  status: z.string(),
  fulfilledAt: z.string().nullable(),
  cancelledAt: z.string().nullable(),
});

export const CommunityRedemptions = z
  .object({ month: Month, communityId: Id, items: z.array(RedemptionExportRow) })
  .meta({ id: 'CommunityRedemptions' });
