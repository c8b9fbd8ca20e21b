import { afterEach, describe, expect, it } from 'vitest';
import { onMetric, type MetricName } from '../../../functions/observability/metrics.js';
import { useTable } from '../../fixtures/api.js';
import { communityWithStaff, registerBin, residentWithCard, scan, upload } from '../../fixtures/garbage.js';
import { gift, redeemCall, resident, staffOf } from '../../fixtures/rewards.js';

useTable();
afterEach(() => onMetric(undefined));

/** Sums of every metric counted while `fn` runs. */
async function counted(fn: () => Promise<unknown>): Promise<Partial<Record<MetricName, number>>> {
  const sums: Partial<Record<MetricName, number>> = {};
  onMetric((name, value) => (sums[name] = (sums[name] ?? 0) + value));
  await fn();
  onMetric(undefined);
  return sums;
}

describe('business metrics', () => {
  it('counts a bin batch: accepted, duplicate and rejected scans, and the points credited', async () => {
    const { communityId, staff } = await communityWithStaff();
    const r = await residentWithCard(communityId, staff);
    const bin = await registerBin(communityId, staff);
    const first = scan(r.cardNo);
    await upload(bin, { scans: [first] });
    const sums = await counted(async () => {
      const res = await upload(bin, { scans: [first, scan(r.cardNo), scan('TUNKNOWN00001')] });
      expect(res.status).toBe(200);
    });
    expect(sums).toMatchObject({ ScansAccepted: 1, ScansDuplicate: 1, ScansRejected: 1, PointsCredited: 1 });
  });

  it('counts a redemption and the points it debits; a replay with the same key counts nothing', async () => {
    const { communityId } = await communityWithStaff();
    const staff = await staffOf(communityId);
    const g = await gift(staff.token, { communityId, cost: 7, stock: 5 });
    const me = await resident(communityId, 20);
    const key = `k-metrics-${Date.now()}`;
    const sums = await counted(async () => expect((await redeemCall(me.token, g.id, { key })).status).toBe(201));
    expect(sums).toMatchObject({ Redemptions: 1, PointsDebited: 7 });
    expect(await counted(() => redeemCall(me.token, g.id, { key }))).toEqual({});
  });
});
