import { RESERVATION_SHARDS } from '../../shared/db/keys.js';
import { HOUR, localMonth } from '../../shared/time.js';
import { now } from '../clock.js';
import { config } from '../config.js';
import { activitiesStartingBetween, allSignups } from '../db/activity-window.js';
import { reservationsLapsingBetween } from '../db/reservation-window.js';
import { notifyAll, type NoticeRequest } from './notify.js';
import { shortLocalTime } from './quiet-hours.js';

/** Reminders go out 24 h and again 2 h before an activity starts. */
export const REMINDER_LEADS = [
  { tag: '24h', ms: 24 * HOUR },
  { tag: '2h', ms: 2 * HOUR },
] as const;
/** "Collect soon" goes out 24 h before a reservation lapses. */
export const EXPIRING_LEAD_MS = 24 * HOUR;

const iso = (ms: number) => new Date(ms).toISOString();

/**
 * Reminds the confirmed sign-ups of every published activity starting within 24 h: the `24h` reminder while
 * more than 2 h are left, the `2h` one after. The subject names the lead and the start, so each goes out once per
 * person and start however often the job runs (a start moved by an edit is reminded of again); someone who signs up
 * 5 h before gets the 24-h one at once, then the 2-h one.
 */
export async function sendActivityReminders(): Promise<{ sent: number; failed: number }> {
  const t = now();
  const from = iso(t);
  const to = iso(t + REMINDER_LEADS[0].ms);
  const tz = config().tzName;
  const months = [...new Set([localMonth(from, tz), localMonth(to, tz)])];
  const activities = (await Promise.all(months.map((m) => activitiesStartingBetween(m, from, to)))).flat();
  const reqs: NoticeRequest[] = [];
  for (const a of activities) {
    if (a.status !== 'published') continue;
    const left = Date.parse(a.startsAt) - t;
    const lead = left <= REMINDER_LEADS[1].ms ? REMINDER_LEADS[1] : REMINDER_LEADS[0];
    const confirmed = (await allSignups(a.id)).filter((s) => s.status === 'confirmed');
    for (const s of confirmed) {
      reqs.push({
        userId: s.userId,
        kind: 'activity-reminder',
        // The start is part of the subject: moved by an edit, the activity is reminded of again for its new time.
        subject: `${a.id}@${a.startsAt}:${lead.tag}`,
        ref: `activity:${a.id}`,
        vars: {
          title: a.title,
          when: shortLocalTime(a.startsAt, tz),
          place: a.location.name,
          hours: Math.max(1, Math.round(left / HOUR)),
        },
      });
    }
  }
  return notifyAll(reqs);
}

/** Tells the owner of every open reservation lapsing within 24 h to collect it (once per reservation). */
export async function sendReservationExpiring(): Promise<{ sent: number; failed: number }> {
  const t = now();
  const tz = config().tzName;
  const shards = Array.from({ length: RESERVATION_SHARDS }, (_, i) => i);
  const due = (
    await Promise.all(shards.map((s) => reservationsLapsingBetween(s, iso(t), iso(t + EXPIRING_LEAD_MS))))
  ).flat();
  return notifyAll(
    due.map((r) => ({
      userId: r.userId,
      kind: 'reservation-expiring' as const,
      subject: r.id,
      ref: `redemption:${r.id}`,
      vars: { reward: r.rewardName, until: shortLocalTime(r.expiresAt, tz), pickupCode: r.pickupCode },
    })),
  );
}
