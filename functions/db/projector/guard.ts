import { projectorGuardKey } from '../../../shared/db/keys.js';
import { DAY, epochSeconds } from '../../../shared/time.js';
import { now } from '../../clock.js';
import { batchGet, itemId } from '../batch-get.js';
import { tableName } from '../client.js';
import type { TxItem } from '../transact.js';
import type { SourceEvent } from './source.js';

/**
 * What the projector applied of one person: every source event with a lower profile version, and the
 * listed slots of `ver`. `n` counts the guard's writes (the optimistic lock of the next one).
 */
export interface Guard {
  ver: number;
  slots: number[];
  n: number;
}

/** The stream keeps records 24 h; a guard idle for longer is never asked again. */
const GUARD_TTL_MS = 3 * DAY;

/**
 * Whether an event was applied already. Sound because a person's source items all live in the
 * person's partition (`USER#<id>`), whose stream records arrive in commit order: once anything of
 * version v+1 is applied, everything of v and below was.
 */
export const applied = (e: Pick<SourceEvent, 'ver' | 'slot'>, g: Guard | undefined): boolean =>
  !!g && (e.ver < g.ver || (e.ver === g.ver && g.slots.includes(e.slot)));

export async function readGuards(userIds: string[]): Promise<Map<string, Guard>> {
  const found = await batchGet(userIds.map(projectorGuardKey));
  const out = new Map<string, Guard>();
  for (const u of userIds) {
    const it = found.get(itemId(projectorGuardKey(u)));
    if (it) out.set(u, { ver: it.ver as number, slots: (it.slots as number[]) ?? [], n: (it.n as number) ?? 0 });
  }
  return out;
}

/** The guard after applying `events` (ordered by ver, slot) on top of `g`. */
export function advance(g: Guard | undefined, events: SourceEvent[]): Guard {
  const last = events[events.length - 1]!;
  const slots = new Set(g && g.ver === last.ver ? g.slots : []);
  for (const e of events) if (e.ver === last.ver) slots.add(e.slot);
  return { ver: last.ver, slots: [...slots].sort((a, b) => a - b), n: (g?.n ?? 0) + 1 };
}

/**
 * The guard write that goes into the same transaction as the increments: it moves only if the guard is
 * still what was read, so two deliveries of the same records can never both commit.
 */
export function guardTxItem(userId: string, before: Guard | undefined, after: Guard): TxItem {
  return {
    Update: {
      TableName: tableName(),
      Key: projectorGuardKey(userId),
      UpdateExpression: 'SET #type = :t, ver = :v, slots = :s, #n = :n1, #ttl = :ttl',
      ConditionExpression: before ? '#n = :n0' : 'attribute_not_exists(pk)',
      ExpressionAttributeNames: { '#type': 'type', '#n': 'n', '#ttl': 'ttl' },
      ExpressionAttributeValues: {
        ':t': 'PROJ_GUARD',
        ':v': after.ver,
        ':s': after.slots,
        ':n1': after.n,
        ':ttl': epochSeconds(now() + GUARD_TTL_MS),
        ...(before ? { ':n0': before.n } : {}),
      },
    },
  };
}
