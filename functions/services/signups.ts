import { AppError } from '../../shared/errors.js';
import type { User } from '../db/users.js';
import { getAttendance } from '../db/attendance.js';
import { getCredit } from '../db/confirm.js';
import { cancelSignup, getSignup, signUp, waitlistPosition } from '../db/signups.js';
import { requireActivity } from './activities.js';
import { overlapMinutes } from './service-time.js';
import { now } from '../clock.js';

const closed = () => new AppError('outside-window', 'This activity has ended');

/** Signs the caller up until the activity ends: confirmed while places last, else waitlisted. */
export async function signUpSelf(me: User, activityId: string) {
  const a = await requireActivity(activityId);
  if (now() > Date.parse(a.endsAt)) throw closed();
  return signUp(a, { id: me.id, name: me.name });
}

/** Cancels the caller's sign-up; the first waitlisted person moves up. */
export async function cancelSelf(me: User, activityId: string): Promise<void> {
  const a = await requireActivity(activityId);
  if (now() > Date.parse(a.endsAt)) throw closed();
  await cancelSignup(a.id, me.id);
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
