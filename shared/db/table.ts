/**
 * The single DynamoDB table, defined once. The CDK stack and the local bootstrap both build
 * the table from this object, so local and cloud never drift.
 */
export interface IndexDefinition {
  /** Named after the access pattern it serves. */
  name: string;
  partitionKey: { name: string; type: 'S' | 'N' };
  sortKey: { name: string; type: 'S' | 'N' };
}

export const tableDefinition = {
  partitionKey: { name: 'pk', type: 'S' },
  sortKey: { name: 'sk', type: 'S' },
  /** Epoch seconds; DynamoDB deletes expired items (OTP codes, rate-limit windows, idempotency keys). */
  ttlAttribute: 'ttl',
  /**
   * The table's change stream feeds the projector (functions/jobs/projector.ts): boards, statistics,
   * counters and liability are derived from the ledger entries, service records and garbage day items
   * it carries. New and old images: a projection reads what a write made, a MODIFY's old image tells
   * what changed. Locally the same handler is fed by a poller (functions/db/stream-poller.ts).
   */
  stream: { viewType: 'NEW_AND_OLD_IMAGES' },
  indexes: [
    // Children of a parent, in order: activities/teams/rewards/bins of a community, redemptions of a reward,
    // a user's redemptions, a user's teams.
    {
      name: 'byParent',
      partitionKey: { name: 'gpk', type: 'S' },
      sortKey: { name: 'gsk', type: 'S' },
    },
    // Things of one month in time order: activities of a month (listing and the 1+N report).
    {
      name: 'byMonth',
      partitionKey: { name: 'mpk', type: 'S' },
      sortKey: { name: 'msk', type: 'S' },
    },
    // Leaderboards: one partition per board shard, score as a number, read highest first.
    {
      name: 'byScore',
      partitionKey: { name: 'lbpk', type: 'S' },
      sortKey: { name: 'lbscore', type: 'N' },
    },
    // Work that falls due: reservations by expiry (sharded), read by the expiry job.
    {
      name: 'byDue',
      partitionKey: { name: 'dpk', type: 'S' },
      sortKey: { name: 'dsk', type: 'S' },
    },
  ] as IndexDefinition[],
} as const;

export type TableDefinition = typeof tableDefinition;
