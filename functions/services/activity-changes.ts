import { AppError, RetryExhaustedError, validationError } from '../../shared/errors.js';
import { idsBefore } from '../../shared/ids.js';
import { MAX_ACTIVITY_MS, type ActivityPatch } from '../../shared/schemas/activities.js';
import { localMonth } from '../../shared/time.js';
import { now, nowIso } from '../clock.js';
import { config } from '../config.js';
import type { ActivityRow } from '../db/activities.js';
import { applyActivityEdit, markCancelled, MOVES_PER_TX, updateSignupCopy } from '../db/activity-changes.js';
import { allAttendance } from '../db/attendance.js';
import { allSignupRows, waitingLine, type SignupRow } from '../db/signups.js';
import { getTheme } from '../db/themes.js';
import { assertOrganizes, requireActivity } from './activities.js';
import type { Actor } from './authz.js';
import { notifyAll, type NoticeRequest } from './notify.js';
import { shortLocalTime } from './quiet-hours.js';
import { tellPromoted } from './signups.js';

const ATTEMPTS = 20;

const cancelledError = () => new AppError('conflict', 'This activity is cancelled');

/** When a confirmed person got their place: at sign-up, or when they moved up from the waitlist. */
const placedAt = (s: SignupRow) => s.promotedAt ?? s.at;

/** The activity after `patch`, checked by the rules of creation (times, length, the theme's month). */
async function merged(a: ActivityRow, patch: ActivityPatch): Promise<ActivityRow> {
  const startsAt = patch.startsAt ? new Date(patch.startsAt).toISOString() : a.startsAt;
  const endsAt = patch.endsAt ? new Date(patch.endsAt).toISOString() : a.endsAt;
  const ms = Date.parse(endsAt) - Date.parse(startsAt);
  if (!(ms > 0)) throw validationError('endsAt', 'must be after startsAt');
  if (ms > MAX_ACTIVITY_MS) throw validationError('endsAt', 'at most 12 h after startsAt');
  const month = localMonth(startsAt, config().tzName);
  if (a.themeId && month !== a.month && !(await getTheme(month, a.themeId))) {
    throw validationError('startsAt', `must stay in ${a.month}, the month of the activity's theme`);
  }
  return {
    ...a,
    title: patch.title ?? a.title,
    description: patch.description === undefined ? a.description : patch.description || null,
    location: patch.location ?? a.location,
    startsAt,
    endsAt,
    month,
    capacity: patch.capacity ?? a.capacity,
  };
}

/** Edits are allowed on a published activity before it starts. */
function assertEditable(a: ActivityRow) {
  if (a.status === 'cancelled') throw cancelledError();
  if (a.status !== 'published' || now() >= Date.parse(a.startsAt)) {
    throw new AppError('outside-window', 'An activity can be changed only before it starts');
  }
}

/**
 * `PATCH /api/activities/{id}`. Each step is one transaction planned on a consistent read and conditioned on
 * it (a sign-up racing the edit makes the step re-plan). Lowering the capacity below the confirmed sign-ups
 * moves the people who got their places last to the head of the waitlist, in their order; raising it gives the
 * first waiting people the new places. Everyone signed up is then told (`activity-changed`, once per edit).
 */
