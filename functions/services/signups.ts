import { AppError } from '../../shared/errors.js';
import type { User } from '../db/users.js';
import { getAttendance } from '../db/attendance.js';
import { getCredit } from '../db/confirm.js';
import { cancelSignup, getSignup, signUp, waitlistPosition } from '../db/signups.js';
import { requireActivity } from './activities.js';
import { overlapMinutes } from './service-time.js';
import { config } from '../config.js';
import type { ActivityRow } from '../db/activities.js';
import { assertMaySignUp } from './no-shows.js';
import { notifyAll } from './notify.js';
import { shortLocalTime } from './quiet-hours.js';
import { now } from '../clock.js';

const closed = () => new AppError('outside-window', 'This activity has ended');

/** Signs the caller up until the activity ends: confirmed while places last, else waitlisted. */
export async function signUpSelf(me: User, activityId: string) {
  const a = await requireActivity(activityId);
  if (a.status === 'cancelled') throw new AppError('conflict', 'This activity is cancelled');
  if (now() > Date.parse(a.endsAt)) throw closed();
  await assertMaySignUp(me.id);
  return signUp(a, { id: me.id, name: me.name });
}

/** Cancels the caller's sign-up; the first waitlisted person moves up. */
export async function cancelSelf(me: User, activityId: string): Promise<void> {
  const a = await requireActivity(activityId);
  if (now() > Date.parse(a.endsAt)) throw closed();
  const { promoted } = await cancelSignup(a.id, me.id);
  if (promoted) await tellPromoted(a, [promoted]);
}

/** Tells people who moved from the waitlist to a place; the subject is the activity, so once per activity. */
export async function tellPromoted(a: ActivityRow, userIds: string[]): Promise<void> {
  await notifyAll(
    userIds.map((userId) => ({
      userId,
      kind: 'waitlist-promoted' as const,
      subject: a.id,
      ref: `activity:${a.id}`,
      vars: { title: a.title, when: shortLocalTime(a.startsAt, config().tzName) },
    })),
  );
}

/** The caller's standing in one activity: sign-up, waitlist place, attendance and credit. */
export async function myStanding(me: User, activityId: string) {
  const a = await requireActivity(activityId);
  const [s, att, credit] = await Promise.all([
    getSignup(a.id, me.id),
    getAttendance(a.id, me.id),
    getCredit(a.id, me.id),
  ]);
  return {
    status: s?.status ?? ('none' as const),
    position: s?.status === 'waitlisted' && s.waitId ? await waitlistPosition(a.id, s.waitId) : null,
    checkedInAt: att?.checkedInAt ?? null,
    checkedOutAt: att?.checkedOutAt ?? null,
    minutes: att ? overlapMinutes(a, att.checkedInAt, att.checkedOutAt) : null,
    credited: credit ? { minutes: credit.minutes, points: credit.points } : null,
  };
}

/** Reads for the sign-up lists (who signed up; my sign-ups): the routes map them to the contract. */
export { listMySignups, listSignups } from '../db/signups.js';
