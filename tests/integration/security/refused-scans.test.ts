import { describe, expect, it } from 'vitest';
import { getUser } from '../../../functions/db/users.js';
import { call, useTable, userWith } from '../../fixtures/api.js';
import { communityWithStaff, newCardNo, registerBin, scan, upload } from '../../fixtures/garbage.js';

useTable();

describe('a refused scan resent later is a duplicate (issue 12, defect 8)', () => {
  it('does not credit an unknown-card scan the bin resends after the card is bound', async () => {
    const { communityId, staff } = await communityWithStaff();
    const bin = await registerBin(communityId, staff);
    const cardNo = newCardNo();
    const s = scan(cardNo);
    const first = await upload(bin, { scans: [s] });
    expect(first.status).toBe(200);
    expect(first.body).toMatchObject({
      accepted: 0,
      duplicates: 0,
      rejected: [{ scanId: s.scanId, reason: 'unknown-card' }],
    });

    const holder = await userWith({ communityId });
    expect((await call('POST', '/api/cards', { token: staff, body: { cardNo, userId: holder.userId } })).status).toBe(
      201,
    );
    const again = await upload(bin, { scans: [s, scan(cardNo)] });
    expect(again.status).toBe(200);
    // The resent scanId is a duplicate; a new scan of the now-bound card earns as usual.
    expect(again.body).toEqual({ accepted: 1, duplicates: 1, rejected: [], pointsAwarded: 1 });
    expect((await getUser(holder.userId, true))!.balance).toBe(1);
  });
});
