import type { TxItem } from './transact.js';

/** A leaderboard metric. */
export type Metric = 'service_minutes' | 'volunteer_points' | 'garbage_points';

/**
 * One person's contribution to the boards, as known at the moment it was earned: the community and
 * street they belonged to then, and the teams the credit counts for.
 */
export interface Contribution {
  userId: string;
  /** The person's display name (masked when shown). */
  name: string;
  metric: Metric;
  value: number;
  /** When it was earned (decides month and year in TZ_NAME). */
  at: string;
  communityId: string | null;
  streetId: string | null;
  /** Teams it counts for; when omitted, the person's active teams (byParent `userTeamsParent`). */
  teamIds?: string[];
}

/**
 * The transaction items that move every board a contribution counts on. Credit paths (volunteer
 * confirmation, bin scans) put these into the SAME transaction as the ledger entry, so a retried
 * credit — refused by its own exactly-once guard — never counts twice.
 *
 * Owned by the leaderboards issue; until it lands this returns no items.
 */
export async function leaderboardWrites(contributions: Contribution[]): Promise<TxItem[]> {
  void contributions;
  return [];
}
