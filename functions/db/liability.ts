import { BatchGetCommand } from '@aws-sdk/lib-dynamodb';
import { liabilityKey } from '../../shared/db/keys.js';
import type { LedgerReason } from '../../shared/schemas/points.js';
import { db, tableName } from './client.js';
import { backoff } from './transact.js';

/** Sum of ledger deltas of one community, per ledger reason (absent reasons read as 0). */
export type LiabilityCounters = Record<LedgerReason, number>;

const REASONS: LedgerReason[] = ['volunteer', 'garbage', 'adjust', 'redeem', 'refund'];
const BATCH = 100;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * The liability counters the ledger core moves (`LIAB#<communityId>` / `TOTAL` or `YYYY-MM`), for many
 * communities (`null`: residents without one): one BatchGetItem per 100 (the district's 145 is 2 calls).
 */
export async function getLiabilityCounters(
  communityIds: (string | null)[],
  period = 'TOTAL',
): Promise<Map<string | null, LiabilityCounters>> {
  const out = new Map<string | null, LiabilityCounters>();
  const byPk = new Map<string, LiabilityCounters>();
  for (const id of communityIds) {
    const row = { volunteer: 0, garbage: 0, adjust: 0, redeem: 0, refund: 0 };
    out.set(id, row);
    byPk.set(liabilityKey(id, period).pk, row);
  }
  for (let i = 0; i < communityIds.length; i += BATCH) {
    let keys: Record<string, unknown>[] = communityIds
      .slice(i, i + BATCH)
      .map((id) => ({ ...liabilityKey(id, period) }) as Record<string, unknown>);
    for (let attempt = 0; keys.length > 0; attempt++) {
      const r = await db().send(new BatchGetCommand({ RequestItems: { [tableName()]: { Keys: keys } } }));
      for (const it of r.Responses?.[tableName()] ?? []) {
        const row = byPk.get(it.pk as string);
        if (!row) continue;
        for (const reason of REASONS) if (typeof it[reason] === 'number') row[reason] = it[reason] as number;
      }
      keys = (r.UnprocessedKeys?.[tableName()]?.Keys as Record<string, unknown>[] | undefined) ?? [];
      if (keys.length > 0) await sleep(backoff(attempt));
    }
  }
  return out;
}
