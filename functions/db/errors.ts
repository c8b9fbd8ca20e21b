import { unmarshall } from '@aws-sdk/util-dynamodb';
import type { AttributeValue } from '@aws-sdk/client-dynamodb';

/**
 * A conditional write (or one item of a transaction) found the table not as expected.
 * `failed` holds the indexes of the transaction items whose condition failed, and `items` the
 * old item at each index when the write asked for it (ReturnValuesOnConditionCheckFailure).
 * A transaction written as named parts (see `TxParts`) also knows each index's part name, so the
 * caller asks `failedPart('stock')` instead of counting positions (a single conditional write has
 * one item: any failure is its own).
 */
export class ConditionFailedError extends Error {
  constructor(
    readonly failed: number[],
    readonly items: (Record<string, unknown> | undefined)[] = [],
    options?: { cause?: unknown },
    /** The part name of each transaction item, when it was written as named parts. */
    readonly names?: string[],
  ) {
    super(`condition failed at ${failed.map((i) => names?.[i] ?? `item ${i}`).join(', ')}`, options);
    this.name = 'ConditionFailedError';
  }
  /** Whether a condition of the named part failed. */
  failedPart(name: string): boolean {
    return this.failed.some((i) => this.names?.[i] === name);
  }
  /** The old item of the named part's failed condition, when the write asked for it. */
  oldItem(name: string): Record<string, unknown> | undefined {
    const i = this.failed.find((j) => this.names?.[j] === name);
    return i === undefined ? undefined : this.items[i];
  }
  /**
   * The same failure without the named part's conditions, or undefined when only that part failed: lets
   * a writer that adds its own part (the ledger core) hand the caller only the caller's failures.
   */
  without(name: string): ConditionFailedError | undefined {
    const rest = this.failed.filter((i) => this.names?.[i] !== name);
    if (rest.length === 0) return undefined;
    return new ConditionFailedError(rest, this.items, { cause: this.cause ?? this }, this.names);
  }
  /** The same failure, its items named. */
  named(names: string[]): ConditionFailedError {
    return new ConditionFailedError(this.failed, this.items, { cause: this.cause ?? this }, names);
  }
}

interface CancellationReason {
  Code?: string;
  Item?: Record<string, AttributeValue>;
}

const RETRYABLE = new Set([
  'TransactionConflictException',
  'ThrottlingException',
  'ProvisionedThroughputExceededException',
  'RequestLimitExceeded',
  'InternalServerError',
  'ServiceUnavailable',
  'TransactionInProgressException',
]);
const RETRYABLE_REASONS = new Set(['TransactionConflict', 'ThrottlingError', 'ProvisionedThroughputExceeded']);

/** SDK error names that mean "try the same request again later". */
export function isRetryable(err: unknown): boolean {
  const e = err as { name?: string; CancellationReasons?: CancellationReason[] };
  if (e?.name && RETRYABLE.has(e.name)) return true;
  if (e?.name === 'TransactionCanceledException') {
    const reasons = e.CancellationReasons ?? [];
    const anyCondition = reasons.some((r) => r.Code === 'ConditionalCheckFailed');
    return !anyCondition && reasons.some((r) => r.Code !== undefined && RETRYABLE_REASONS.has(r.Code));
  }
  return false;
}

/** Turns a cancelled transaction or a failed conditional write into a ConditionFailedError; else undefined. */
export function conditionFailure(err: unknown): ConditionFailedError | undefined {
  const e = err as { name?: string; CancellationReasons?: CancellationReason[]; Item?: Record<string, AttributeValue> };
  if (e?.name === 'ConditionalCheckFailedException') {
    return new ConditionFailedError([0], [e.Item ? unmarshall(e.Item) : undefined], { cause: err });
  }
  if (e?.name === 'TransactionCanceledException') {
    const reasons = e.CancellationReasons ?? [];
    const failed = reasons.flatMap((r, i) => (r.Code === 'ConditionalCheckFailed' ? [i] : []));
    if (failed.length === 0) return undefined;
    const items = reasons.map((r) => (r.Item ? unmarshall(r.Item) : undefined));
    return new ConditionFailedError(failed, items, { cause: err });
  }
  return undefined;
}
