import type { ActivityRow } from '../db/activities.js';
import { notifyAll } from './notify.js';

/**
 * Tells each volunteer their confirmed minutes and points (`hours-confirmed`, once per person and activity).
 * Sent by the confirm after the activity is marked confirmed; a notice that fails is logged and the confirm
 * still answers — the credit, not the notice, is what must never be lost.
 */
export async function tellHoursConfirmed(
  a: Pick<ActivityRow, 'id' | 'title'>,
  credited: { userId: string; minutes: number; points: number }[],
): Promise<void> {
  await notifyAll(
    credited.map((c) => ({
      userId: c.userId,
      kind: 'hours-confirmed' as const,
      subject: a.id,
      ref: `activity:${a.id}`,
      vars: { title: a.title, minutes: c.minutes, points: c.points },
    })),
  );
}
