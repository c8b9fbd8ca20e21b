import { QueryCommand } from '@aws-sdk/lib-dynamodb';
import { describe, expect, it } from 'vitest';
import { db, tableName } from '../../../functions/db/client.js';
import { loadOrg } from '../../../functions/db/org.js';
import { getUser } from '../../../functions/db/users.js';
import { seedDemo } from '../../../functions/local/seed/index.js';
import { useTable } from '../../fixtures/api.js';

useTable();

describe('the demo city', () => {
  it('is a believable district and seeding twice changes nothing', async () => {
    const lines: string[] = [];
    const first = await seedDemo((l) => lines.push(l));
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

    const second = await seedDemo(() => undefined);
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
  });
});
