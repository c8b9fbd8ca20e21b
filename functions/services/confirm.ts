import { newId } from '../../shared/ids.js';
import { AppError, RetryExhaustedError, type FieldError } from '../../shared/errors.js';
import type { ConfirmInput, ConfirmResult } from '../../shared/schemas/activities.js';
import { getActivity, markConfirmed, type ActivityRow } from '../db/activities.js';
import { allAttendance, type AttendanceRow } from '../db/attendance.js';
import {
  acquireConfirmLease,
  creditItems,
  listCredits,
  putZeroCredit,
  releaseConfirmLease,
  renewConfirmLease,
  type ConfirmGuard,
  type Credit,
} from '../db/confirm.js';
import { ConditionFailedError } from '../db/errors.js';
import { moveBalance } from '../db/ledger.js';
import { loadOrg } from '../db/org.js';
import { getUserSummaries } from '../db/user-batch.js';
import { assertOrganizes, requireActivity } from './activities.js';
import { tellHoursConfirmed } from './confirm-notices.js';
import { recordNoShows, tellNoShows } from './no-shows.js';
import { auditRecord } from './audit.js';
import type { Actor } from './authz.js';
import { durationMinutes, overlapMinutes, pointsFor } from './service-time.js';
import { now, nowIso, wait } from '../clock.js';

/**
 * A confirm holds its lease this long and renews it every third of it while crediting; a dead one is taken
 * over after it. Shorter than the wait below, so the first retry after a crash mid-confirm takes over and
 * finishes instead of waiting out a longer lease and answering 503 (a crash left a 30 s lease to a 20 s wait).
 */
export const CONFIRM_LEASE_MS = 10_000;
/** How long a second confirm waits for a running one before answering 503: twice a lease. */
export const WAIT_FOR_OTHER_MS = 2 * CONFIRM_LEASE_MS;
/** Volunteers credited at once (each is its own transaction). */
const PARALLEL = 4;

const cancelled = () => new AppError('conflict', 'This activity is cancelled');

const alreadyConfirmed = () =>
  new AppError('already-confirmed', 'The hours of this activity have already been confirmed');

/** Adjustments name people in the attendance, once each, with 0..duration minutes. */
export function validateAdjustments(
  a: ActivityRow,
  attendance: AttendanceRow[],
  adjustments: NonNullable<ConfirmInput['adjustments']>,
): Record<string, number> {
  const present = new Set(attendance.map((r) => r.userId));
  const max = durationMinutes(a);
  const errors: FieldError[] = [];
  const out: Record<string, number> = {};
  adjustments.forEach((adj, i) => {
    if (!present.has(adj.userId)) errors.push({ path: `adjustments.${i}.userId`, message: 'is not in the attendance' });
    else if (adj.userId in out) errors.push({ path: `adjustments.${i}.userId`, message: 'is adjusted twice' });
    if (adj.minutes < 0 || adj.minutes > max) {
      errors.push({ path: `adjustments.${i}.minutes`, message: `must be 0 to ${max}, the length of the activity` });
    }
    out[adj.userId] = adj.minutes;
  });
  if (errors.length > 0) throw new AppError('validation', 'Some adjustments are not valid', errors);
  return out;
}

/** Takes the confirmation lease, or waits while another confirm runs: 409 once it finished. */
async function takeLease(
  a: ActivityRow,
  owner: string,
  by: string,
  adj: Record<string, number>,
): Promise<ConfirmGuard> {
  // Deadline and pauses on the server's clock, the one the lease is written in.
  const deadline = now() + WAIT_FOR_OTHER_MS;
  for (;;) {
    const g = await acquireConfirmLease(a.id, owner, by, adj, now(), CONFIRM_LEASE_MS);
    if (g) return g;
    if ((await getActivity(a.id, true))?.status === 'confirmed') throw alreadyConfirmed();
    if (now() > deadline) {
      throw new RetryExhaustedError('another organiser is confirming this activity right now; try again shortly');
    }
    await wait(150);
  }
}

interface Plan extends Credit {
  name: string;
  communityId: string | null;
  streetId: string | null;
}

/**
 * Credits one volunteer exactly once: ONE transaction moves the balance (+points, ledger entry
 * `volunteer`, +serviceMinutes) together with the credit guard and the service record; the projector
 * derives the activity, team and month totals and the boards from the service record. A repeat fails
 * the guard and changes nothing.
 */
