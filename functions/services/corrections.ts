import { AppError, forbidden, notFound, validationError } from '../../shared/errors.js';
import { newId } from '../../shared/ids.js';
import type { CorrectionInput } from '../../shared/schemas/corrections.js';
import { DAY } from '../../shared/time.js';
import { now, nowIso } from '../clock.js';
import { getActivity } from '../db/activities.js';
import { getCredit } from '../db/confirm.js';
import {
  answerCorrection,
  answerParts,
  correctionServiceParts,
  creditGrowthParts,
  getCorrection,
  listMyCorrections,
  manualAttendanceParts,
  openCorrections,
  putCorrection,
  streetCorrections,
  type CorrectionRow,
} from '../db/corrections.js';
import { ConditionFailedError } from '../db/errors.js';
import { moveBalance } from '../db/ledger.js';
import { excuseNoShow } from '../db/no-shows.js';
import { loadOrg } from '../db/org.js';
import { getSignup } from '../db/signups.js';
import { getUser, type User } from '../db/users.js';
import { assertOrganizes, requireActivity } from './activities.js';
import { auditRecord } from './audit.js';
import { can, isAdmin, type Actor } from './authz.js';
import { notifyAll } from './notify.js';
import { durationMinutes, pointsFor } from './service-time.js';

/** Requests are filed from the end of the activity until this long after it… */
export const CORRECTION_WINDOW_MS = 30 * DAY;
/** …and answered within this long. */
export const CORRECTION_DUE_MS = 7 * DAY;

const view = (c: CorrectionRow) => ({
  id: c.id,
  activityId: c.activityId,
  userId: c.userId,
  kind: c.kind,
  minutes: c.minutes,
  note: c.note,
  status: c.status,
  createdAt: c.createdAt,
  dueAt: c.dueAt,
  answeredAt: c.answeredAt ?? null,
  acceptedMinutes: c.acceptedMinutes ?? null,
  reason: c.reason ?? null,
  activityTitle: c.activityTitle,
});

/** `POST /api/activities/{id}/corrections`: someone who signed up, from the end to 30 days after it. */
export async function fileCorrection(me: User, activityId: string, input: CorrectionInput) {
  const a = await requireActivity(activityId);
  if (!(await getSignup(a.id, me.id))) throw forbidden('Only someone who signed up asks to correct this record');
  if (a.status === 'cancelled') throw new AppError('conflict', 'This activity is cancelled');
  const t = now();
  const end = Date.parse(a.endsAt);
  if (t < end || t > end + CORRECTION_WINDOW_MS) {
    throw new AppError('outside-window', 'A correction can be asked for from the end of the activity for 30 days');
  }
  const max = durationMinutes(a);
  if (input.minutes !== undefined && input.minutes > max) {
    throw validationError('minutes', `must be 1 to ${max}, the length of the activity`);
  }
  const createdAt = new Date(t).toISOString();
  const row: CorrectionRow = {
    id: newId(),
    activityId: a.id,
    userId: me.id,
    kind: input.kind,
    minutes: input.minutes ?? null,
    note: input.note,
    status: 'open',
    createdAt,
    dueAt: new Date(t + CORRECTION_DUE_MS).toISOString(),
    communityId: a.communityId,
    streetId: a.streetId,
    name: me.name,
    activityTitle: a.title,
  };
  if (!(await putCorrection(row))) {
    throw new AppError('conflict', 'You already have an open correction request for this activity');
  }
  const { answeredAt: _a, acceptedMinutes: _m, reason: _r, activityTitle: _t, ...created } = view(row);
  return created;
}

export async function myCorrections(me: User, limit: number, cursor?: string) {
  const r = await listMyCorrections(me.id, limit, cursor);
  return { items: r.items.map(view), nextCursor: r.nextCursor };
}

/**
 * `GET /api/corrections`: the queue of the communities the caller organises (one, with `communityId`), oldest
 * first — which puts the overdue ones first.
 */
export async function correctionQueue(actor: Actor, q: { communityId?: string; status?: string }) {
  const org = await loadOrg();
  let streets: string[];
  if (q.communityId) {
    const c = org.communityById.get(q.communityId);
    if (!c) throw validationError('communityId', 'no such community');
    if (!can(actor, ['organizer'], { communityId: c.id, streetId: c.streetId })) {
      throw forbidden('Only organisers of this community see its correction requests');
    }
    streets = [c.streetId];
  } else if (isAdmin(actor)) {
    streets = org.streets.map((s) => s.id);
  } else {
    streets = [...new Set([...org.communityById.values()].filter((c) => mayAnswer(actor, c)).map((c) => c.streetId))];
    if (streets.length === 0) throw forbidden('Only organisers see correction requests');
  }
  const t = now();
  const rows = (await Promise.all(streets.map(streetCorrections)))
    .flat()
    .filter((c) => (q.communityId ? c.communityId === q.communityId : mayAnswer(actor, c)))
    .filter((c) => !q.status || c.status === q.status)
    .sort((x, y) => x.createdAt.localeCompare(y.createdAt) || x.id.localeCompare(y.id));
  return {
    items: rows.map((c) => ({
      ...view(c),
      name: c.name,
      communityId: c.communityId,
      overdue: c.status === 'open' && Date.parse(c.dueAt) < t,
    })),
    nextCursor: null,
  };
}

const mayAnswer = (actor: Actor, c: { id?: string; communityId?: string; streetId: string }) =>
  can(actor, ['organizer'], { communityId: c.communityId ?? c.id, streetId: c.streetId });

