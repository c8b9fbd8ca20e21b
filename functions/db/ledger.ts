import { sleep } from '../../shared/time.js';
import { GetCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { batchGet } from './batch-get.js';
import { newId } from '../../shared/ids.js';
import { ledgerKey, prefixes, userKey, userPartition } from '../../shared/db/keys.js';
import { AppError, notFound, RetryExhaustedError } from '../../shared/errors.js';
import type { LedgerEntry, LedgerReason } from '../../shared/schemas/points.js';
import { db, tableName } from './client.js';
import { queryAll } from './query-all.js';
import { decodeCursor, encodeCursor } from './cursor.js';
import { ConditionFailedError } from './errors.js';
import { backoff, MAX_TX_ITEMS, partsItems, transactWrite, type TxItem, type TxParts } from './transact.js';
import { nowIso } from '../clock.js';
import { countMetric } from '../observability/metrics.js';

/** One movement of one person's balance. */
export interface BalanceMove {
  userId: string;
  /** Points; negative debits. May be 0 when only counters move (e.g. service minutes without points). */
  delta: number;
  reason: LedgerReason;
  /** What caused it: `activity:<id>`, `redemption:<id>`, `scan-batch:<id>`, … */
  ref: string;
  /** Who caused it (user id, `bin:<id>`, `system`). */
  actor: string;
  note?: string;
  /** Other profile counters to grow in the same write, e.g. `{ serviceMinutes: 90 }`. */
  add?: Record<string, number>;
  /** Write no ledger entry when delta is 0 (counters only). Default true. */
  skipZeroEntry?: boolean;
  /**
   * The caller's own attributes of the profile, written in the profile's update under its version
   * condition (garbage: the daily cap, the credit's share for the projector, the cards it needs still
   * bound). They were planned from the caller's read, so a lost race is not retried here: the failure is
   * thrown to the caller (ConditionFailedError) to read and plan again. A move without `profile` removes a
   * previous `src` from the profile (only the transaction that set it is the projector's source).
   */
  profile?: ProfilePart;
}

/** Attributes and conditions a caller adds to the profile's update (see BalanceMove.profile). */
export interface ProfilePart {
  /** Attribute → value, SET on the profile (`src` included: the projector reads it from the profile's record). */
  set: Record<string, unknown>;
  /** Further condition, ANDed to the version condition; its names and values are `#q…` / `:q…`. */
  condition?: string;
  names?: Record<string, string>;
  values?: Record<string, unknown>;
}

export interface MoveResult {
  userId: string;
  entry: LedgerEntry | null;
  balanceAfter: number;
  /**
   * The profile version this move wrote. Every item of the transaction that the projector reads (the
   * ledger entry, a service record, a garbage day item) carries it as `src.ver`, so the projector can
   * apply each transaction exactly once and in order per person (docs/data-model.md, "Projector").
   */
  ver: number;
  /** The person's community when the move was made (null: none). */
  communityId: string | null;
}

/** What the caller's own items may depend on: the entries being written. */
export type ExtraItems = TxItem[] | TxParts | ((results: MoveResult[]) => TxItem[] | TxParts);

/** What a move needs to know of a profile; a caller that already read it consistently may pass it in. */
export interface ProfileState {
  balance: number;
  ver: number;
  communityId: string | null;
}

const toState = (it: Record<string, unknown>): ProfileState => ({
  balance: (it.balance as number) ?? 0,
  ver: (it.ver as number) ?? 0,
  communityId: (it.communityId as string | undefined) ?? null,
});

async function readProfiles(ids: string[]): Promise<Map<string, ProfileState>> {
  const out = new Map<string, ProfileState>();
  if (ids.length === 1) {
    const r = await db().send(
      new GetCommand({
        TableName: tableName(),
        Key: userKey(ids[0]!),
        ConsistentRead: true,
        ProjectionExpression: 'id, balance, ver, communityId',
      }),
    );
    if (r.Item) out.set(ids[0]!, toState(r.Item));
    return out;
  }
  const found = await batchGet(ids.map(userKey), { attributes: ['id', 'balance', 'ver', 'communityId'] });
  for (const it of found.values()) out.set(it.id as string, toState(it));
  return out;
}

/** The part name of the ledger's own items (balances and entries) in a move's transaction. */
const LEDGER_CORE = 'ledgerCore';

/**
 * The ledger core. Moves each person's balance by Δ and appends a ledger entry (reason, ref, actor,
 * balanceAfter) together with the caller's own items in ONE DynamoDB transaction, so a balance is
 * always the sum of its ledger. A move that would take a balance below 0 is refused with
 * `insufficient-points`. Concurrent moves of the same person are serialised by an optimistic version
 * on the profile: the loser re-reads and tries again. A failed condition of the caller's own parts is
 * thrown as ConditionFailedError naming the part (`extra` for an unnamed list). `known` lets a caller that already
 * read the profiles consistently (e.g. in a BatchGet with its own items) save the first read.
 */
export async function moveBalances(
  moves: BalanceMove[],
  extra: ExtraItems = [],
  maxAttempts = 8,
  known?: Map<string, ProfileState>,
): Promise<MoveResult[]> {
  const ids = [...new Set(moves.map((m) => m.userId))];
  if (ids.length !== moves.length) throw new Error('one move per person per transaction');
  for (let attempt = 0; ; attempt++) {
    // A caller's own consistent read saves ours on the first try; the version condition still guards it.
    const profiles = attempt === 0 && known && ids.every((id) => known.has(id)) ? known : await readProfiles(ids);
    const at = nowIso();
    const results: MoveResult[] = [];
    const items: TxItem[] = [];
    for (const m of moves) {
      const p = profiles.get(m.userId);
      if (!p) throw notFound('User');
      const balanceAfter = p.balance + m.delta;
      if (balanceAfter < 0) {
        throw new AppError('insufficient-points', `This needs ${-m.delta} points; the balance is ${p.balance}`);
      }
      const writeEntry = m.delta !== 0 || m.skipZeroEntry === false;
      const entry: LedgerEntry | null = writeEntry
        ? {
            id: newId(),
            at,
            delta: m.delta,
            reason: m.reason,
            ref: m.ref,
            balanceAfter,
            actorId: m.actor,
            ...(m.note ? { note: m.note } : {}),
          }
        : null;
      const addNames: Record<string, string> = {};
      const addValues: Record<string, number> = {};
      const addParts = Object.entries(m.add ?? {}).map(([k, v], i) => {
        addNames[`#a${i}`] = k;
        addValues[`:a${i}`] = v;
        return `#a${i} :a${i}`;
      });
      const part = m.profile;
      const setNames: Record<string, string> = {};
      const setValues: Record<string, unknown> = {};
      const setParts = Object.entries(part?.set ?? {}).map(([k, v], i) => {
        setNames[`#s${i}`] = k;
        setValues[`:s${i}`] = v;
        return `#s${i} = :s${i}`;
      });
      const names = { ...addNames, ...setNames, ...part?.names };
      const versionCheck = p.ver === 0 ? '(attribute_not_exists(ver) OR ver = :v)' : 'ver = :v';
      items.push({
        Update: {
          TableName: tableName(),
          Key: userKey(m.userId),
          UpdateExpression:
            `SET ${['balance = :b', 'ver = :nv', ...setParts].join(', ')}` +
            (addParts.length ? ` ADD ${addParts.join(', ')}` : '') +
            (part && 'src' in part.set ? '' : ' REMOVE src'),
          ConditionExpression: part?.condition ? `${versionCheck} AND (${part.condition})` : versionCheck,
          ExpressionAttributeNames: Object.keys(names).length ? names : undefined,
          ExpressionAttributeValues: {
            ':b': balanceAfter,
            ':nv': p.ver + 1,
            ':v': p.ver,
            ...addValues,
            ...setValues,
            ...part?.values,
          },
        },
      });
      if (entry) {
        items.push({
          Put: {
            TableName: tableName(),
            Item: {
              ...ledgerKey(m.userId, entry.id),
              type: 'LEDGER',
              userId: m.userId,
              // Stored as `actor` (the name the projector and older entries use); read back as `actorId`.
              ...withoutActorId(entry),
              actor: m.actor,
              // The projector's source: points liability of the community the person belonged to.
              src: ledgerSource(p.ver + 1, p.communityId),
            },
            ConditionExpression: 'attribute_not_exists(pk)',
          },
        });
      }
      results.push({ userId: m.userId, entry, balanceAfter, ver: p.ver + 1, communityId: p.communityId });
    }
    const given = typeof extra === 'function' ? extra(results) : extra;
    // The caller's items are their own parts (an unnamed list is one part, `extra`); ours are LEDGER_CORE.
    const own: TxParts = Array.isArray(given) ? { extra: given } : given;
    if (LEDGER_CORE in own) throw new Error(`"${LEDGER_CORE}" is the ledger's own part name`);
    const ownSize = partsItems(own).items.length;
    if (items.length + ownSize > MAX_TX_ITEMS) {
      throw new Error(`a move of ${items.length} items plus ${ownSize} of the caller's exceeds ${MAX_TX_ITEMS}`);
    }
    try {
      await transactWrite({ [LEDGER_CORE]: items, ...own }, newId());
      countMetric(
        'PointsCredited',
        moves.reduce((s, m) => s + Math.max(0, m.delta), 0),
      );
      countMetric(
        'PointsDebited',
        moves.reduce((s, m) => s + Math.max(0, -m.delta), 0),
      );
      return results;
    } catch (err) {
      if (!(err instanceof ConditionFailedError)) throw err;
      // A failure of the caller's own parts is theirs to word; one of only ours is a race to retry.
      const ownFailure = err.without(LEDGER_CORE);
      if (ownFailure) throw ownFailure;
      // The caller planned attributes of the profile from its own read: it reads and plans again.
      if (moves.some((m) => m.profile)) throw err;
      // Someone else moved one of these balances first: read again and retry.
      if (attempt + 1 >= maxAttempts) throw new RetryExhaustedError('balance kept changing; try again', { cause: err });
      await sleep(backoff(attempt));
    }
  }
}

/** Slot of the ledger entry among the projector's source items of one transaction. */
export const LEDGER_SLOT = 0;

/**
 * What the projector needs of a ledger entry besides the entry itself: the person's profile version
 * after the move (exactly once, in order) and the community whose points liability it moves.
 */
export const ledgerSource = (ver: number, communityId: string | null) => ({
  ver,
  slot: LEDGER_SLOT,
  communityId: communityId ?? null,
});

/** One person's move; see moveBalances. */
export async function moveBalance(
  move: BalanceMove,
  extra: ExtraItems = [],
  known?: ProfileState,
): Promise<MoveResult> {
  return (await moveBalances([move], extra, undefined, known ? new Map([[move.userId, known]]) : undefined))[0]!;
}

export function toLedgerEntry(item: Record<string, unknown>): LedgerEntry {
  return {
    id: item.id as string,
    at: item.at as string,
    delta: item.delta as number,
    reason: item.reason as LedgerReason,
    ref: item.ref as string,
    balanceAfter: item.balanceAfter as number,
    actorId: (item.actor as string | undefined) ?? 'system',
    ...(item.note ? { note: item.note as string } : {}),
  };
}

const withoutActorId = ({ actorId: _, ...rest }: LedgerEntry): Omit<LedgerEntry, 'actorId'> => rest;

/** A person's ledger, newest first. */
export async function listLedger(
  userId: string,
  limit: number,
  cursor?: string,
): Promise<{ items: LedgerEntry[]; nextCursor: string | null }> {
  const r = await db().send(
    new QueryCommand({
      TableName: tableName(),
      KeyConditionExpression: 'pk = :pk AND begins_with(sk, :p)',
      ExpressionAttributeValues: { ':pk': userPartition(userId), ':p': prefixes.ledger },
      ScanIndexForward: false,
      Limit: limit,
      ExclusiveStartKey: await decodeCursor(cursor, userPartition(userId)),
    }),
  );
  return {
    items: (r.Items ?? []).map(toLedgerEntry),
    nextCursor: await encodeCursor(r.LastEvaluatedKey, userPartition(userId)),
  };
}

/** Sum of all ledger deltas of a person (audits and tests; reads the whole ledger). */
export async function sumLedger(userId: string): Promise<number> {
  let sum = 0;
  const all = await queryAll({
    TableName: tableName(),
    KeyConditionExpression: 'pk = :pk AND begins_with(sk, :p)',
    ExpressionAttributeValues: { ':pk': userPartition(userId), ':p': prefixes.ledger },
    ProjectionExpression: 'delta',
    ConsistentRead: true,
  });
  for (const it of all) sum += it.delta as number;
  return sum;
}
