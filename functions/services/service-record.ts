import type { User } from '../db/users.js';
import { listServiceRecords } from '../db/service-records.js';
import { STAR_HOURS, starsFor } from './stars.js';

/** "我的服务记录": confirmed activities newest first, with the totals and stars from the profile. */
export async function myServiceRecord(me: User, limit: number, cursor?: string) {
  const page = await listServiceRecords(me.id, limit, cursor);
  const hours = me.serviceMinutes / 60;
  return {
    userId: me.id,
    name: me.name,
    serviceMinutes: me.serviceMinutes,
    stars: starsFor(me.serviceMinutes),
    nextStarHours: STAR_HOURS.find((h) => hours < h) ?? null,
    ...page,
  };
}