async function creditOne(a: ActivityRow, p: Plan, at: string, actorId: string): Promise<void> {
  if (p.minutes === 0) {
    await putZeroCredit(a.id, p.userId, at);
    return;
  }
  const holder = { name: p.name, communityId: p.communityId, streetId: p.streetId };
  try {
    await moveBalance(
      {
        userId: p.userId,
        delta: p.points,
        reason: 'volunteer',
        ref: `activity:${a.id}`,
        actor: actorId,
        note: a.title,
        add: { serviceMinutes: p.minutes },
        skipZeroEntry: true,
      },
      (results) => creditItems(a, { ...p, at, ver: results[0]!.ver, holder }),
    );
  } catch (err) {
    if (!(err instanceof ConditionFailedError)) throw err;
    if (err.failedPart('creditGuard')) return; // credited by a confirm running alongside
    throw err;
  }
}

/**
 * Confirms an activity's hours, once. The guard item makes one confirm run at a time; each
 * volunteer's credit guard makes every credit happen exactly once, so a confirm that died halfway
 * is finished by the next one (after its lease) and nobody is credited twice. The activity turns
 * `confirmed` only when everyone is credited; after that a confirm is 409 `already-confirmed`.
 */
export async function confirmActivity(
  actor: Actor & { name?: string },
  activityId: string,
  input: ConfirmInput,
): Promise<ConfirmResult> {
  const a = await requireActivity(activityId, true);
  assertOrganizes(actor, a, 'Only an organiser of this community confirms hours');
  if (now() < Date.parse(a.endsAt)) throw new AppError('outside-window', 'Confirm the hours after the activity ends');
  if (a.status === 'confirmed') throw alreadyConfirmed();
  if (a.status === 'cancelled') throw cancelled();
  const adjustments = validateAdjustments(a, await allAttendance(a.id), input.adjustments ?? []);
  const owner = newId();
  const guard = await takeLease(a, owner, actor.id, adjustments);
  try {
    // A cancel checks that no confirm has started; one that committed before this lease is seen here.
    if ((await getActivity(a.id, true))?.status === 'cancelled') throw cancelled();
    // Attendance is frozen from here: check-outs and manual records check the guard is absent.
    const [attendance, credited, org] = await Promise.all([allAttendance(a.id), listCredits(a.id), loadOrg()]);
    const people = await getUserSummaries(attendance.filter((r) => !credited.has(r.userId)).map((r) => r.userId));
    const at = nowIso();
    const plans: Plan[] = attendance.map((r) => {
      const done = credited.get(r.userId);
      const minutes = done?.minutes ?? guard.adjustments[r.userId] ?? overlapMinutes(a, r.checkedInAt, r.checkedOutAt);
      const who = people.get(r.userId);
      const communityId = who?.communityId ?? null;
      return {
        userId: r.userId,
        minutes,
        points: done?.points ?? pointsFor(minutes, a.pointsPerHour),
        name: who?.name ?? r.name,
        communityId,
        streetId: communityId ? (org.communityById.get(communityId)?.streetId ?? null) : null,
      };
    });
    const todo = plans.filter((p) => !credited.has(p.userId));
    let renewedAt = now();
    let failed = false;
    const worker = async () => {
      for (let p = todo.shift(); p && !failed; p = todo.shift()) {
        if (now() - renewedAt > CONFIRM_LEASE_MS / 3) {
          renewedAt = now();
          await renewConfirmLease(a.id, owner, now() + CONFIRM_LEASE_MS);
        }
        await creditOne(a, p, at, actor.id).catch((err: unknown) => {
          failed = true;
          throw err;
        });
      }
    };
    // Let running credits finish before answering, so a retry starts from a settled state.
    const outcomes = await Promise.allSettled(Array.from({ length: PARALLEL }, worker));
    const rejected = outcomes.find((o): o is PromiseRejectedResult => o.status === 'rejected');
    if (rejected) throw rejected.reason;
    // Still under the lease: attendance is frozen, and a confirm that dies here is resumed with the rest.
    const noShows = await recordNoShows(a);
    const totals = {
      minutes: plans.reduce((s, p) => s + p.minutes, 0),
      points: plans.reduce((s, p) => s + p.points, 0),
    };
    const audit = await auditRecord(
      { id: actor.id, name: actor.name ?? '' },
      'activity.confirm',
      `activity:${a.id}`,
      a,
      {
        volunteers: plans.length,
        totalMinutes: totals.minutes,
        totalPoints: totals.points,
        adjusted: Object.keys(adjustments).length,
      },
    );
    await markConfirmed(a.id, at, actor.id, audit);
    await tellHoursConfirmed(a, plans);
    await tellNoShows(a, noShows);
    return {
      confirmed: plans.map((p) => ({ userId: p.userId, minutes: p.minutes, points: p.points })),
      noShows,
      totalMinutes: plans.reduce((s, p) => s + p.minutes, 0),
      totalPoints: plans.reduce((s, p) => s + p.points, 0),
    };
  } catch (err) {
    await releaseConfirmLease(a.id, owner).catch(() => undefined);
    throw err;
  }
}
