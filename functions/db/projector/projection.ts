import type { Key } from '../../../shared/db/keys.js';
import type { PersonBoards } from '../person-boards.js';
import type { SourceEvent } from './source.js';
import type { ProjectionWrite } from './write.js';

/** What a projection may ask while planning (reads are consistent and batched by the projector). */
export interface PlanContext {
  /** Which of these marker keys do not exist yet (by `writeId`). */
  absent(keys: Key[]): Promise<Set<string>>;
  /** A person's active teams (byParent), as of now. */
  activeTeams(userId: string): Promise<string[]>;
  /** Counter shard of this transaction (0..7): concurrent transactions of other batches take others. */
  shard: number;
}

/**
 * One derived view of the ledger, the service records and the garbage day items. The projector hands
 * each projection the NEW source events of one person (in order; already applied ones are filtered out
 * by the projector's guard) and writes what it plans in the same transaction as the guard, so every
 * projection is exactly once by construction. Adding a consumer = one module + one line in
 * `projections/index.ts`. A projection must not keep state of its own between calls.
 *
 * `person` is the person's totals item as it will be written with the guard (board values, garbage
 * participation): a projection may change it in place — per-person state costs no extra item.
 */
export interface Projection {
  name: string;
  plan(events: SourceEvent[], ctx: PlanContext, person: PersonBoards): Promise<ProjectionWrite[]>;
}
