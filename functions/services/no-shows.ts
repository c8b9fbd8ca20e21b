import { AppError, notFound } from '../../shared/errors.js';
import { DAY, localDay } from '../../shared/time.js';
import { now, nowIso } from '../clock.js';
import { config } from '../config.js';
import type { ActivityRow } from '../db/activities.js';
import { allAttendance } from '../db/attendance.js';
import { activityNoShows, excuseNoShow, noShowsSince, recordNoShow } from '../db/no-shows.js';
import { allSignupRows } from '../db/signups.js';
import { assertOrganizes, requireActivity } from './activities.js';
import type { Actor } from './authz.js';
import { notifyAll } from './notify.js';
import { shortLocalTime } from './quiet-hours.js';

/** No-shows count against sign-ups for this long… */
export const NO_SHOW_WINDOW_MS = 90 * DAY;
/** …and the limit lifts this long after the latest one. */
export const NO_SHOW_LIFT_MS = 30 * DAY;

/**
 * Records every confirmed sign-up without attendance as a no-show, each exactly once (a resumed confirm records
 * only what is missing). Called by the confirm while it holds its lease, so attendance is frozen. Returns the
 * activity's standing no-shows.
 */
export async function recordNoShows(a: ActivityRow): Promise<string[]> {
  const [signups, attendance] = await Promise.all([allSignupRows(a.id), allAttendance(a.id)]);
  const present = new Set(attendance.map((r) => r.userId));
  const absent = signups.filter((s) => s.status === 'confirmed' && !present.has(s.userId));
  const at = nowIso();
  for (const s of absent) {
    await recordNoShow({ activityId: a.id, userId: s.userId, name: s.name, at: a.endsAt, title: a.title }, at);
  }
  return (await activityNoShows(a.id)).map((n) => n.userId).sort();
}

/** Tells each person recorded absent (`no-show`, once per person and activity). */
export async function tellNoShows(a: Pick<ActivityRow, 'id' | 'title' | 'startsAt'>, userIds: string[]) {
  const when = shortLocalTime(a.startsAt, config().tzName);
  await notifyAll(
    userIds.map((userId) => ({
      userId,
      kind: 'no-show' as const,
      subject: a.id,
      ref: `activity:${a.id}`,
      vars: { title: a.title, when },
    })),
  );
}

/** `DELETE /api/activities/{id}/no-shows/{userId}`: an organiser excuses an absence. */
export async function excuseNoShowFor(actor: Actor, activityId: string, userId: string): Promise<void> {
  const a = await requireActivity(activityId);
  assertOrganizes(actor, a, 'Only an organiser of this community excuses absences');
  if (!(await excuseNoShow(a.id, userId, actor.id, nowIso()))) throw notFound('No-show');
}

/** The person's standing no-shows of the last 90 days (`GET /api/me`). */
export async function noShows90d(userId: string): Promise<number> {
  return (await noShowsSince(userId, new Date(now() - NO_SHOW_WINDOW_MS).toISOString())).count;
}

/**
 * `NO_SHOW_LIMIT` no-shows in the last 90 days stop new sign-ups until 30 days after the latest one (0 turns the
 * rule off). The detail names the day it lifts, in the deployment's zone.
 */
export async function assertMaySignUp(userId: string): Promise<void> {
  const limit = config().noShowLimit;
  if (limit <= 0) return;
  const { count, latest } = await noShowsSince(userId, new Date(now() - NO_SHOW_WINDOW_MS).toISOString());
  if (count < limit || !latest) return;
  const lifts = Date.parse(latest) + NO_SHOW_LIFT_MS;
  if (lifts <= now()) return;
  throw new AppError(
    'limit-reached',
    `You did not come to ${count} activities you signed up for in the last 90 days; ` +
      `you can sign up again from ${localDay(lifts, config().tzName)}`,
  );
}
