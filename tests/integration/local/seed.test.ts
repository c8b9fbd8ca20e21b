import { QueryCommand } from '@aws-sdk/lib-dynamodb';
import { describe, expect, it } from 'vitest';
import { db, tableName } from '../../../functions/db/client.js';
import { loadOrg } from '../../../functions/db/org.js';
import { getUser } from '../../../functions/db/users.js';
import { seedDemo, stepsFor } from '../../../functions/local/seed/index.js';
import { drainProjector, useTable } from '../../fixtures/api.js';
import { config } from '../../../functions/config.js';
import { listBins } from '../../../functions/db/bins.js';
import { listUserCards } from '../../../functions/db/cards.js';
import { sumLedger } from '../../../functions/db/ledger.js';
import { BINS_PER_COMMUNITY, demoCardNo } from '../../../functions/local/seed/garbage.js';
import { monthStats } from '../../../functions/services/garbage-stats.js';
import { DAY, localMonth } from '../../../shared/time.js';

useTable();

describe('the demo city', () => {
  it('is a believable district and seeding twice changes nothing', { timeout: 900_000 }, async () => {
    const lines: string[] = [];
    const first = await seedDemo((l) => lines.push(l), stepsFor('base,garbage'));
    expect(lines.some((l) => l.startsWith('[1/'))).toBe(true);
    const org = await loadOrg(true);
    expect(org.streets).toHaveLength(2);
    expect(org.communities).toHaveLength(6);
    expect(first.people.length).toBeGreaterThanOrEqual(50);
    const someone = (await getUser(first.people[10]!.id))!;
    expect(someone.name).toMatch(/^[\u4e00-\u9fa5]{2,}/);
    expect(someone.communityId).toBe(first.people[10]!.communityId);
    const organizer = (await getUser(first.streetOrganizers.values().next().value!))!;
    expect(organizer.roles.some((r) => r.role === 'organizer' && r.scope.startsWith('street:'))).toBe(true);

    const second = await seedDemo(() => undefined, stepsFor('base,garbage'));
    expect(second.people.map((p) => p.id)).toEqual(first.people.map((p) => p.id));
    expect((await loadOrg(true)).communities).toHaveLength(6);
    const orgItems = await db().send(
      new QueryCommand({
        TableName: tableName(),
        KeyConditionExpression: 'pk = :p',
        ExpressionAttributeValues: { ':p': 'ORG' },
      }),
    );
    expect(orgItems.Items).toHaveLength(8);

    // Garbage sorting: bins in every community, cards for most residents, a month of drops credited
    // through the bins' own service, so every holder's balance is the sum of its ledger.
    const bins = await listBins(org.communities[0]!.id, 100);
    expect(bins.items).toHaveLength(BINS_PER_COMMUNITY);
    const holders = first.people.filter((_, i) => i % 5 !== 4);
    expect(holders.length).toBeGreaterThanOrEqual(first.people.length * 0.75);
    const cards = await listUserCards(holders[3]!.id);
    expect(cards.items).toEqual([expect.objectContaining({ cardNo: demoCardNo(4) })]);
    let earned = 0;
    for (const h of holders.slice(0, 10)) {
      const u = (await getUser(h.id, true))!;
      expect(await sumLedger(h.id)).toBe(u.balance);
      earned += u.balance;
    }
    expect(earned).toBeGreaterThan(0);
    const month = localMonth(Date.now() - DAY, config().tzName);
    await drainProjector(); // statistics are the projector's, from the credits' stream records
    const stats = await monthStats(org.communities[0]!.id, month);
    expect(stats.scans).toBeGreaterThan(0);
    expect(stats.correctRate).toBeGreaterThan(0.5);
    expect(stats.correctRate).toBeLessThan(1);
    expect(stats.participants).toBeGreaterThan(0);
  });
});
