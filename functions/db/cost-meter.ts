import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { currentScope, type WorkScope } from './work-scope.js';

/**
 * Request units of DynamoDB calls, counted from items and their sizes with the rules of SCALE.md (not
 * DynamoDB Local's ConsumedCapacity, which is not the bill): a write unit per started KB (2 inside a
 * transaction, ConditionCheck included), 2 more per index whose key an update changes (the index deletes
 * and puts), 1 per index a new item enters; a read unit per started 4 KB (consistent or transactional;
 * half when eventually consistent; a Query's items summed before rounding).
 */
export interface CostEntry {
  scope: WorkScope;
  op: string;
  /** Items written (transaction items, batch writes, a single write). */
  writes: number;
  wru: number;
  rru: number;
  /** The partition key a single write (Put, Update) wrote: which partition takes its write units. */
  pk?: string;
}

/** The index key attributes of the table (shared/db/table.ts): a new item with one enters that index. */
const INDEX_KEYS = ['gpk', 'mpk', 'lbpk', 'dpk'];

/** DynamoDB's item size: attribute names plus values (strings as UTF-8, numbers ~ digits/2 + 1). */
export function itemSize(item: Record<string, unknown> | undefined): number {
  if (!item) return 0;
  let n = 0;
  for (const [k, v] of Object.entries(item)) n += Buffer.byteLength(k) + valueSize(v);
  return n;
}

function valueSize(v: unknown): number {
  if (v === null || v === undefined || typeof v === 'boolean') return 1;
  if (typeof v === 'string') return Buffer.byteLength(v);
  if (typeof v === 'number') return Math.ceil(String(Math.abs(v)).replace(/[.-]/g, '').length / 2) + 1;
  if (Array.isArray(v)) return 3 + v.reduce<number>((s, x) => s + valueSize(x) + 1, 0);
  if (v instanceof Set) return [...v].reduce<number>((s, x) => s + valueSize(x), 0);
  if (v instanceof Uint8Array) return v.byteLength;
  if (typeof v === 'object') return 3 + itemSize(v as Record<string, unknown>) + Object.keys(v).length;
  return 8;
}

const kb = (bytes: number) => Math.max(1, Math.ceil(bytes / 1024));
const reads = (bytes: number, consistent: boolean) => Math.max(1, Math.ceil(bytes / 4096)) * (consistent ? 1 : 0.5);

/** Size of an update's result, estimated from the values it writes plus the key (the item may hold more). */
function updateSize(u: { Key?: Record<string, unknown>; ExpressionAttributeValues?: Record<string, unknown> }) {
  return itemSize(u.Key) + itemSize(u.ExpressionAttributeValues) + 40;
}

type TxIn = {
  Put?: { Item: Record<string, unknown> };
  Update?: Parameters<typeof updateSize>[0] & {
    UpdateExpression?: string;
    ExpressionAttributeNames?: Record<string, string>;
  };
  Delete?: unknown;
  ConditionCheck?: unknown;
};

function writeUnits(w: TxIn, tx: boolean, known: (key: unknown) => number | undefined): number {
  const f = tx ? 2 : 1;
  if (w.Put) {
    const entered = INDEX_KEYS.filter((k) => w.Put!.Item[k] !== undefined).length;
    return f * kb(itemSize(w.Put.Item)) + entered;
  }
  if (w.Update) {
    const size = Math.max(updateSize(w.Update), known(w.Update.Key) ?? 0);
    // A board value: ADD/SET of lbscore changes the byScore sort key → the index deletes and puts (named
    // directly or through an expression attribute name, as the projector's coalesced ADD does).
    const named = Object.values(w.Update.ExpressionAttributeNames ?? {}).includes('lbscore');
    const lb = named || /lbscore/.test(w.Update.UpdateExpression ?? '') ? 2 : 0;
    return f * kb(size) + lb;
  }
  return f * 1; // Delete, ConditionCheck: ≤ 1 KB items here
}

/**
 * Meters a document client: every call's request units, attributed to the scope it runs in. `sizeOf`
 * may tell the current size of an updated item (the caller reads it apart); otherwise the update's own
 * values stand for it.
 */
export function meterCost(
  client: DynamoDBDocumentClient,
  sizeOf: (key: unknown) => number | undefined = () => undefined,
) {
  const log: CostEntry[] = [];
  const name = `cost-meter-${Math.random().toString(36).slice(2)}`;
  client.middlewareStack.add(
    (next, context) => async (args) => {
      const op = String(context.commandName ?? '').replace(/Command$/, '');
      const input = args.input as Record<string, unknown>;
      const scope = currentScope();
      const out = await next(args);
      const output = out.output as Record<string, unknown>;
      const e: CostEntry = { scope, op, writes: 0, wru: 0, rru: 0 };
      if (op === 'TransactWrite' || op === 'TransactWriteItems') {
        const items = (input.TransactItems as TxIn[]) ?? [];
        e.writes = items.length;
        e.wru = items.reduce((s, w) => s + writeUnits(w, true, sizeOf), 0);
      } else if (op === 'Put' || op === 'PutItem') {
        e.writes = 1;
        e.wru = writeUnits({ Put: { Item: input.Item as Record<string, unknown> } }, false, sizeOf);
        e.pk = (input.Item as Record<string, unknown>).pk as string;
      } else if (op === 'Update' || op === 'UpdateItem') {
        e.writes = 1;
        e.wru = writeUnits({ Update: input as TxIn['Update'] }, false, sizeOf);
        e.pk = (input.Key as Record<string, unknown>).pk as string;
      } else if (op === 'Delete' || op === 'DeleteItem') {
        e.writes = 1;
        e.wru = 1;
      } else if (op === 'BatchWrite' || op === 'BatchWriteItem') {
        for (const list of Object.values(
          (input.RequestItems as Record<string, { PutRequest?: { Item: Record<string, unknown> } }[]>) ?? {},
        )) {
          for (const r of list) {
            e.writes++;
            e.wru += r.PutRequest ? writeUnits({ Put: r.PutRequest }, false, sizeOf) : 1;
          }
        }
      } else if (op === 'Get' || op === 'GetItem') {
        e.rru = reads(itemSize(output.Item as Record<string, unknown>), input.ConsistentRead === true);
      } else if (op === 'BatchGet' || op === 'BatchGetItem') {
        const req = Object.values((input.RequestItems as Record<string, { ConsistentRead?: boolean }>) ?? {})[0];
        for (const list of Object.values((output.Responses as Record<string, Record<string, unknown>[]>) ?? {})) {
          for (const it of list) e.rru += reads(itemSize(it), req?.ConsistentRead === true);
        }
      } else if (op === 'Query' || op === 'Scan') {
        const items = (output.Items as Record<string, unknown>[]) ?? [];
        e.rru = reads(
          items.reduce((s, it) => s + itemSize(it), 0),
          input.ConsistentRead === true,
        );
      }
      log.push(e);
      return out;
    },
    { step: 'initialize', name },
  );
  return {
    entries: () => [...log],
    reset: () => void log.splice(0),
    stop: () => void client.middlewareStack.remove(name),
  };
}
