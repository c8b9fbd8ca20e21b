import { projectorGuardKey } from '../../../shared/db/keys.js';
import { batchGet, itemId } from '../batch-get.js';
import { personBoardsTxItem } from '../leaderboard-writes.js';
import { personBoardsOf, type PersonBoards } from '../person-boards.js';
import type { TxItem } from '../transact.js';
import type { SourceEvent } from './source.js';

/**
 * What the projector applied of one person: every source event with a lower profile version, and the
 * listed slots of `ver`. `n` counts the writes of the item (the optimistic lock of the next one). It
 * lives in the person's totals item, so `person` (their board values and garbage participation) and the
 * guard move in ONE write: applying a batch to a person costs one item, whatever boards it touches.
 */
export interface Guard {
  ver: number;
  slots: number[];
  n: number;
  person: PersonBoards;
  /** The item as read (the condition of the next write); undefined when there is none yet. */
  item?: Record<string, unknown>;
}

/**
 * Whether an event was applied already. Sound because a person's source items all live in the
 * person's partition (`USER#<id>`), whose stream records arrive in commit order: once anything of
 * version v+1 is applied, everything of v and below was.
 */
export const applied = (e: Pick<SourceEvent, 'ver' | 'slot'>, g: Guard | undefined): boolean =>
  !!g && g.item?.ver !== undefined && (e.ver < g.ver || (e.ver === g.ver && g.slots.includes(e.slot)));

export async function readGuards(userIds: string[]): Promise<Map<string, Guard>> {
  const found = await batchGet(userIds.map(projectorGuardKey));
  const out = new Map<string, Guard>();
  for (const u of userIds) {
    const it = found.get(itemId(projectorGuardKey(u)));
    if (it) {
      out.set(u, {
        ver: (it.ver as number | undefined) ?? -1,
        slots: (it.slots as number[]) ?? [],
        n: (it.n as number) ?? 0,
        person: personBoardsOf(it),
        item: it,
      });
    }
  }
  return out;
}

/** The guard after applying `events` (ordered by ver, slot) on top of `g`, with the person as planned. */
export function advance(g: Guard | undefined, events: SourceEvent[], person: PersonBoards): Guard {
  const last = events[events.length - 1]!;
  const slots = new Set(g && g.ver === last.ver ? g.slots : []);
  for (const e of events) if (e.ver === last.ver) slots.add(e.slot);
  const n = (g?.n ?? 0) + 1;
  const ver = last.ver;
  const sorted = [...slots].sort((a, b) => a - b);
  // What the item holds once written: the next write of the same batch (a split person) locks on it.
  return { ver, slots: sorted, n, person, item: { ver, slots: sorted, n } };
}

/**
 * The person's write that goes into the same transaction as the aggregates: the whole totals item with
 * the advanced guard, only if the item is still what was read, so two deliveries of the same records can
 * never both commit.
 */
export const guardTxItem = (userId: string, before: Guard | undefined, after: Guard): TxItem =>
  personBoardsTxItem(userId, after.person, before?.item, { ver: after.ver, slots: after.slots });
