import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { adjustmentIdempotencyKey } from '../../shared/db/keys.js';
import type { LedgerEntry } from '../../shared/schemas/points.js';
import { db, tableName } from './client.js';
import { ConditionFailedError } from './errors.js';
import { moveBalance } from './ledger.js';
import { auditItem, type AuditRecord } from './audit.js';
import { now } from '../clock.js';

/** What an adjustment's Idempotency-Key remembers: the request's hash and the entry it wrote. */
export interface AdjustmentRecord {
  requestHash: string;
  entry: LedgerEntry;
}

/** The key was taken meanwhile (maybe by this request's own twin, or by its earlier try whose answer was lost). */
export class AdjustmentKeyTaken extends Error {
  constructor() {
    super('adjustment idempotency key already used');
    this.name = 'AdjustmentKeyTaken';
  }
}

export async function getAdjustmentRecord(actorId: string, key: string): Promise<AdjustmentRecord | undefined> {
  const r = await db().send(
    new GetCommand({ TableName: tableName(), Key: adjustmentIdempotencyKey(actorId, key), ConsistentRead: true }),
  );
  // TTL deletion lags; an expired record is treated as gone.
  if (!r.Item || (r.Item.ttl as number) * 1000 < now()) return undefined;
  return { requestHash: r.Item.requestHash as string, entry: r.Item.entry as LedgerEntry };
}

/**
 * Moves a balance by hand (ledger `adjust`). With an idempotency record, the record is written in the
 * same transaction as the entry (`attribute_not_exists`), so a retry after a lost answer cannot apply
 * the correction twice: it fails the record's condition and writes nothing (AdjustmentKeyTaken).
 */
export async function adjustBalance(
  move: { userId: string; delta: number; note: string; actorId: string },
  audit: AuditRecord,
  idempotency?: { key: string; requestHash: string; ttl: number },
): Promise<LedgerEntry> {
  try {
    const r = await moveBalance(
      {
        userId: move.userId,
        delta: move.delta,
        reason: 'adjust',
        ref: `adjustment:${move.actorId}`,
        actor: move.actorId,
        note: move.note,
      },
      ([result]) => ({
        idem: idempotency && {
          Put: {
            TableName: tableName(),
            Item: {
              ...adjustmentIdempotencyKey(move.actorId, idempotency.key),
              type: 'IDEM_ADJ',
              requestHash: idempotency.requestHash,
              entry: result!.entry,
              userId: move.userId,
              ttl: idempotency.ttl,
            },
            ConditionExpression: 'attribute_not_exists(pk)',
          },
        },
        audit: auditItem({ ...audit, detail: { ...audit.detail, entryId: result!.entry!.id } }),
      }),
    );
    return r.entry!;
  } catch (err) {
    if (idempotency && err instanceof ConditionFailedError && err.failedPart('idem')) throw new AdjustmentKeyTaken();
    throw err;
  }
}
