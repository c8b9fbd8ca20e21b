import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { describe, expect, it } from 'vitest';
import { liabilityKey } from '../../../shared/db/keys.js';
import { db, tableName } from '../../../functions/db/client.js';
import { ConditionFailedError } from '../../../functions/db/errors.js';
import { listLedger, moveBalance, moveBalances, sumLedger } from '../../../functions/db/ledger.js';
import { getUser } from '../../../functions/db/users.js';
import { AppError, RetryExhaustedError } from '../../../shared/errors.js';
import { newId } from '../../../shared/ids.js';
import { localMonth } from '../../../shared/time.js';
import { drainProjector, useTable, userWith } from '../../fixtures/api.js';

useTable();

const credit = (userId: string, delta: number, ref = `test:${newId()}`) =>
  moveBalance({ userId, delta, reason: delta >= 0 ? 'adjust' : 'redeem', ref, actor: 'test' });

describe('moveBalance (the ledger core)', () => {
  it('moves the balance and appends an entry with balanceAfter', async () => {
    const { userId } = await userWith();
    const a = await credit(userId, 50);
    const b = await credit(userId, -20);
    expect(a.balanceAfter).toBe(50);
    expect(b.balanceAfter).toBe(30);
    expect((await getUser(userId, true))!.balance).toBe(30);
    const ledger = await listLedger(userId, 10);
    expect(ledger.items.map((e) => e.delta)).toEqual([-20, 50]);
    expect(ledger.items[0]).toMatchObject({ reason: 'redeem', balanceAfter: 30 });
  });

  it('refuses to take a balance below 0 and writes nothing', async () => {
    const { userId } = await userWith();
    await credit(userId, 5);
    await expect(credit(userId, -6)).rejects.toMatchObject({ slug: 'insufficient-points' });
    expect((await getUser(userId, true))!.balance).toBe(5);
    expect((await listLedger(userId, 10)).items).toHaveLength(1);
  });

  it('keeps balance = Σ ledger under 40 concurrent credits and debits', async () => {
    const { userId } = await userWith();
    await credit(userId, 100);
    const deltas = Array.from({ length: 40 }, (_, i) => (i % 2 === 0 ? 7 : -9));
    const results = await Promise.allSettled(deltas.map((d) => credit(userId, d)));
    const applied = deltas.filter((_, i) => results[i]!.status === 'fulfilled');
    // A refusal is either "not enough points" or "too busy, try again" (a 503 that wrote nothing).
    const refused = results.filter((r) => r.status === 'rejected');
    for (const r of refused) {
      const reason = (r as PromiseRejectedResult).reason as unknown;
      expect(reason instanceof AppError || reason instanceof RetryExhaustedError).toBe(true);
    }
    // Optimistic concurrency is lock-free: a move tries again only because another one landed
    // meanwhile, so a move that gave up after its 8 tries saw at least 8 others land. (How many give
    // up depends on the machine's speed, not on the code.)
    const gaveUp = refused.filter((r) => (r as PromiseRejectedResult).reason instanceof RetryExhaustedError).length;
    expect(applied.length).toBeGreaterThanOrEqual(gaveUp > 0 ? 8 : 1);
    const balance = (await getUser(userId, true))!.balance;
    expect(balance).toBe(100 + applied.reduce((s, d) => s + d, 0));
    expect(await sumLedger(userId)).toBe(balance);
    expect(balance).toBeGreaterThanOrEqual(0);
    // Every balanceAfter is distinct and chains: the entries form one serial history.
    const entries = (await listLedger(userId, 100)).items.reverse();
    let running = 0;
    for (const e of entries) {
      running += e.delta;
      expect(e.balanceAfter).toBe(running);
    }
  });

  it("writes nothing when the caller's guard item fails, and names the failed item", async () => {
    const { userId } = await userWith();
    const guard = { pk: `TEST#${newId()}`, sk: 'GUARD' };
    const put = () => ({
      Put: { TableName: tableName(), Item: { ...guard }, ConditionExpression: 'attribute_not_exists(pk)' },
    });
    await moveBalance({ userId, delta: 10, reason: 'adjust', ref: 'guarded', actor: 't' }, [put()]);
    const err = await moveBalance(
      { userId, delta: 10, reason: 'adjust', ref: 'guarded', actor: 't' },
      { guard: put() },
    ).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ConditionFailedError);
    expect((err as ConditionFailedError).failedPart('guard')).toBe(true);
    expect((err as ConditionFailedError).failedPart('ledgerCore')).toBe(false);
    expect((await getUser(userId, true))!.balance).toBe(10);
    expect(await sumLedger(userId)).toBe(10);
  });

  it('moves several people in one transaction; the projector merges their liability by community', async () => {
    const communityId = newId();
    const a = await userWith({ communityId });
    const b = await userWith({ communityId });
    await moveBalances([
      { userId: a.userId, delta: 3, reason: 'garbage', ref: 'x', actor: 't' },
      { userId: b.userId, delta: 4, reason: 'garbage', ref: 'x', actor: 't' },
    ]);
    await credit(a.userId, -2);
    await drainProjector(); // liability is projected from the ledger entries (issue 10)
    const total = await db().send(new GetCommand({ TableName: tableName(), Key: liabilityKey(communityId, 'TOTAL') }));
    expect(total.Item).toMatchObject({ garbage: 7, redeem: -2 });
    const month = localMonth(new Date(), 'Asia/Shanghai');
    const m = await db().send(new GetCommand({ TableName: tableName(), Key: liabilityKey(communityId, month) }));
    expect(m.Item).toMatchObject({ garbage: 7, redeem: -2 });
  });

  it('grows other profile counters in the same write', async () => {
    const { userId } = await userWith();
    await moveBalance({ userId, delta: 0, reason: 'volunteer', ref: 'a', actor: 't', add: { serviceMinutes: 90 } });
    const u = (await getUser(userId, true))!;
    expect(u.serviceMinutes).toBe(90);
    expect((await listLedger(userId, 10)).items).toHaveLength(0);
  });
});
