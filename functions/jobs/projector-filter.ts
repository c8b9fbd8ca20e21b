/**
 * Which stream records the projector is invoked for — ONE definition, used three ways:
 * - the cloud: the event source mapping's `filters` (infra/constructs/projector.ts hands these very
 *   patterns to `FilterCriteria.filter`), so Lambda is not invoked for the rest;
 * - locally: the StreamPoller (functions/db/stream-poller.ts, what `npm start`, the tests and the bench
 *   run) drops the records no pattern matches before it hands a batch over, and checkpoints them as handled,
 *   as Lambda does;
 * - the handler: its own "is this record mine" gates (`toSourceEvents` in functions/db/projector/source.ts,
 *   `insertedOfType` in functions/db/projector/flags/records.ts) start with `matchesPattern` on the same
 *   pattern, so nothing the handler reads can fall outside the filter.
 *
 * Why: the stream hands the projector back its own writes (people and community `TOTALS`, top lists
 * `LBTOP`, statistics counters `GSTAT`/`MSTAT`, liability `LIAB`, markers, flags and their windows): about
 * half its invocations were such echoes, skipped in < 1 ms but billed each.
 *
 * Only the `dynamodb` key is matched: the Lambda docs say a DynamoDB event source mapping supports filtering
 * on that key only, so there is no `eventName` rule (a REMOVE has no NewImage and matches nothing; an INSERT
 * and a MODIFY of a wanted type both pass, and the flag detectors keep their own INSERT check). The patterns
 * are plain Lambda filter JSON — what `FilterRule.isEqual` / `FilterRule.exists` of aws-cdk-lib build — kept
 * free of aws-cdk-lib because the server imports them.
 */

/** Item types whose records carry a projection's source (`src` with the profile version `ver`). */
export const SOURCE_TYPES = ['LEDGER', 'SERVICE', 'USER'] as const;
export type SourceType = (typeof SOURCE_TYPES)[number];

/**
 * Item types the review-flag detectors read as inserted (functions/db/projector/flags): `AUDIT`
 * (act-flags: large adjustments and credits), `SCAN` (scan-bursts: bin-burst), `ATTENDANCE`
 * (shared-device). card-burst reads the projector's own source events (a `USER` profile's `src.days`).
 */
export const FLAG_INPUT_TYPES = ['AUDIT', 'SCAN', 'ATTENDANCE'] as const;
export type FlagInputType = (typeof FLAG_INPUT_TYPES)[number];

/** A leaf rule of the subset used here: a string equal to one listed, or the attribute present / absent. */
type LeafRule = string | { exists: boolean };
/** A Lambda event filter pattern (the subset the local matcher implements). */
export interface FilterPattern {
  [key: string]: FilterPattern | readonly LeafRule[];
}

/**
 * Source records: an item of a source type whose new image has `src.ver` (a number, `N` in the stream's
 * DynamoDB JSON: a leaf, which `exists` needs). A profile without `src` (every move of the balance but a
 * bin credit REMOVEs it) is not invoked for.
 */
export const SOURCE_RECORDS: FilterPattern = {
  dynamodb: { NewImage: { type: { S: SOURCE_TYPES }, src: { M: { ver: { N: [{ exists: true }] } } } } },
};

/** What the flag detectors read: items of their types (inserts; see the header on MODIFY). */
export const FLAG_INPUT_RECORDS: FilterPattern = {
  dynamodb: { NewImage: { type: { S: FLAG_INPUT_TYPES } } },
};

/** The event source's filters: a record is handed over when it matches one of them (Lambda ORs filters). */
export const PROJECTOR_FILTERS: readonly FilterPattern[] = [SOURCE_RECORDS, FLAG_INPUT_RECORDS];

function leafMatches(rules: readonly LeafRule[], value: unknown): boolean {
  return rules.some((rule) => {
    if (typeof rule === 'string') return value === rule;
    if (typeof rule === 'object' && rule !== null && Object.keys(rule).join() === 'exists') {
      // Lambda's `exists` looks at leaf values only: a map or list there does not count as present.
      const present = value !== undefined && value !== null && typeof value !== 'object';
      return rule.exists === present;
    }
    // A rule this matcher does not know would make the local poller disagree with the cloud: refuse it.
    throw new Error(`projector filter: unsupported rule ${JSON.stringify(rule)}`);
  });
}

/**
 * Whether `value` (a stream record, or a part of it) matches `pattern` the way Lambda event filtering does
 * for the rules used here: every key of the pattern must match (AND); a leaf lists the accepted values (OR).
 * An absent field is `undefined` all the way down, so only `{ exists: false }` accepts it.
 */
export function matchesPattern(pattern: FilterPattern, value: unknown): boolean {
  const obj = typeof value === 'object' && value !== null ? (value as Record<string, unknown>) : {};
  return Object.entries(pattern).every(([key, sub]) =>
    Array.isArray(sub)
      ? leafMatches(sub as readonly LeafRule[], obj[key])
      : matchesPattern(sub as FilterPattern, obj[key]),
  );
}

/** Whether the projector is invoked for a stream record (one of PROJECTOR_FILTERS matches it). */
export const projectorWants = (record: unknown): boolean => PROJECTOR_FILTERS.some((p) => matchesPattern(p, record));
