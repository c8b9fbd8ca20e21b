import { describe, expect, it } from 'vitest';
import { sumLedger } from '../../../../functions/db/ledger.js';
import { listRewards } from '../../../../functions/db/rewards.js';
import { listUserRedemptions } from '../../../../functions/db/redemptions.js';
import { getUser } from '../../../../functions/db/users.js';
import { stepsFor, seedDemo } from '../../../../functions/local/seed/index.js';
import { useTable } from '../../../fixtures/api.js';

useTable();

describe('demo city: gifts and reservations', () => {
  it('offers pictured gifts in every community, leaves some reservations, and seeding again changes nothing', async () => {
    const ctx = await seedDemo(() => {}, stepsFor('base,rewards'));
    for (const c of ctx.communities) {
      const gifts = (await listRewards(c.id, 100)).items;
      expect(gifts.map((g) => g.name).sort()).toEqual(['大米', '食用油', '毛巾', '洗衣液', '环保袋'].sort());
      for (const g of gifts) expect(g.imageUrl).toMatch(/^\/gifts\/\w+\.svg$/);
    }
    const first = ctx.communities[0]!;
    const snapshot = async () => {
      const people = ctx.people.filter((p) => p.communityId === first.id);
      const out: Record<string, unknown> = { gifts: (await listRewards(first.id, 100)).items.map((g) => g.stock) };
      for (const p of people) {
        out[p.id] = {
          balance: (await getUser(p.id, true))!.balance,
          redemptions: (await listUserRedemptions(p.id, { limit: 50 })).items.map((r) => r.status),
        };
      }
      return out;
    };
    const before = await snapshot();
    const statuses = Object.values(before).flatMap((v) => (v as { redemptions?: string[] }).redemptions ?? []);
    expect(statuses.filter((s) => s === 'reserved').length).toBeGreaterThanOrEqual(3);
    expect(statuses).toContain('fulfilled');
    expect(statuses).toContain('cancelled');
    for (const p of ctx.people.filter((x) => x.communityId === first.id)) {
      expect(await sumLedger(p.id)).toBe((await getUser(p.id, true))!.balance);
    }
    await seedDemo(() => {}, stepsFor('base,rewards'));
    expect(await snapshot()).toEqual(before);
  }, 300_000);
});
