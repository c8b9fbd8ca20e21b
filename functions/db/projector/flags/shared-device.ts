import type { StreamRecordLike } from '../source.js';
import { detectBursts, type BurstEvent, type BurstRule } from './bursts.js';
import { inBatches, insertedOfType } from './records.js';

/** Accounts checking in from one device within 24 h from which it is flagged (API.md: "≥ 3 accounts"). */
export const SHARED_DEVICE_ACCOUNTS = 3;

// Members: `<t>|<communityId>|<userId>|<activityId>`.
const parts = (e: BurstEvent) => {
  const [communityId, userId, activityId] = e.rest.split('|') as [string, string, string];
  return { communityId, userId, activityId };
};

/** `shared-device`: one device (the web's `X-Device-Id`) used by ≥ 3 accounts to check in within 24 h. */
export const sharedDevice: BurstRule = {
  kind: 'shared-device',
  spanMs: 24 * 60 * 60_000,
  qualifies: (w) => new Set(w.map((e) => parts(e).userId)).size >= SHARED_DEVICE_ACCOUNTS,
  describe(subject, w) {
    const ps = w.map(parts);
    const accounts = [...new Set(ps.map((p) => p.userId))];
    return {
      communityId: ps[0]!.communityId,
      involved: accounts,
      evidence: {
        deviceId: subject.slice('device:'.length),
        accounts,
        activities: [...new Set(ps.map((p) => p.activityId))],
        checkins: w.length,
        from: new Date(w[0]!.t).toISOString(),
        to: new Date(w[w.length - 1]!.t).toISOString(),
      },
    };
  },
};

/** The self check-ins of a batch that named a device, per device. */
export async function sharedDeviceFlags(records: StreamRecordLike[]): Promise<number> {
  const devices = new Map<string, string[]>();
  for (const a of insertedOfType(records, 'ATTENDANCE')) {
    if (typeof a.deviceId !== 'string' || a.manual === true || typeof a.communityId !== 'string') continue;
    const d = `device:${a.deviceId}`;
    const t = Date.parse(a.checkedInAt as string);
    devices.set(d, [...(devices.get(d) ?? []), `${t}|${a.communityId}|${a.userId}|${a.activityId}`]);
  }
  let n = 0;
  await inBatches([...devices], 8, async ([subject, ms]) => void (n += await detectBursts(sharedDevice, subject, ms)));
  return n;
}
