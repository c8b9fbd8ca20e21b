import { describe, expect, it } from 'vitest';
import { db } from '../../../functions/db/client.js';
import { seedId } from '../../../functions/local/seed-id.js';
import { readPeopleBoard } from '../../../functions/services/leaderboards.js';
import { boardTopShards, peopleBoard } from '../../../shared/db/keys.js';
import { writeBoardRows } from '../../fixtures/boards.js';
import { call, useTable } from '../../fixtures/api.js';

useTable();

/** Counts every DynamoDB call and every item it returns while `fn` runs. */
async function metered<T>(fn: () => Promise<T>): Promise<{ result: T; calls: Record<string, number>; items: number }> {
  const calls: Record<string, number> = {};
  let items = 0;
  const name = `meter-${Math.random()}`;
  db().middlewareStack.add(
    (next, context) => async (args) => {
      calls[context.commandName as string] = (calls[context.commandName as string] ?? 0) + 1;
      const out = await next(args);
      const o = out.output as { Items?: unknown[]; Item?: unknown; Responses?: Record<string, unknown[]> };
      items += (o.Items?.length ?? 0) + (o.Item ? 1 : 0);
      for (const r of Object.values(o.Responses ?? {})) items += r.length;
      return out;
    },
    { step: 'initialize', name },
  );
  try {
    return { result: await fn(), calls, items };
  } finally {
    db().middlewareStack.remove(name);
  }
}

const board = peopleBoard('garbage_points', 'city', 'all');
/** Residents `from`..`to`-1 with deterministic ids (so shard sizes are the same every run) and distinct values. */
const residents = (from: number, to: number) =>
  Array.from({ length: to - from }, (_, k) => {
    const i = from + k;
    return { subjectId: seedId(`resident:${i}`), name: `居民${i}`, value: 1 + ((i * 7919) % 100_000) };
  });

describe('reading the top 100 of the city', () => {
  // Writing 6,000 rows beside other files on one DynamoDB Local of a 2-core CI machine takes minutes.
  it('costs the same calls and items whether 2,400 or 6,000 people are ranked', { timeout: 300_000 }, async () => {
    const me = seedId('resident:7');
    const read = () => readPeopleBoard({ metric: 'garbage_points', scope: 'city', period: 'all', limit: 100 }, me);
    const api = () => call('GET', '/api/leaderboards?metric=garbage_points&scope=city&period=all&limit=100');

    await writeBoardRows(board, 'USER', residents(0, 2_400));
    const small = await metered(read);
    const smallApi = await metered(api);

    await writeBoardRows(board, 'USER', residents(2_400, 6_000));
    const large = await metered(read);
    const largeApi = await metered(api);

    // The board's list shards (one BatchGet of S keys), the caller's totals (GetItem), the 100 names (one
    // BatchGet), whatever the population: at most S list items, the names and the caller.
    const S = boardTopShards(board);
    expect(small.calls).toEqual({ GetItemCommand: 1, BatchGetItemCommand: 2 });
    expect(large.calls).toEqual(small.calls);
    for (const m of [small, large]) {
      expect(m.items).toBeGreaterThanOrEqual(1 + 1 + 100);
      expect(m.items).toBeLessThanOrEqual(S + 1 + 100);
    }
    expect(smallApi.calls).toEqual({ BatchGetItemCommand: 2 });
    expect(largeApi.calls).toEqual(smallApi.calls);
    expect(largeApi.items).toBeLessThanOrEqual(S + 100);

    // And it is the right top 100, with the caller's value and rank.
    const all = residents(0, 6_000).sort((a, b) => b.value - a.value);
    expect(large.result.entries).toHaveLength(100);
    expect(large.result.entries.map((e) => e.value)).toEqual(all.slice(0, 100).map((r) => r.value));
    const mine = residents(7, 8)[0]!.value;
    expect(large.result.me).toEqual({
      value: mine,
      rank: mine >= all[99]!.value ? all.findIndex((r) => r.value === mine) + 1 : null,
    });
    expect(largeApi.result.body.entries[0]).toMatchObject({ rank: 1, userId: all[0]!.subjectId, value: all[0]!.value });
  });
});
