import { PutCommand } from '@aws-sdk/lib-dynamodb';
import { newId } from '../../shared/ids.js';
import { communityKey, orgPartition, prefixes, streetKey } from '../../shared/db/keys.js';
import { notFound, validationError } from '../../shared/errors.js';
import { db, tableName } from './client.js';
import { queryAll } from './query-all.js';
import { ConditionFailedError } from './errors.js';
import { transactWrite } from './transact.js';

export interface Street {
  id: string;
  name: string;
}
export interface Community {
  id: string;
  streetId: string;
  name: string;
}
/** The whole organisation: a few hundred items at district scale, read in one Query and cached. */
export interface OrgSnapshot {
  streets: Street[];
  communities: Community[];
  communityById: Map<string, Community>;
  streetById: Map<string, Street>;
}

let cache: { at: number; snap: OrgSnapshot } | undefined;
/** How long a Lambda keeps the org in memory; writes through this process invalidate at once. */
const ORG_TTL_MS = 30_000;

async function readOrg(): Promise<OrgSnapshot> {
  const streets: Street[] = [];
  const communities: Community[] = [];
  const all = await queryAll({
    TableName: tableName(),
    KeyConditionExpression: 'pk = :pk',
    ExpressionAttributeValues: { ':pk': orgPartition },
  });
  for (const it of all) {
    const sk = it.sk as string;
    if (sk.startsWith(prefixes.street)) streets.push({ id: it.id as string, name: it.name as string });
    else if (sk.startsWith(prefixes.community)) {
      communities.push({ id: it.id as string, streetId: it.streetId as string, name: it.name as string });
    }
  }
  const snap: OrgSnapshot = {
    streets,
    communities,
    communityById: new Map(communities.map((c) => [c.id, c])),
    streetById: new Map(streets.map((s) => [s.id, s])),
  };
  return snap;
}

let inflight: Promise<OrgSnapshot> | undefined;

/** The org snapshot, cached ORG_TTL_MS; `fresh` reads the table now. */
export async function loadOrg(fresh = false): Promise<OrgSnapshot> {
  // Real time on purpose: the cache bounds how stale this process's copy is, whatever the injectable clock says.
  if (!fresh && cache && Date.now() - cache.at < ORG_TTL_MS) return cache.snap;
  // Requests that find the cache expired together share one read instead of each issuing its own.
  if (!fresh && inflight) return inflight;
  const read: Promise<OrgSnapshot> = readOrg().then(
    (snap) => {
      // Kept only if no write invalidated the org while it was being read.
      if (inflight === read) {
        cache = { at: Date.now(), snap };
        inflight = undefined;
      }
      return snap;
    },
    (err: unknown) => {
      if (inflight === read) inflight = undefined;
      throw err;
    },
  );
  inflight = read;
  return read;
}

export const invalidateOrg = (): void => {
  cache = undefined;
  inflight = undefined;
};

/** A community, or 404. Reads the cached org first and the table when it is not there yet. */
export async function getCommunity(id: string): Promise<Community> {
  const c = (await loadOrg()).communityById.get(id) ?? (await loadOrg(true)).communityById.get(id);
  if (!c) throw notFound('Community');
  return c;
}

export async function getStreet(id: string): Promise<Street> {
  const s = (await loadOrg()).streetById.get(id) ?? (await loadOrg(true)).streetById.get(id);
  if (!s) throw notFound('Street');
  return s;
}

export async function createStreet(name: string, id = newId()): Promise<Street> {
  await db().send(
    new PutCommand({
      TableName: tableName(),
      Item: { ...streetKey(id), type: 'STREET', id, name },
      ConditionExpression: 'attribute_not_exists(pk)',
    }),
  );
  invalidateOrg();
  return { id, name };
}

/** Creates a community in an existing street (the street is checked in the same transaction). */
export async function createCommunity(streetId: string, name: string, id = newId()): Promise<Community> {
  try {
    await transactWrite({
      street: {
        ConditionCheck: {
          TableName: tableName(),
          Key: streetKey(streetId),
          ConditionExpression: 'attribute_exists(pk)',
        },
      },
      community: {
        Put: {
          TableName: tableName(),
          Item: { ...communityKey(id), type: 'COMMUNITY', id, streetId, name },
          ConditionExpression: 'attribute_not_exists(pk)',
        },
      },
    });
  } catch (err) {
    if (err instanceof ConditionFailedError && err.failedPart('street'))
      throw validationError('streetId', 'no such street');
    throw err;
  }
  invalidateOrg();
  return { id, streetId, name };
}
