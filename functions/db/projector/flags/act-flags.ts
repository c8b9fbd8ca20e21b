import type { FlagEvidence } from '../../../../shared/schemas/flags.js';
import { config } from '../../../config.js';
import { getActivity } from '../../activities.js';
import { allAttendance } from '../../attendance.js';
import { raiseFlag, type NewFlag } from '../../flags.js';
import { getUser } from '../../users.js';
import type { StreamRecordLike } from '../source.js';
import { inBatches, insertedOfType } from './records.js';

/** |delta| of one hand adjustment above which it is flagged (API.md: "|delta| > 1000"). */
export const LARGE_ADJUSTMENT = 1000;

type Audit = Record<string, unknown> & { detail: Record<string, unknown> };

/**
 * Whose queue an act goes to: the level above its actor. An act in a community goes to the street's
 * organisers (and the admin); an act of a street organiser of that street, or of the admin, to the admin.
 */
async function levelOf(actorId: string, streetId: string | null): Promise<'street' | 'city'> {
  const actor = await getUser(actorId, true);
  const above = actor?.roles.some(
    (g) => g.role === 'admin' || (g.role === 'organizer' && !!streetId && g.scope === `street:${streetId}`),
  );
  return above || !streetId ? 'city' : 'street';
}

/** The flag an audited act raises, if any. */
async function flagOf(a: Audit): Promise<Omit<NewFlag, 'level'> | undefined> {
  const base = {
    subject: `user:${a.actorId as string}`,
    communityId: (a.communityId as string | null) ?? null,
    streetId: (a.streetId as string | null) ?? null,
  };
  const d = a.detail;
  const reviewPoints = config().reviewPoints;
  if (a.action === 'points.adjust') {
    const delta = Number(d.delta);
    if (!(Math.abs(delta) > LARGE_ADJUSTMENT)) return undefined;
    const userId = (a.target as string).slice('user:'.length);
    return {
      ...base,
      kind: 'large-adjustment',
      window: `audit:${a.id as string}`,
      involved: [a.actorId as string, userId],
      evidence: {
        userId,
        delta,
        note: (d.note as string) ?? '',
        entryId: (d.entryId as string) ?? null,
        at: a.at as string,
      },
    };
  }
  if (a.action === 'activity.confirm') {
    const activityId = (a.target as string).slice('activity:'.length);
    const act = await getActivity(activityId, true);
    if (!act) return undefined;
    const attendance = await allAttendance(activityId);
    const proxy = attendance.filter((r) => r.manual).length;
    const points = Number(d.totalPoints) || 0;
    const reasons: string[] = [];
    if (points > reviewPoints) reasons.push('points');
    if (attendance.length > 0 && proxy * 2 > attendance.length) reasons.push('proxy');
    if (act.createdAt > act.endsAt) reasons.push('backdated');
    if (reasons.length === 0) return undefined;
    const evidence: FlagEvidence = {
      activityId,
      title: act.title,
      reasons,
      totalPoints: points,
      reviewPoints,
      attendance: attendance.length,
      proxy,
      createdAt: act.createdAt,
      endsAt: act.endsAt,
    };
    return {
      ...base,
      kind: 'large-credit',
      window: `activity:${activityId}`,
      involved: [a.actorId as string, act.createdBy],
      evidence,
    };
  }
  if (a.action === 'correction.accept') {
    const activityId = d.activityId as string;
    const act = await getActivity(activityId, true);
    if (!act) return undefined;
    const minutes = Number(d.minutes) || 0;
    const points = Math.floor((minutes * act.pointsPerHour) / 60);
    if (!(points > reviewPoints)) return undefined;
    const correction = (a.target as string).slice('correction:'.length);
    return {
      ...base,
      kind: 'large-credit',
      window: `correction:${correction}`,
      involved: [a.actorId as string, d.userId as string],
      evidence: {
        correctionId: correction,
        activityId,
        userId: d.userId as string,
        minutes,
        points,
        reasons: ['points'],
        reviewPoints,
      },
    };
  }
  return undefined;
}

/**
 * `large-adjustment` and `large-credit`, from the audit trail on the stream: each audited adjustment,
 * confirm and accepted correction is judged once it happened (never blocking it), at most one flag per act.
 */
export async function actFlags(records: StreamRecordLike[]): Promise<number> {
  const acts = insertedOfType(records, 'AUDIT').map((a) => ({ ...a, detail: a.detail ?? {} })) as Audit[];
  let n = 0;
  await inBatches(acts, 8, async (a) => {
    const f = await flagOf(a);
    if (!f) return;
    const level = await levelOf(a.actorId as string, f.streetId);
    if (await raiseFlag({ ...f, level })) n++;
  });
  return n;
}
