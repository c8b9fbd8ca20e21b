import { AppError, forbidden, notFound, validationError } from '../../shared/errors.js';
import { HOUR } from '../../shared/time.js';
import { now } from '../clock.js';
import type { AttendanceRecord } from '../../shared/schemas/activities.js';
import type { ActivityRow } from '../db/activities.js';
import {
  getAttendance,
  listAttendance,
  putCheckin,
  putCheckout,
  putManualAttendance,
  removeCheckout,
  type AttendanceRow,
} from '../db/attendance.js';
import { activityNoShows } from '../db/no-shows.js';
import { getSignup } from '../db/signups.js';
import { getUser, type User } from '../db/users.js';
import { assertOrganizes, assertRuns, requireActivity } from './activities.js';
import { auditRecord } from './audit.js';
import type { Actor } from './authz.js';
import { currentCode, verifyCode } from './checkin-code.js';
import { haversineMeters } from './geo.js';
import { attendanceWindow, checkinWindow, overlapMinutes } from './service-time.js';

export const toRecord = (a: ActivityRow, r: AttendanceRow): AttendanceRecord => ({
  userId: r.userId,
  name: r.name,
  checkedInAt: r.checkedInAt,
  checkedOutAt: r.checkedOutAt,
  minutes: overlapMinutes(a, r.checkedInAt, r.checkedOutAt),
  manual: r.manual,
  offline: r.offline === true,
  noShow: false,
});

/** How late an offline check-in may arrive: a volunteer's phone is back in signal within a day. */
export const OFFLINE_CHECKIN_MAX_DELAY_MS = 24 * HOUR;

const within = (ms: number, [from, to]: [number, number]) => ms >= from && ms <= to;

/** The code to show at the venue now (organisers, the admin, the leader of the activity's team). */
export async function checkinCodeFor(actor: Actor, activityId: string) {
  const a = await requireActivity(activityId);
  assertRuns(actor, a, 'Only the organisers of this activity see its check-in code');
  return currentCode(a.secret, now());
}

/**
 * Checks the caller in: a confirmed place, within the window (30 min before start to the end),
 * a current code, and inside the geofence when the activity has one.
 *
 * Offline: a phone without signal keeps the code with its scan time and sends `scannedAt` later. Up to
 * 24 h late, the code is checked against the 30-s step of `scannedAt` (not of now), which must itself lie in
 * the check-in window and not in the future; the record is marked `offline`. The person still had to see the
 * venue's QR at that moment, so the code proves presence as much as an online scan does.
 */
export async function checkInSelf(
  me: User,
  activityId: string,
  body: { code: string; scannedAt?: string; lat?: number; lng?: number; deviceId?: string },
): Promise<{ checkedInAt: string; offline: boolean }> {
  const a = await requireActivity(activityId);
  if (a.status === 'cancelled') throw new AppError('conflict', 'This activity is cancelled');
  const s = await getSignup(a.id, me.id);
  if (s?.status !== 'confirmed') throw forbidden('Only volunteers with a confirmed place check in');
  const received = now();
  const offline = body.scannedAt !== undefined;
  const at = offline ? Date.parse(body.scannedAt!) : received;
  if (at > received) throw validationError('scannedAt', 'must not be in the future');
  if (received - at > OFFLINE_CHECKIN_MAX_DELAY_MS) {
    throw new AppError('outside-window', 'An offline check-in must be uploaded within 24 hours of the scan');
  }
  if (!within(at, checkinWindow(a))) {
    throw new AppError('outside-window', 'Check-in opens 30 minutes before the start and closes at the end');
  }
  if (!verifyCode(a.secret, body.code, at))
    throw new AppError('invalid-code', 'The code is wrong or too old; scan again');
  const { lat, lng, radiusM } = a.location;
  if (lat !== undefined && lng !== undefined && radiusM !== undefined) {
    if (body.lat === undefined || body.lng === undefined) {
      throw new AppError('outside-geofence', 'This activity needs your location to check in');
    }
    const d = haversineMeters({ lat, lng }, { lat: body.lat, lng: body.lng });
    if (d > radiusM) {
      throw new AppError('outside-geofence', `You are ${Math.round(d)} m from the venue; check in within ${radiusM} m`);
    }
  }
  const checkedInAt = new Date(at).toISOString();
  await putCheckin(a.id, {
    userId: me.id,
    name: me.name,
    checkedInAt,
    // The community and device are for the review flags (shared-device), read from the stream.
    communityId: a.communityId,
    ...(body.deviceId ? { deviceId: body.deviceId } : {}),
    ...(offline ? { offline: true as const } : {}),
    ...(body.lat !== undefined && body.lng !== undefined ? { lat: body.lat, lng: body.lng } : {}),
  });
  return { checkedInAt, offline };
}

