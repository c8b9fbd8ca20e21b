import { liabilityKey } from '../../shared/db/keys.js';
import type { LedgerReason } from '../../shared/schemas/points.js';
import { batchGet } from './batch-get.js';

/** Sum of ledger deltas of one community, per ledger reason (absent reasons read as 0). */
export type LiabilityCounters = Record<LedgerReason, number>;

const REASONS: LedgerReason[] = ['volunteer', 'garbage', 'adjust', 'redeem', 'refund'];

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
  const found = await batchGet(
    communityIds.map((id) => liabilityKey(id, period)),
    { consistent: false, attributes: REASONS },
  );
  for (const it of found.values()) {
    const row = byPk.get(it.pk as string);
    if (!row) continue;
    for (const reason of REASONS) if (typeof it[reason] === 'number') row[reason] = it[reason] as number;
  }
  return out;
}
