import { liabilityKey } from '../../../../shared/db/keys.js';
import { localMonth } from '../../../../shared/time.js';
import { config } from '../../../config.js';
import type { Projection } from '../projection.js';
import type { ProjectionWrite } from '../write.js';

/**
 * Points liability (issue 5): every ledger entry's delta, by reason, into its community's running totals
 * (`LIAB#<c>` / `TOTAL` and `/ <month>`); residents without a community under `LIAB#NONE`.
 */
export const liabilityProjection: Projection = {
  name: 'liability',
  async plan(events) {
    const out: ProjectionWrite[] = [];
    for (const e of events) {
      if (e.kind !== 'ledger') continue;
      const delta = e.item.delta as number;
      if (!delta) continue;
      const communityId = (e.src.communityId as string | null) ?? null;
      const month = localMonth(e.item.at as string, config().tzName);
      for (const period of ['TOTAL', month]) {
        out.push({
          kind: 'add',
          key: liabilityKey(communityId, period),
          add: { [e.item.reason as string]: delta },
          set: { communityId: communityId ?? 'NONE' },
        });
      }
    }
    return out;
  },
};