/** Open and overdue requests per street (the 1+N report's street rows): one Query of the open ones. */
export async function correctionCountsByStreet(): Promise<Map<string, { open: number; overdue: number }>> {
  const t = now();
  const out = new Map<string, { open: number; overdue: number }>();
  for (const c of await openCorrections()) {
    const row = out.get(c.streetId) ?? { open: 0, overdue: 0 };
    row.open += 1;
    if (Date.parse(c.dueAt) < t) row.overdue += 1;
    out.set(c.streetId, row);
  }
  return out;
}

async function requireOpen(actor: Actor, id: string) {
  const c = await getCorrection(id);
  if (!c) throw notFound('Correction request');
  const a = await requireActivity(c.activityId, true);
  assertOrganizes(actor, a, 'Only an organiser of this community answers correction requests');
  if (c.status !== 'open') throw answered();
  return { c, a };
}

const answered = () => new AppError('conflict', 'This correction request has already been answered');

/**
 * `POST /api/corrections/{id}/accept`. Before confirm the person's attendance is set (manual, from the start for
 * `minutes`) so the confirm credits it; after confirm the difference to what was credited is credited now —
 * never less — in ONE transaction with the balance, the ledger entry (`volunteer`, ref the correction), the grown
 * credit item and the answer itself, so a repeated or racing accept credits nothing more.
 */
export async function acceptCorrection(actor: Actor & { name?: string }, id: string, minutes: number) {
  const { c, a } = await requireOpen(actor, id);
  const max = durationMinutes(a);
  if (minutes > max) throw validationError('minutes', `must be 0 to ${max}, the length of the activity`);
  const at = nowIso();
  const audit = await auditRecord(
    { id: actor.id, name: actor.name ?? '' },
    'correction.accept',
    `correction:${c.id}`,
    a,
    {
      userId: c.userId,
      activityId: a.id,
      minutes,
    },
  );
  const answer = answerParts(c, { status: 'accepted', at, by: actor.id, acceptedMinutes: minutes }, audit);
  let credited = { minutes: 0, points: 0 };
  if (a.status !== 'confirmed') {
    const start = Date.parse(a.startsAt);
    const parts = {
      ...answer,
      ...manualAttendanceParts(a.id, {
        userId: c.userId,
        name: c.name,
        checkedInAt: a.startsAt,
        checkedOutAt: new Date(start + minutes * 60_000).toISOString(),
        by: actor.id,
      }),
    };
    try {
      if (!(await answerCorrection(parts))) throw answered();
    } catch (err) {
      if (err instanceof ConditionFailedError && err.failedPart('notConfirming')) {
        throw new AppError('conflict', 'The hours of this activity are being confirmed; try again in a minute');
      }
      throw err;
    }
  } else {
    const [found, person, org] = await Promise.all([getCredit(a.id, c.userId), getUser(c.userId), loadOrg()]);
    const before = found ?? { minutes: 0, points: 0 };
    const communityId = person?.communityId ?? null;
    const holder = {
      name: person?.name ?? c.name,
      communityId,
      streetId: communityId ? (org.communityById.get(communityId)?.streetId ?? null) : null,
    };
    credited = {
      minutes: Math.max(0, minutes - before.minutes),
      points: Math.max(0, pointsFor(minutes, a.pointsPerHour) - before.points),
    };
    if (credited.minutes === 0 && credited.points === 0) {
      if (!(await answerCorrection(answer))) throw answered();
    } else {
      try {
        await moveBalance(
          {
            userId: c.userId,
            delta: credited.points,
            reason: 'volunteer',
            ref: `correction:${c.id}`,
            actor: actor.id,
            note: a.title,
            add: { serviceMinutes: credited.minutes },
            skipZeroEntry: true,
          },
          (results) => ({
            ...answer,
            ...creditGrowthParts(a.id, c.userId, credited.minutes, credited.points),
            ...correctionServiceParts(
              a,
              { userId: c.userId, ...credited, firstCredit: !found, at, ver: results[0]!.ver },
              holder,
            ),
          }),
        );
      } catch (err) {
        if (err instanceof ConditionFailedError && err.failedPart('correction')) throw answered();
        throw err;
      }
    }
    // Someone recorded absent who did serve is no longer counted as a no-show.
    await excuseNoShow(a.id, c.userId, actor.id, at);
  }
  await tellAnswered(c, {
    outcome: `已通过：按 ${minutes} 分钟记录${credited.points ? `，补发 ${credited.points} 积分` : ''}。`,
    'outcome@en': `was accepted: ${minutes} minutes recorded${credited.points ? `, ${credited.points} points added` : ''}.`,
  });
  return { status: 'accepted' as const, minutes, credited };
}

/** `POST /api/corrections/{id}/reject {reason}`: the volunteer is told why. */
export async function rejectCorrection(actor: Actor & { name?: string }, id: string, reason: string) {
  const { c, a } = await requireOpen(actor, id);
  const audit = await auditRecord(
    { id: actor.id, name: actor.name ?? '' },
    'correction.reject',
    `correction:${c.id}`,
    a,
    {
      userId: c.userId,
      activityId: a.id,
      reason,
    },
  );
  if (!(await answerCorrection(answerParts(c, { status: 'rejected', at: nowIso(), by: actor.id, reason }, audit)))) {
    throw answered();
  }
  await tellAnswered(c, { outcome: `未通过。原因：${reason}`, 'outcome@en': `was not accepted. Reason: ${reason}` });
  return { status: 'rejected' as const };
}

/** `correction-answered`, once per request. */
async function tellAnswered(c: CorrectionRow, outcome: { outcome: string; 'outcome@en': string }) {
  const a = await getActivity(c.activityId);
  await notifyAll([
    {
      userId: c.userId,
      kind: 'correction-answered',
      subject: c.id,
      ref: `correction:${c.id}`,
      vars: { title: a?.title ?? c.activityTitle, ...outcome },
    },
  ]);
}
