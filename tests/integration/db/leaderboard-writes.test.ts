import { describe, expect, it } from 'vitest';
import { ConditionFailedError } from '../../../functions/db/errors.js';
import { getBoardValue } from '../../../functions/db/leaderboards.js';
import { batchGet, itemId } from '../../../functions/db/batch-get.js';
import { readBoardTops } from '../../../functions/db/board-tops.js';
import {
  personBoardsTxItem,
  resolveContributions,
  type Contribution,
} from '../../../functions/db/leaderboard-writes.js';
import { personBoardsOf } from '../../../functions/db/person-boards.js';
import { overwriteName } from '../../../functions/db/personal-data.js';
import { CLOSED_NAME } from '../../../shared/schemas/privacy.js';
import { transactWrite } from '../../../functions/db/transact.js';
import { createCommunity, createStreet } from '../../../functions/db/org.js';
import { communitiesBoard, peopleBoard, personBoardsKey, teamsBoard } from '../../../shared/db/keys.js';
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

describe('board writes (persons’ totals, team and community items, top lists)', () => {
  it('counts a credit on the city, street and community of each period, and on the community board', async () => {
    const where = await place();
    const { userId } = await userWith({ communityId: where.communityId });
    const contributions: Contribution[] = [
      { userId, name: '王秀英', metric: 'service_minutes', value: 90, at: AT, ...where },
      { userId, name: '王秀英', metric: 'volunteer_points', value: 15, at: AT, ...where },
    ];
    await applyContributions(contributions);
    await applyContributions([{ ...contributions[0]!, value: 10, at: '2026-04-02T02:00:00.000Z' }]);
    expect(await value('USER', userId, peopleBoard('service_minutes', 'city', 'all'))).toBe(100);
    expect(await value('USER', userId, peopleBoard('service_minutes', `street:${where.streetId}`, '2026'))).toBe(100);
    expect(await value('USER', userId, peopleBoard('service_minutes', 'city', '2026-03'))).toBe(90);
    expect(await value('USER', userId, peopleBoard('service_minutes', 'city', '2026-04'))).toBe(10);
    expect(
      await value('USER', userId, peopleBoard('volunteer_points', `community:${where.communityId}`, '2026-03')),
    ).toBe(15);
    expect(await value('COMMUNITY', where.communityId, communitiesBoard('service_minutes', '2026'))).toBe(100);
    // The top lists hold the same values.
    const board = peopleBoard('service_minutes', `community:${where.communityId}`, 'all');
    expect((await readBoardTops([board])).get(board)!.rows).toEqual({ [userId]: 100 });
  });

  it('refuses a write of a totals item that moved since it was read (no lost update)', async () => {
    const userId = newId();
    await applyContributions([
      { userId, name: '周', metric: 'garbage_points', value: 2, at: AT, communityId: null, streetId: null },
    ]);
    const stale = (await batchGet([personBoardsKey(userId)])).get(itemId(personBoardsKey(userId)))!;
    await applyContributions([
      { userId, name: '周', metric: 'garbage_points', value: 3, at: AT, communityId: null, streetId: null },
    ]);
    await expect(transactWrite([personBoardsTxItem(userId, personBoardsOf(stale), stale)])).rejects.toBeInstanceOf(
      ConditionFailedError,
    );
    expect(await value('USER', userId, peopleBoard('garbage_points', 'city', 'all'))).toBe(5);
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

  it('counts a volunteer credit of someone in four teams on every team board and team-scope people board', async () => {
    const where = await place();
    const { userId } = await userWith({ communityId: where.communityId });
    const teams = [newId(), newId(), newId(), newId()];
    for (const t of teams) await putTeam(t, `队${t.slice(-3)}`, where.communityId);
    await applyContributions([
      { userId, name: '陈国华', metric: 'service_minutes', value: 120, at: AT, ...where, teamIds: teams },
      { userId, name: '陈国华', metric: 'volunteer_points', value: 20, at: AT, ...where, teamIds: teams },
    ]);
    for (const t of teams) {
      expect(await value('TEAM', t, teamsBoard('service_minutes', `street:${where.streetId}`, '2026'))).toBe(120);
      expect(await value('USER', userId, peopleBoard('volunteer_points', `team:${t}`, '2026-03'))).toBe(20);
    }
  });

  it('counts nothing for a zero value and refuses a fraction', async () => {
    const c: Contribution = {
      userId: newId(),
      name: 'x',
      metric: 'garbage_points',
      value: 0,
      at: AT,
      communityId: null,
      streetId: null,
    };
    expect(await resolveContributions([c])).toEqual([]);
    await expect(resolveContributions([{ ...c, value: 1.5 }])).rejects.toThrow(/integer/);
  });
});

describe('a closed account on the boards', () => {
  it('keeps the erased name when a credit earned before the closing arrives after it', async () => {
    const userId = newId();
    const c: Contribution = {
      userId,
      name: '吴桂兰',
      metric: 'garbage_points',
      value: 1,
      at: AT,
      communityId: null,
      streetId: null,
    };
    await applyContributions([c]);
    await overwriteName({ key: personBoardsKey(userId), attr: 'name' }, CLOSED_NAME);
    await applyContributions([c]);
    const row = await getBoardValue('USER', userId, peopleBoard('garbage_points', 'city', 'all'));
    expect(row).toEqual({ subjectId: userId, name: CLOSED_NAME, value: 2 });
  });
});
