import { describe, expect, it } from 'vitest';
import { call, useTable } from '../../fixtures/api.js';
import { stepsFor, seedDemo } from '../../../functions/local/seed/index.js';
import { listLedger, sumLedger } from '../../../functions/db/ledger.js';
import { now } from '../../../functions/clock.js';
import { getUser } from '../../../functions/db/users.js';
import { config } from '../../../functions/config.js';
import { localMonth } from '../../../shared/time.js';

useTable();

describe('demo city: volunteer service', () => {
  it('has this month’s 1+N themes, teams, confirmed past and open upcoming activities, and is idempotent', async () => {
    const ctx = await seedDemo(() => undefined, stepsFor('base,volunteer'));
    const month = localMonth(Date.now(), config().tzName);
    const themes = await call('GET', `/api/themes?month=${month}`);
    expect(themes.body.mandatory).not.toBeNull();
    for (const s of ctx.streets) {
      expect(themes.body.special.filter((t: { streetId: string }) => t.streetId === s.id).length).toBeGreaterThan(0);
    }
    for (const c of ctx.communities) {
      const teams = await call('GET', `/api/teams?communityId=${c.id}`);
      expect(teams.body.items).toHaveLength(1);
      expect(teams.body.items[0].memberCount).toBe(5);
      expect(teams.body.items[0].serviceMinutes).toBeGreaterThan(0);
      const acts = (await call('GET', `/api/activities?communityId=${c.id}&limit=100`)).body.items as {
        status: string;
        endsAt: string;
        creditedMinutes: number;
      }[];
      expect(acts.filter((a) => a.status === 'confirmed' && a.creditedMinutes > 0)).toHaveLength(4);
      const open = acts.filter((a) => Date.parse(a.endsAt) > Date.now() && a.status === 'published');
      // Three upcoming ones everywhere; the first community also has one under way.
      expect(open).toHaveLength(c.id === ctx.communities[0]!.id ? 4 : 3);
    }
    const before = new Map<string, number>();
    for (const p of ctx.people) {
      const u = (await getUser(p.id, true))!;
      expect(await sumLedger(p.id)).toBe(u.balance);
      before.set(p.id, u.balance);
    }
    expect([...before.values()].some((b) => b > 0)).toBe(true);
    // Volunteer points carry the day the activity was confirmed (the evening it took place, 2+ days ago), not the
    // moment the demo city was loaded.
    const credits = (await Promise.all(ctx.people.map((p) => listLedger(p.id, 100)))).flatMap((l) =>
      l.items.filter((e) => e.reason === 'volunteer'),
    );
    expect(credits.length).toBeGreaterThan(0);
    for (const e of credits) expect(Date.parse(e.at)).toBeLessThan(now() - 24 * 3_600_000);
    // Seeding again changes nobody's balance.
    await seedDemo(() => undefined, stepsFor('base,volunteer'));
    for (const p of ctx.people) expect((await getUser(p.id, true))!.balance).toBe(before.get(p.id));
  }, 900_000);
});
