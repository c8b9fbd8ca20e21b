import { BatchGetCommand, QueryCommand, TransactWriteCommand, GetCommand } from '@aws-sdk/lib-dynamodb';
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import {
  binKey,
  cardKey,
  garbageDayParticipantKey,
  garbageMonthParticipantKey,
  ledgerKey,
  liabilityKey,
  orgPartition,
  scanDedupeKey,
  userKey,
  userTeamsParent,
  type Key,
} from '../../shared/db/keys.js';
import { newId } from '../../shared/ids.js';
import { localDay, localMonth } from '../../shared/time.js';
import { config } from '../../functions/config.js';
import { itemId } from '../../functions/db/batch-get.js';
import { createBin, type BinRecord } from '../../functions/db/bins.js';
import { bindCard } from '../../functions/db/cards.js';
import { tableName } from '../../functions/db/client.js';
import { contributions, creditItems, creditProfile } from '../../functions/db/garbage-credit.js';
import { GarbageState } from '../../functions/db/garbage-state.js';
import { boardMoves, boardUpdate, mergeMoves } from '../../functions/db/leaderboard-writes.js';
import { binSecret, signBinBody } from '../../functions/services/bin-secrets.js';
import { CREDIT_CONCURRENCY, COUNTER_SHARDS, planCredit, type Candidate } from '../../functions/services/garbage.js';
import { bareCache } from './bare-cache.js';
import { admin, benchCommunity, inPool, newResident } from './fixtures.js';
import { expectStatus, type Flow } from './flow.js';

/** Scans per batch: each a different household's first drop of the day (one point each). */
export const SCANS = 25;
const ORG_TTL_MS = 30_000;
const BIN_TTL_MS = 60_000;

interface ScanFixture {
  scans: {
    scanId: string;
    cardNo: string;
    category: 'kitchen';
    correct: true;
    weightGrams: number;
    scannedAt: string;
  }[];
}

let cardSeq = 0;

/**
 * A bin uploads a signed batch of SCANS scans (new scanIds), each by a resident dropping for the first time that
 * day. Each of the 8 workers is one bin uploading again and again.
 */
export const scansFlow = (): Flow<ScanFixture> => {
  let bins: { bin: BinRecord; secret: string }[] = [];
  const cached = bareCache(ORG_TTL_MS);
  const binCached = bareCache(BIN_TTL_MS);
  let org: { streetOf: Map<string, string> } = { streetOf: new Map() };
  return {
    name: 'bin batch',
    unit: `a bin uploads ${SCANS} signed scans, each a resident's first drop of the day (new scanIds, new residents)`,
    requests: 150,
    async prepare(count, workers) {
      const { streetId, communityId } = await benchCommunity();
      org = { streetOf: new Map([[communityId, streetId]]) };
      const boss = await admin();
      if (bins.length < workers) {
        bins = await inPool(workers, 4, async (i) => {
          const bin = await createBin(communityId, `${i + 1}号桶站`, boss.id);
          return { bin, secret: await binSecret(bin.id, bin.keyVersion) };
        });
      }
      const cards = await inPool(
        count * SCANS,
        16,
        async () => {
          const u = await newResident(communityId, '居民');
          const cardNo = `BENCH${String(++cardSeq).padStart(10, '0')}`;
          await bindCard(cardNo, u.id, boss.id);
          return cardNo;
        },
        'residents with cards',
        500,
      );
      return Array.from({ length: count }, (_, i) => ({
        scans: cards.slice(i * SCANS, (i + 1) * SCANS).map((cardNo) => ({
          scanId: `s-${newId()}`,
          cardNo,
          category: 'kitchen' as const,
          correct: true as const,
          weightGrams: 800,
          scannedAt: new Date(Date.now() - 60_000).toISOString(),
        })),
      }));
    },
    async http(f, w, client) {
      const { bin, secret } = bins[w]!;
      const body = JSON.stringify({ scans: f.scans });
      const ts = String(Math.floor(Date.now() / 1000));
      const r = await client.send('POST', `/api/bins/${bin.id}/scans`, body, {
        'x-bin-timestamp': ts,
        'x-bin-signature': signBinBody(secret, ts, body),
      });
      expectStatus('bin batch', r, 200);
      const got = r.body as { accepted: number; pointsAwarded: number };
      if (got.accepted !== SCANS || got.pointsAwarded !== SCANS) {
        throw new Error(`bin batch: ${JSON.stringify(got)} (wanted every scan accepted with a point)`);
      }
    },
    async bare(f, w, ddb) {
      await bareBatch(ddb, bins[w]!.bin, f, {
        org: () =>
          cached('org', () =>
            ddb.send(
              new QueryCommand({
                TableName: tableName(),
                KeyConditionExpression: 'pk = :pk',
                ExpressionAttributeValues: { ':pk': orgPartition },
              }),
            ),
          ),
        bin: (id) => binCached(id, () => ddb.send(new GetCommand({ TableName: tableName(), Key: binKey(id) }))),
        streetOf: (c) => org.streetOf.get(c) ?? null,
      });
    },
  };
};

