import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';

/** One DynamoDB call as the meter saw it. */
export interface MeteredCall {
  /** The operation, e.g. `GetItem`, `TransactWriteItems`. */
  op: string;
  /** Items the request names: transaction items, batch keys or requests; 1 for a single-item call. */
  items: number;
  /** Items the answer carried back (`Item`, `Items`, batch or transaction `Responses`). */
  read: number;
}

/** Counts DynamoDB calls made through one client, until stopped. */
export interface CallMeter {
  /** Every call since the start or the last reset, in the order they were sent. */
  calls(): MeteredCall[];
  reset(): void;
  stop(): void;
}

const OPS: Record<string, string> = {
  GetItemCommand: 'GetItem',
  PutItemCommand: 'PutItem',
  UpdateItemCommand: 'UpdateItem',
  DeleteItemCommand: 'DeleteItem',
  QueryCommand: 'Query',
  ScanCommand: 'Scan',
  BatchGetItemCommand: 'BatchGetItem',
  BatchWriteItemCommand: 'BatchWriteItem',
  TransactGetItemsCommand: 'TransactGetItems',
  TransactWriteItemsCommand: 'TransactWriteItems',
};

type Input = {
  TransactItems?: unknown[];
  RequestItems?: Record<string, { Keys?: unknown[] } | unknown[]>;
};
type Output = {
  Item?: unknown;
  Items?: unknown[];
  Responses?: Record<string, unknown[]> | unknown[];
};

/** Items a request names (what its cost scales with). */
export function requestItems(input: Input): number {
  if (input.TransactItems) return input.TransactItems.length;
  if (input.RequestItems) {
    return Object.values(input.RequestItems).reduce<number>(
      (n, r) => n + (Array.isArray(r) ? r.length : (r.Keys?.length ?? 0)),
      0,
    );
  }
  return 1;
}

/** Items an answer carried back. */
export function itemsRead(output: Output | undefined): number {
  if (!output) return 0;
  let n = (output.Item ? 1 : 0) + (output.Items?.length ?? 0);
  const r = output.Responses;
  if (Array.isArray(r)) n += r.filter((x) => (x as { Item?: unknown })?.Item).length;
  else if (r) for (const list of Object.values(r)) n += list.length;
  return n;
}

let seq = 0;

/**
 * Meters every call sent through `client` (a middleware on its stack, at `initialize`, so an SDK retry
 * of the same call counts once). Benchmarks and cost tests use it to report calls and items per request.
 */
export function meterCalls(client: DynamoDBDocumentClient | DynamoDBClient): CallMeter {
  let log: MeteredCall[] = [];
  const name = `call-meter-${++seq}`;
  client.middlewareStack.add(
    (next, context) => async (args) => {
      const command = String(context.commandName ?? 'unknown');
      const call: MeteredCall = {
        op: OPS[command] ?? command.replace(/Command$/, ''),
        items: requestItems(args.input as Input),
        read: 0,
      };
      log.push(call);
      const out = await next(args);
      call.read = itemsRead(out.output as Output);
      return out;
    },
    { step: 'initialize', name },
  );
  return {
    calls: () => [...log],
    reset: () => {
      log = [];
    },
    stop: () => {
      client.middlewareStack.remove(name);
    },
  };
}

/** `op` with its item count when it names several, e.g. `TransactWriteItems×9`: the shape of a call. */
export const callShape = (c: MeteredCall): string => (/^(Transact|Batch)/.test(c.op) ? `${c.op}×${c.items}` : c.op);

/** How many calls of each shape, per request over `requests` requests. */
export function shapesPerRequest(calls: MeteredCall[], requests: number): Record<string, number> {
  const out: Record<string, number> = {};
  for (const c of calls) out[callShape(c)] = (out[callShape(c)] ?? 0) + 1;
  for (const k of Object.keys(out)) out[k] = out[k]! / requests;
  return Object.fromEntries(Object.entries(out).sort(([a], [b]) => (a < b ? -1 : 1)));
}
