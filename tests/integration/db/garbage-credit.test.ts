import { GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import { beforeAll, describe, expect, it } from 'vitest';
import { now } from '../../../functions/clock.js';
import type { BinRecord } from '../../../functions/db/bins.js';
import { unbindCard } from '../../../functions/db/cards.js';
import { db, tableName } from '../../../functions/db/client.js';
import { ConditionFailedError } from '../../../functions/db/errors.js';
import { commitCredit, creditItems, creditProfile } from '../../../functions/db/garbage-credit.js';
import { readGarbageState } from '../../../functions/db/garbage-state.js';
import { sumLedger } from '../../../functions/db/ledger.js';
import { getUser } from '../../../functions/db/users.js';
import { planCredit, type Candidate } from '../../../functions/services/garbage.js';
import { cardKey, scanDedupeKey, userCardsParent } from '../../../shared/db/keys.js';
import { newId } from '../../../shared/ids.js';
import { localDay } from '../../../shared/time.js';
import { config } from '../../../functions/config.js';
import { userWith, useTable } from '../../fixtures/api.js';
import { communityWithStaff, newCardNo, registerBin, residentWithCard } from '../../fixtures/garbage.js';

useTable();

let communityId: string;
let staff: string;
let bin: BinRecord;

beforeAll(async () => {
  ({ communityId, staff } = await communityWithStaff());
  const b = await registerBin(communityId, staff);
  bin = { id: b.id, communityId, name: '测试桶站', keyVersion: 1, createdAt: '' };
});

const rules = () => ({ pointsPerDrop: config().garbagePointsPerDrop, dailyCap: config().garbageDailyCap });

/** One correct drop of `cardNo` now, planned for `userId` from a fresh consistent read, as the service plans it. */
async function planDrop(userId: string, cardNo: string) {
  const state = await readGarbageState({ users: [userId], cards: [cardNo] });
  const scannedAt = new Date(now()).toISOString();
  const day = localDay(scannedAt, config().tzName);
  const cand: Candidate = {
    scanId: newId(),
    cardNo,
    category: 'kitchen',
    correct: true,
    scannedAt,
    day,
    month: day.slice(0, 7),
    userId,
  };
  return planCredit({ userId, profile: state.profile(userId)!, streetId: null, bin, shard: 0 }, [cand], rules());
}

const scanKept = async (scanId: string) =>
  (
    await db().send(
      new GetCommand({ TableName: tableName(), Key: scanDedupeKey(bin.id, scanId), ConsistentRead: true }),
    )
  ).Item;

describe('a bin credit checks the card on the holder’s profile', () => {
  it('lists a card bound through the API on its holder’s profile, checks it there, and unbinding takes it off', async () => {
    const r = await residentWithCard(communityId, staff);
    const plan = await planDrop(r.userId, r.cardNo);
    expect([...plan.profileCards]).toEqual([r.cardNo]);
    // No ConditionCheck of the card item: the profile's condition carries it (2 write units a scan less).
    expect(creditItems(plan, null, '').some((i) => i.ConditionCheck)).toBe(false);
    expect(creditProfile(plan, 1).condition).toBe('contains(cards, :q0)');
    expect(await unbindCard(r.cardNo, r.userId, 'staff')).toBe(true);
    const after = await readGarbageState({ users: [r.userId] });
    expect(after.profile(r.userId)!.cards.has(r.cardNo)).toBe(false);
  });

  it('refuses, whole, a credit planned before its card was unbound: no points, no entry, no scan kept', async () => {
    const r = await residentWithCard(communityId, staff);
    const plan = await planDrop(r.userId, r.cardNo);
    await unbindCard(r.cardNo, r.userId, 'staff');
    await expect(commitCredit(plan)).rejects.toBeInstanceOf(ConditionFailedError);
    expect((await getUser(r.userId, true))!.balance).toBe(0);
    expect(await sumLedger(r.userId)).toBe(0);
    expect(await scanKept(plan.scans[0]!.scanId)).toBeUndefined();
  });

  it('checks a card bound before profiles listed cards on its card item, and an unbind still cancels the credit', async () => {
    const u = await userWith({ communityId });
    const cardNo = newCardNo();
    // As bind wrote cards before this change: the card item only.
    await db().send(
      new PutCommand({
        TableName: tableName(),
        Item: {
          ...cardKey(cardNo),
          type: 'CARD',
          cardNo,
          userId: u.userId,
          active: true,
          boundAt: new Date(now()).toISOString(),
          gpk: userCardsParent(u.userId),
          gsk: `CARD#${cardNo}`,
        },
      }),
    );
    const plan = await planDrop(u.userId, cardNo);
    expect(plan.profileCards.size).toBe(0);
    expect(creditItems(plan, null, '').filter((i) => i.ConditionCheck)).toHaveLength(1);
    expect(creditProfile(plan, 1).condition).toBeUndefined();
    await unbindCard(cardNo, u.userId, 'staff');
    await expect(commitCredit(plan)).rejects.toBeInstanceOf(ConditionFailedError);
    expect((await getUser(u.userId, true))!.balance).toBe(0);
    // Bound as before, the same card credits.
    const fresh = await residentWithCard(communityId, staff);
    const ok = await commitCredit(await planDrop(fresh.userId, fresh.cardNo));
    expect(ok.balanceAfter).toBe(1);
  });
});

describe('a bin credit counts the daily cap on the holder’s profile', () => {
  it('refuses the second of two credits planned from the same read, so the cap is counted from what is there', async () => {
    const r = await residentWithCard(communityId, staff);
    const a = await planDrop(r.userId, r.cardNo);
    const b = await planDrop(r.userId, r.cardNo);
    await commitCredit(a);
    await expect(commitCredit(b)).rejects.toBeInstanceOf(ConditionFailedError);
    expect(await scanKept(b.scans[0]!.scanId)).toBeUndefined();
    // Planned again from the profile as it is now, the second counts on top of the first.
    const again = await planDrop(r.userId, r.cardNo);
    expect(Object.values(again.gcap)).toEqual([2]);
    await commitCredit(again);
    const state = await readGarbageState({ users: [r.userId] });
    expect(state.profile(r.userId)).toMatchObject({ balance: 2, ver: 2, gcap: again.gcap });
    expect(await sumLedger(r.userId)).toBe(2);
  });
});