/** Checks the caller out with a current code, until 2 h after the end. */
export async function checkOutSelf(me: User, activityId: string, code: string) {
  const a = await requireActivity(activityId);
  const at = now();
  if (!within(at, attendanceWindow(a))) {
    throw new AppError('outside-window', 'Check-out closes 2 hours after the end');
  }
  if (!verifyCode(a.secret, code, at)) throw new AppError('invalid-code', 'The code is wrong or too old; scan again');
  const checkedOutAt = new Date(at).toISOString();
  const r = await putCheckout(a.id, me.id, checkedOutAt);
  return { checkedOutAt, minutes: overlapMinutes(a, r.checkedInAt, checkedOutAt) };
}

/** How long after a check-out the volunteer may take it back (a mis-tap, the wrong QR code). */
export const UNDO_CHECKOUT_MS = 10 * 60_000;

/**
 * Takes back a mistaken check-out while the activity runs, within 10 minutes of it: the check-in stands again and
 * the minutes are counted at the next check-out. Minutes cannot be gamed this way: a volunteer who left could add
 * at most the 10 minutes before undoing; anything else is the organiser's to correct (manual attendance).
 */
export async function undoCheckOutSelf(me: User, activityId: string) {
  const a = await requireActivity(activityId);
  const at = now();
  if (at >= Date.parse(a.endsAt)) {
    throw new AppError('outside-window', 'A check-out can be taken back only while the activity runs');
  }
  const rec = await getAttendance(a.id, me.id);
  if (!rec) throw new AppError('not-checked-in', 'Check in first');
  if (!rec.checkedOutAt || rec.manual) throw new AppError('conflict', 'There is no check-out of yours to take back');
  if (at - Date.parse(rec.checkedOutAt) > UNDO_CHECKOUT_MS) {
    throw new AppError('outside-window', 'A check-out can be taken back within 10 minutes; ask the organiser');
  }
  await removeCheckout(a.id, me.id, rec.checkedOutAt);
  return { checkedInAt: rec.checkedInAt, checkedOutAt: null };
}

/** An organiser records someone's attendance by hand (flagged manual), within the attendance window. */
export async function putAttendanceFor(
  actor: Actor & { name?: string },
  activityId: string,
  userId: string,
  body: { checkedInAt: string; checkedOutAt?: string | null },
): Promise<AttendanceRecord> {
  const a = await requireActivity(activityId);
  assertOrganizes(actor, a, 'Only an organiser of this community records attendance');
  const win = attendanceWindow(a);
  const inMs = Date.parse(body.checkedInAt);
  const outMs = body.checkedOutAt ? Date.parse(body.checkedOutAt) : undefined;
  const bounds = '30 minutes before the start to 2 hours after the end';
  if (!within(inMs, win)) throw validationError('checkedInAt', `must lie within ${bounds}`);
  if (outMs !== undefined && !within(outMs, win)) throw validationError('checkedOutAt', `must lie within ${bounds}`);
  if (outMs !== undefined && outMs < inMs) throw validationError('checkedOutAt', 'must not precede checkedInAt');
  const u = await getUser(userId);
  if (!u) throw notFound('User');
  const row: AttendanceRow = {
    userId,
    name: u.name,
    checkedInAt: new Date(inMs).toISOString(),
    checkedOutAt: outMs !== undefined ? new Date(outMs).toISOString() : null,
    manual: true,
  };
  const audit = await auditRecord({ id: actor.id, name: actor.name ?? '' }, 'attendance.proxy', `user:${userId}`, a, {
    activityId: a.id,
    checkedInAt: row.checkedInAt,
    checkedOutAt: row.checkedOutAt,
  });
  await putManualAttendance(a.id, { ...row, by: actor.id }, audit);
  return toRecord(a, row);
}

export async function attendanceOf(actor: Actor, activityId: string, limit: number, cursor?: string) {
  const a = await requireActivity(activityId);
  assertRuns(actor, a, 'Only the organisers of this activity see its attendance');
  const r = await listAttendance(a.id, limit, cursor);
  const items = r.items.map((x) => toRecord(a, x));
  // No-shows follow the attendance, on its last page (an activity's no-shows are at most its capacity).
  if (!r.nextCursor) {
    for (const n of await activityNoShows(a.id)) {
      items.push({
        userId: n.userId,
        name: n.name,
        checkedInAt: null,
        checkedOutAt: null,
        minutes: 0,
        manual: false,
        offline: false,
        noShow: true,
      });
    }
  }
  return { items, nextCursor: r.nextCursor };
}
