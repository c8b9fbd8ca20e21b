import { describe, expect, it } from 'vitest';
import { ConditionFailedError } from '../../../functions/db/errors.js';
import { getBoardValue } from '../../../functions/db/leaderboards.js';
import { leaderboardWrites, type Contribution } from '../../../functions/db/leaderboard-writes.js';
import { moveBalance } from '../../../functions/db/ledger.js';
import { tableName } from '../../../functions/db/client.js';
import { createCommunity, createStreet } from '../../../functions/db/org.js';
import { communitiesBoard, peopleBoard, teamsBoard } from '../../../shared/db/keys.js';
import { newId } from '../../../shared/ids.js';
import { applyContributions, putMembership, putTeam } from '../../fixtures/boards.js';
import { useTable, userWith } from '../../fixtures/api.js';

useTable();

const AT = '2026-03-10T02:00:00.000Z';
const value = async (subject: 'USER' | 'TEAM' | 'COMMUNITY', id: string, board: string) =>
  (await getBoardValue(subject, id, board))?.value ?? 0;

async function place() {
  const street = await createStreet('回龙观街道', newId());
  const community = await createCommunity(street.id, '龙泽苑社区', newId());
  return { streetId: street.id, communityId: community.id };
}

describe('leaderboardWrites in a credit transaction', () => {
  it('counts a retried credit once: the guard fails and the boards do not move', async () => {
    const where = await place();
    const { userId } = await userWith({ communityId: where.communityId });
    const activityId = newId();
    const contributions: Contribution[] = [
      { userId, name: '王秀英', metric: 'service_minutes', value: 90, at: AT, ...where },
      { userId, name: '王秀英', metric: 'volunteer_points', value: 15, at: AT, ...where },
    ];
    const confirm = async () =>
      moveBalance({ userId, delta: 15, reason: 'volunteer', ref: `activity:${activityId}`, actor: 'test' }, [
        {
          Put: {
            TableName: tableName(),
            Item: { pk: `ACT#${activityId}`, sk: `CREDIT#${userId}` },
            ConditionExpression: 'attribute_not_exists(pk)',
          },
        },
        ...(await leaderboardWrites(contributions)),
      ]);
    await confirm();
    await expect(confirm()).rejects.toBeInstanceOf(ConditionFailedError);
    expect(await value('USER', userId, peopleBoard('service_minutes', 'city', 'all'))).toBe(90);
    expect(
      await value('USER', userId, peopleBoard('volunteer_points', `community:${where.communityId}`, '2026-03')),
    ).toBe(15);
    expect(await value('COMMUNITY', where.communityId, communitiesBoard('service_minutes', '2026'))).toBe(90);
  });

  it("finds a person's active teams when the credit names none, and skips pending ones", async () => {
    const where = await place();
    const userId = newId();
    const [active, pending, left] = [newId(), newId(), newId()];
    await putTeam(active, '青年志愿队', where.communityId);
    await putTeam(pending, '银发服务队', where.communityId);
    await putMembership(userId, active, 'active');
    await putMembership(userId, pending, 'pending');
    await putMembership(userId, left, 'active');
    await putMembership(userId, left, 'removed');
    await applyContributions([{ userId, name: '李建国', metric: 'service_minutes', value: 60, at: AT, ...where }]);
    expect(await value('USER', userId, peopleBoard('service_minutes', `team:${active}`, 'all'))).toBe(60);
    expect(await value('USER', userId, peopleBoard('service_minutes', `team:${pending}`, 'all'))).toBe(0);
    expect(await value('USER', userId, peopleBoard('service_minutes', `team:${left}`, 'all'))).toBe(0);
    for (const scope of ['city', `street:${where.streetId}`, `community:${where.communityId}`]) {
      const row = await getBoardValue('TEAM', active, teamsBoard('service_minutes', scope, '2026-03'));
      expect(row).toMatchObject({ value: 60, name: '青年志愿队' });
    }
  });

  it('derives the street from the community when the credit leaves it out', async () => {
    const where = await place();
    const userId = newId();
    await applyContributions([
      {
        userId,
        name: '张丽娟',
        metric: 'garbage_points',
        value: 1,
        at: AT,
        communityId: where.communityId,
        streetId: null,
      },
    ]);
    expect(await value('USER', userId, peopleBoard('garbage_points', `street:${where.streetId}`, '2026'))).toBe(1);
  });

  it('ranks a team without a team item city-wide only', async () => {
    const where = await place();
    const userId = newId();
    const ghost = newId();
    await applyContributions([
      { userId, name: '刘海燕', metric: 'service_minutes', value: 30, at: AT, ...where, teamIds: [ghost] },
    ]);
    expect(await value('TEAM', ghost, teamsBoard('service_minutes', 'city', 'all'))).toBe(30);
    expect(await value('TEAM', ghost, teamsBoard('service_minutes', `community:${where.communityId}`, 'all'))).toBe(0);
  });

  it('keeps a volunteer credit of someone in four teams within one transaction with the ledger items', async () => {
    const where = await place();
    const { userId } = await userWith({ communityId: where.communityId });
    const teams = [newId(), newId(), newId(), newId()];
    for (const t of teams) await putTeam(t, `队${t.slice(-3)}`, where.communityId);
    const items = await leaderboardWrites([
      { userId, name: '陈国华', metric: 'service_minutes', value: 120, at: AT, ...where, teamIds: teams },
      { userId, name: '陈国华', metric: 'volunteer_points', value: 20, at: AT, ...where, teamIds: teams },
    ]);
    expect(items).toHaveLength(84);
    await moveBalance({ userId, delta: 20, reason: 'volunteer', ref: 'activity:x', actor: 'test' }, items);
    for (const t of teams) {
      expect(await value('TEAM', t, teamsBoard('service_minutes', `street:${where.streetId}`, '2026'))).toBe(120);
      expect(await value('USER', userId, peopleBoard('volunteer_points', `team:${t}`, '2026-03'))).toBe(20);
    }
  });

  it('writes nothing for a zero value and refuses a fraction', async () => {
    const c: Contribution = {
      userId: newId(),
      name: 'x',
      metric: 'garbage_points',
      value: 0,
      at: AT,
      communityId: null,
      streetId: null,
    };
    expect(await leaderboardWrites([c])).toEqual([]);
    await expect(leaderboardWrites([{ ...c, value: 1.5 }])).rejects.toThrow(/integer/);
  });
});