export async function editActivity(actor: Actor, id: string, patch: ActivityPatch): Promise<ActivityRow> {
  let rev: number | undefined;
  let result: ActivityRow | undefined;
  const demoted = new Set<string>();
  const promoted = new Set<string>();
  for (let attempt = 0; attempt < ATTEMPTS; attempt++) {
    const a = await requireActivity(id, true);
    assertOrganizes(actor, a, 'Only an organiser of this community changes its activities');
    // A follow-up step (many people to move) carries on from the state the first step wrote.
    if (rev === undefined) assertEditable(a);
    else if (a.status !== 'published') break;
    const next = rev === undefined ? await merged(a, patch) : a;
    const signups = await allSignupRows(a.id);
    const confirmed = signups.filter((s) => s.status === 'confirmed');
    const over = a.signups - next.capacity;
    let demote: { userId: string; waitId: string }[] = [];
    let promote: { userId: string; waitId: string }[] = [];
    const line = await waitingLine(a.id);
    if (over > 0) {
      const checkedIn = new Set((await allAttendance(a.id)).map((r) => r.userId));
      const latest = confirmed
        .filter((s) => !checkedIn.has(s.userId))
        .sort((x, y) => placedAt(y).localeCompare(placedAt(x)) || y.userId.localeCompare(x.userId))
        .slice(0, Math.min(over, MOVES_PER_TX))
        .reverse();
      const ids = idsBefore(line[0]?.waitId, latest.length, now());
      demote = latest.map((s, i) => ({ userId: s.userId, waitId: ids[i]! }));
    } else if (over < 0 && a.waitlisted > 0) {
      promote = line.slice(0, Math.min(-over, MOVES_PER_TX));
    }
    const firstStep = rev === undefined;
    if (!firstStep && demote.length === 0 && promote.length === 0) break;
    const got = await applyActivityEdit({
      activityId: a.id,
      communityId: a.communityId,
      set: firstStep
        ? {
            title: next.title,
            description: next.description,
            location: next.location,
            startsAt: next.startsAt,
            endsAt: next.endsAt,
            month: next.month,
            capacity: next.capacity,
          }
        : {},
      read: { startsAt: a.startsAt, signups: a.signups, waitlisted: a.waitlisted, rev: a.rev },
      demote,
      promote,
      bumpRev: firstStep,
      at: nowIso(),
    });
    if (got === undefined) continue; // someone signed up or cancelled meanwhile: plan again
    rev = got;
    demote.forEach((d) => {
      demoted.add(d.userId);
      promoted.delete(d.userId);
    });
    promote.forEach((p) => {
      promoted.add(p.userId);
      demoted.delete(p.userId);
    });
    result = { ...next, rev };
    const moreToMove = (over > 0 && demote.length === MOVES_PER_TX) || (over < 0 && promote.length === MOVES_PER_TX);
    if (!moreToMove) break;
  }
  if (rev === undefined || !result) throw new RetryExhaustedError('too many changes at once; try again');
  const after = await requireActivity(id, true);
  await tellChanged(after, rev, demoted);
  if (promoted.size > 0) await tellPromoted(after, [...promoted]);
  return after;
}

/** Keeps every sign-up's copy in step and tells everyone signed up what changed (once per edit). */
async function tellChanged(a: ActivityRow, rev: number, demoted: Set<string>): Promise<void> {
  const tz = config().tzName;
  const signups = await allSignupRows(a.id);
  for (const s of signups) {
    if (s.title !== a.title || s.startsAt !== a.startsAt || s.endsAt !== a.endsAt) {
      await updateSignupCopy(a.id, s.userId, { title: a.title, startsAt: a.startsAt, endsAt: a.endsAt });
    }
  }
  const status = (s: SignupRow) =>
    demoted.has(s.userId)
      ? {
          status: '名额减少，您已转入候补名单最前面。',
          'status@en': 'Places were reduced: you are now first in the waitlist.',
        }
      : s.status === 'confirmed'
        ? { status: '您的名额保留。', 'status@en': 'Your place is kept.' }
        : { status: '您仍在候补名单中。', 'status@en': 'You are still on the waitlist.' };
  const reqs: NoticeRequest[] = signups.map((s) => ({
    userId: s.userId,
    kind: 'activity-changed',
    subject: `${a.id}:${rev}`,
    ref: `activity:${a.id}`,
    vars: { title: a.title, when: shortLocalTime(a.startsAt, tz), place: a.location.name, ...status(s) },
  }));
  await notifyAll(reqs);
}

/**
 * `POST /api/activities/{id}/cancel`: only before its hours are confirmed (or being confirmed). From then on
 * sign-ups, check-ins and confirm are refused; everyone signed up is told, with the reason.
 */
export async function cancelActivity(actor: Actor, id: string, reason: string): Promise<{ status: 'cancelled' }> {
  const a = await requireActivity(id, true);
  assertOrganizes(actor, a, 'Only an organiser of this community cancels its activities');
  if (a.status === 'cancelled') throw cancelledError();
  const confirmedError = () =>
    new AppError('already-confirmed', 'The hours of this activity are being or have been confirmed');
  if (a.status === 'confirmed') throw confirmedError();
  const outcome = await markCancelled(a.id, { reason, by: actor.id, at: nowIso() });
  if (outcome === 'confirming') throw confirmedError();
  if (outcome === 'not-published') {
    const again = await requireActivity(id, true);
    throw again.status === 'cancelled' ? cancelledError() : confirmedError();
  }
  const tz = config().tzName;
  await notifyAll(
    (await allSignupRows(a.id)).map((s) => ({
      userId: s.userId,
      kind: 'activity-cancelled' as const,
      subject: a.id,
      ref: `activity:${a.id}`,
      vars: { title: a.title, when: shortLocalTime(a.startsAt, tz), reason },
    })),
  );
  return { status: 'cancelled' };
}