async function batchGet(ddb: DynamoDBDocumentClient, keys: Key[]): Promise<Map<string, Record<string, unknown>>> {
  const r = await ddb.send(
    new BatchGetCommand({ RequestItems: { [tableName()]: { Keys: keys as never, ConsistentRead: true } } }),
  );
  return new Map((r.Responses?.[tableName()] ?? []).map((it) => [itemId(it as unknown as Key), it]));
}

/**
 * What the scans route issues: the bin (cached a minute), one BatchGet of the scans' dedupe items and the
 * cards, one BatchGet of the holders' profiles, daily caps and participant markers, then per holder (8 at a
 * time) the holder's teams (byParent) and ONE transaction: balance + ledger entry + 2 liability counters, the
 * card check, the scan's dedupe item, the cap, day/month/bin counters, participant markers and leaderboard items.
 */
async function bareBatch(
  ddb: DynamoDBDocumentClient,
  bin: BinRecord,
  f: ScanFixture,
  cache: {
    org: () => Promise<unknown> | undefined;
    bin: (id: string) => Promise<unknown> | undefined;
    streetOf: (communityId: string) => string | null;
  },
) {
  const T = tableName();
  await cache.bin(bin.id);
  const tz = config().tzName;
  const first = await batchGet(ddb, [
    ...f.scans.map((s) => scanDedupeKey(bin.id, s.scanId)),
    ...f.scans.map((s) => cardKey(s.cardNo)),
  ]);
  const holders = f.scans.map((s) => {
    const scannedAt = new Date(s.scannedAt).toISOString();
    const day = localDay(scannedAt, tz);
    const userId = first.get(itemId(cardKey(s.cardNo)))!.userId as string;
    const c: Candidate = { ...s, scannedAt, day, month: day.slice(0, 7), userId };
    return c;
  });
  const keys: Key[] = [
    ...holders.map((h) => userKey(h.userId)),
    ...holders.map((h) => garbageDayParticipantKey(bin.communityId, h.day, h.userId)),
    ...holders.map((h) => garbageMonthParticipantKey(bin.communityId, h.month, h.userId)),
  ];
  const state = new GarbageState(await batchGet(ddb, keys), new Set(keys.map(itemId)));
  const rules = { pointsPerDrop: config().garbagePointsPerDrop, dailyCap: config().garbageDailyCap };
  const offset = Math.floor(Math.random() * COUNTER_SHARDS);
  const todo = holders.map((h, i) => ({ h, shard: (offset + i) % COUNTER_SHARDS }));
  const worker = async () => {
    for (let next = todo.shift(); next; next = todo.shift()) {
      const { h, shard } = next;
      const profile = state.profile(h.userId)!;
      await cache.org();
      const plan = planCredit(
        { userId: h.userId, profile, streetId: cache.streetOf(profile.communityId!), bin, shard },
        [h],
        rules,
      );
      await ddb.send(
        new QueryCommand({
          TableName: T,
          IndexName: 'byParent',
          KeyConditionExpression: 'gpk = :p AND begins_with(gsk, :t)',
          ExpressionAttributeValues: { ':p': userTeamsParent(h.userId), ':t': 'TEAM#' },
        }),
      );
      const boards = mergeMoves(contributions(plan).flatMap((c) => boardMoves(c, [], config().tzName))).map((m) =>
        boardUpdate(m, new Date().toISOString()),
      );
      const at = new Date().toISOString();
      const entryId = newId();
      const balanceAfter = profile.balance + plan.points;
      await ddb.send(
        new TransactWriteCommand({
          ClientRequestToken: newId(),
          TransactItems: [
            {
              Update: {
                TableName: T,
                Key: userKey(h.userId),
                UpdateExpression: 'SET balance = :b, ver = :nv, gcap = :g, src = :src',
                ConditionExpression: profile.ver === 0 ? '(attribute_not_exists(ver) OR ver = :v)' : 'ver = :v',
                ExpressionAttributeValues: {
                  ':b': balanceAfter,
                  ':nv': profile.ver + 1,
                  ':v': profile.ver,
                  ':g': plan.gcap,
                  ':src': creditProfile(plan, profile.ver + 1).set.src,
                },
              },
            },
            {
              Put: {
                TableName: T,
                Item: {
                  ...ledgerKey(h.userId, entryId),
                  type: 'LEDGER',
                  userId: h.userId,
                  actor: `bin:${bin.id}`,
                  id: entryId,
                  at,
                  delta: plan.points,
                  reason: 'garbage',
                  ref: `bin:${bin.id}:${plan.scans[0]!.scanId}`,
                  balanceAfter,
                  note: bin.name,
                },
                ConditionExpression: 'attribute_not_exists(pk)',
              },
            },
            ...['TOTAL', localMonth(at, tz)].map((period) => ({
              Update: {
                TableName: T,
                Key: liabilityKey(profile.communityId, period),
                UpdateExpression: 'SET communityId = :c ADD #r0 :r0',
                ExpressionAttributeNames: { '#r0': 'garbage' },
                ExpressionAttributeValues: { ':r0': plan.points, ':c': profile.communityId },
              },
            })),
            ...creditItems(plan, entryId, at),
            ...boards,
          ],
        }),
      );
    }
  };
  await Promise.all(Array.from({ length: CREDIT_CONCURRENCY }, worker));
}
