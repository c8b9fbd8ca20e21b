import { GetCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { binKey, communityBinsParent } from '../../shared/db/keys.js';
import { newId } from '../../shared/ids.js';
import { batchGet, itemId } from './batch-get.js';
import { db, tableName } from './client.js';
import { decodeCursor, encodeCursor } from './cursor.js';
import { nowIso } from '../clock.js';
import { auditItem, type AuditRecord } from './audit.js';
import { transactWrite } from './transact.js';

/** A smart bin as stored. Its secret is derived from the server key and `keyVersion`, never stored. */
export interface BinRecord {
  id: string;
  communityId: string;
  name: string;
  /** Bumped to rotate the bin's secret (the derivation input changes). */
  keyVersion: number;
  createdAt: string;
}

export function toBin(item: Record<string, unknown>): BinRecord {
  return {
    id: item.id as string,
    communityId: item.communityId as string,
    name: item.name as string,
    keyVersion: (item.keyVersion as number) ?? 1,
    createdAt: item.createdAt as string,
  };
}

export async function createBin(
  communityId: string,
  name: string,
  actorId: string,
  id = newId(),
  audit?: (bin: BinRecord) => AuditRecord,
): Promise<BinRecord> {
  const bin: BinRecord = { id, communityId, name, keyVersion: 1, createdAt: nowIso() };
  await transactWrite({
    bin: {
      Put: {
        TableName: tableName(),
        Item: {
          ...binKey(id),
          type: 'BIN',
          ...bin,
          createdBy: actorId,
          gpk: communityBinsParent(communityId),
          gsk: `${bin.createdAt}#${id}`,
        },
        ConditionExpression: 'attribute_not_exists(pk)',
      },
    },
    audit: audit && auditItem(audit(bin), bin.createdAt),
  });
  return bin;
}

const cache = new Map<string, { at: number; bin: BinRecord }>();
/** Bins upload often and change almost never: a Lambda keeps each for a minute. */
const BIN_TTL_MS = 60_000;

/** A bin by id (cached for a minute per process), or undefined. */
export async function getBin(id: string): Promise<BinRecord | undefined> {
  const hit = cache.get(id);
  // The cache ages in real time (not the injectable clock): it bounds staleness of this process's copy.
  if (hit && Date.now() - hit.at < BIN_TTL_MS) return hit.bin;
  const r = await db().send(new GetCommand({ TableName: tableName(), Key: binKey(id) }));
  if (!r.Item) return undefined;
  const bin = toBin(r.Item);
  if (cache.size > 10_000) cache.clear();
  cache.set(id, { at: Date.now(), bin });
  return bin;
}

/** Bins by id (one BatchGet per 100), for naming the top bins. */
export async function getBins(ids: string[]): Promise<Map<string, BinRecord>> {
  const found = await batchGet(ids.map(binKey), false);
  const out = new Map<string, BinRecord>();
  for (const id of ids) {
    const it = found.get(itemId(binKey(id)));
    if (it) out.set(id, toBin(it));
  }
  return out;
}

/** A community's bins, oldest first (byParent). */
export async function listBins(
  communityId: string,
  limit: number,
  cursor?: string,
): Promise<{ items: BinRecord[]; nextCursor: string | null }> {
  const r = await db().send(
    new QueryCommand({
      TableName: tableName(),
      IndexName: 'byParent',
      KeyConditionExpression: 'gpk = :p',
      ExpressionAttributeValues: { ':p': communityBinsParent(communityId) },
      Limit: limit,
      ExclusiveStartKey: await decodeCursor(cursor, communityBinsParent(communityId)),
    }),
  );
  return {
    items: (r.Items ?? []).map(toBin),
    nextCursor: await encodeCursor(r.LastEvaluatedKey, communityBinsParent(communityId)),
  };
}
