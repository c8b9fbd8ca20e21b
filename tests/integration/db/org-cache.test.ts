import { describe, expect, it } from 'vitest';
import { meterCalls } from '../../../functions/db/call-meter.js';
import { db } from '../../../functions/db/client.js';
import { createCommunity, createStreet, invalidateOrg, loadOrg } from '../../../functions/db/org.js';
import { useTable } from '../../fixtures/api.js';

useTable();

describe('the cached org', () => {
  it('is read once by requests that find the cache empty together', async () => {
    const street = await createStreet('缓存街道');
    invalidateOrg();
    const meter = meterCalls(db());
    try {
      const snaps = await Promise.all(Array.from({ length: 8 }, () => loadOrg()));
      expect(meter.calls().map((c) => c.op)).toEqual(['Query']);
      for (const s of snaps) expect(s.streetById.get(street.id)?.name).toBe('缓存街道');
      await loadOrg();
      expect(meter.calls()).toHaveLength(1);
    } finally {
      meter.stop();
    }
  });

  it('drops a read that a write overtook, so the next caller sees the write', async () => {
    const street = await createStreet('写前街道');
    invalidateOrg();
    // Hold the org Query's answer until the write below has landed: that read is stale for sure.
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    let answered!: () => void;
    const queryAnswered = new Promise<void>((r) => (answered = r));
    const name = 'hold-org-read';
    db().middlewareStack.add(
      (next, context) => async (args) => {
        const out = await next(args);
        if (context.commandName === 'QueryCommand') {
          answered();
          await gate;
        }
        return out;
      },
      { step: 'initialize', name },
    );
    const before = loadOrg();
    // The Query has its answer from DynamoDB before the write is sent (no guessing how long that takes).
    await queryAnswered;
    let community: { id: string };
    try {
      community = await createCommunity(street.id, '写后社区');
    } finally {
      db().middlewareStack.remove(name);
      release();
    }
    expect((await before).communityById.has(community.id)).toBe(false);
    expect((await loadOrg()).communityById.get(community.id)?.name).toBe('写后社区');
  });
});
