import {
  activityKey,
  cityScope,
  monthParticipantKey,
  monthStatKey,
  streetScope,
  teamKey,
} from '../../../../shared/db/keys.js';
import type { Projection } from '../projection.js';
import { writeId, type ProjectionWrite } from '../write.js';

/**
 * Volunteer totals (issue 3) from service records: the activity's credited minutes, points and
 * participants; the team's `serviceMinutes` (minutes its members served on the team's activities — the
 * one definition, also the teams board's); the 1+N report's distinct participants of the activity's
 * month per street and city (a marker per person and scope, created once, adds 1).
 */
export const volunteerProjection: Projection = {
  name: 'volunteer',
  async plan(events, ctx) {
    const records = events.filter((e) => e.kind === 'service' && ((e.src.minutes as number) ?? 0) > 0);
    if (records.length === 0) return [];
    const scopesOf = (streetId: string | null) => [...(streetId ? [streetScope(streetId)] : []), cityScope];
    const markers = records.flatMap((e) =>
      scopesOf((e.src.activityStreetId as string | null) ?? null).map((s) =>
        monthParticipantKey(e.src.month as string, s, e.userId),
      ),
    );
    const absent = await ctx.absent(markers);
    const out: ProjectionWrite[] = [];
    for (const e of records) {
      const minutes = e.src.minutes as number;
      const points = (e.src.points as number) ?? 0;
      out.push({
        kind: 'add',
        key: activityKey(e.src.activityId as string),
        // A correction after confirm adds to a record: one more participant only when it is the person's first.
        add: { creditedMinutes: minutes, creditedPoints: points, participants: e.src.firstCredit === false ? 0 : 1 },
      });
      const teamId = (e.src.teamId as string | null | undefined) ?? null;
      if (teamId) out.push({ kind: 'add', key: teamKey(teamId), add: { serviceMinutes: minutes } });
      const month = e.src.month as string;
      for (const scope of scopesOf((e.src.activityStreetId as string | null) ?? null)) {
        const marker = monthParticipantKey(month, scope, e.userId);
        if (!absent.delete(writeId(marker))) continue;
        out.push(
          { kind: 'create', key: marker, item: { type: 'MPART', scope, userId: e.userId } },
          { kind: 'add', key: monthStatKey(month, scope), add: { participants: 1 } },
        );
      }
    }
    return out;
  },
};
