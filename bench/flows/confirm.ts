import { BatchGetCommand, GetCommand, QueryCommand, TransactWriteCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import {
  activityKey,
  activityPartition,
  cityScope,
  confirmGuardKey,
  ledgerKey,
  liabilityKey,
  monthParticipantKey,
  orgPartition,
  prefixes,
  streetScope,
  userKey,
  userTeamsParent,
} from '../../shared/db/keys.js';
import { newId } from '../../shared/ids.js';
import { localMonth } from '../../shared/time.js';
import { config } from '../../functions/config.js';
import type { ActivityRow } from '../../functions/db/activities.js';
import { putManualAttendance } from '../../functions/db/attendance.js';
import { tableName } from '../../functions/db/client.js';
import { creditItems } from '../../functions/db/confirm.js';
import { partsItems } from '../../functions/db/transact.js';
import { boardMoves, boardUpdate, mergeMoves } from '../../functions/db/leaderboard-writes.js';
import { createActivity } from '../../functions/services/activities.js';
import { bareCache } from './bare-cache.js';
import { admin, benchCommunity, inPool, newResident } from './fixtures.js';
import { expectStatus, type Flow } from './flow.js';

/** Volunteers per confirmed activity. */
export const VOLUNTEERS = 5;
/** Credits run 4 at a time inside one confirm, as services/confirm.ts does. */
const PARALLEL = 4;
const ORG_TTL_MS = 30_000;

interface ConfirmFixture {
  activity: ActivityRow;
  volunteers: string[];
}

/**
 * An organiser confirms an ended activity: each request a new activity whose VOLUNTEERS fresh volunteers
 * checked in and out (2 h, 10 points an hour → 120 minutes and 20 points each).
 */
export const confirmFlow = (token: (userId: string) => Promise<string>): Flow<ConfirmFixture> => {
  let adminToken = '';
  let adminId = '';
  // The bare side's org cache behaves like functions/db/org.ts: 30 s, one shared read when it expires.
  const cached = bareCache(ORG_TTL_MS);
  const org = (ddb: DynamoDBDocumentClient) =>
    cached('org', () =>
      ddb.send(
        new QueryCommand({
          TableName: tableName(),
          KeyConditionExpression: 'pk = :pk',
          ExpressionAttributeValues: { ':pk': orgPartition },
        }),
      ),
    );
  return {
    name: 'confirmation',
    unit: `an organiser confirms an ended activity of ${VOLUNTEERS} volunteers (a new activity each time)`,
    requests: 120,
    async prepare(count) {
      const { communityId } = await benchCommunity();
      const boss = await admin();
      adminId = boss.id;
      adminToken = await token(boss.id);
      const start = Date.now() - 3 * 3600_000;
      const startsAt = new Date(start).toISOString();
      const endsAt = new Date(start + 2 * 3600_000).toISOString();
      return inPool(
        count,
        8,
        async () => {
          const a = await createActivity(boss, {
            communityId,
            title: '敬老院陪伴',
            location: { name: '社区养老驿站' },
            startsAt,
            endsAt,
            capacity: 10,
            pointsPerHour: 10,
          });
          const volunteers: string[] = [];
          for (let k = 0; k < VOLUNTEERS; k++) {
            const u = await newResident(communityId, '志愿者');
            await putManualAttendance(a.id, {
              userId: u.id,
              name: u.name,
              checkedInAt: startsAt,
              checkedOutAt: endsAt,
              manual: true,
              by: boss.id,
            });
            volunteers.push(u.id);
          }
          return { activity: a, volunteers };
        },
        'ended activities with volunteers',
        50,
      );
    },
    async http(f, _w, client) {
      const r = await client.send(
        'POST',
        `/api/activities/${f.activity.id}/confirm`,
        {},
        {
          authorization: `Bearer ${adminToken}`,
        },
      );
      expectStatus('confirmation', r, 200);
    },
    async bare(f, _w, ddb) {
      await bareConfirm(ddb, f, adminId, () => org(ddb));
    },
  };
};

const attendanceQuery = (activityId: string) =>
  new QueryCommand({
    TableName: tableName(),
    KeyConditionExpression: 'pk = :pk AND begins_with(sk, :a)',
    ExpressionAttributeValues: { ':pk': activityPartition(activityId), ':a': prefixes.attendance },
    ConsistentRead: true,
  });

/**
 * What confirmActivity issues: the caller, the activity (consistent), the attendance, the lease, then
 * attendance + credits + the org (cached 30 s) at once, the volunteers' names, and per volunteer
 * (4 at a time) the month-participant markers, their teams (byParent), their balance and ONE
 * transaction (balance + ledger + 2 liability counters + credit guard, service record, activity
 * totals, participant markers and counters, and every leaderboard item); finally the activity's status.
 */
async function bareConfirm(
  ddb: DynamoDBDocumentClient,
  f: ConfirmFixture,
  adminId: string,
  org: () => Promise<unknown> | undefined,
) {
  const T = tableName();
  await ddb.send(new GetCommand({ TableName: T, Key: userKey(adminId) }));
  const a = f.activity;
  await ddb.send(new GetCommand({ TableName: T, Key: activityKey(a.id), ConsistentRead: true }));
  await ddb.send(attendanceQuery(a.id));
  const now = Date.now();
  await ddb.send(
    new UpdateCommand({
      TableName: T,
      Key: confirmGuardKey(a.id),
      UpdateExpression:
        'SET #type = :t, activityId = :a, #owner = :o, leaseUntil = :l, startedAt = if_not_exists(startedAt, :now), ' +
        '#by = if_not_exists(#by, :by), adjustments = if_not_exists(adjustments, :adj)',
      ConditionExpression: 'attribute_not_exists(pk) OR leaseUntil < :nowMs',
      ExpressionAttributeNames: { '#type': 'type', '#owner': 'owner', '#by': 'by' },
      ExpressionAttributeValues: {
        ':t': 'CONFIRM_GUARD',
        ':a': a.id,
        ':o': newId(),
        ':l': now + 30_000,
        ':now': new Date(now).toISOString(),
        ':nowMs': now,
        ':by': adminId,
        ':adj': {},
      },
      ReturnValues: 'ALL_NEW',
    }),
  );
  const [attendance] = await Promise.all([
    ddb.send(attendanceQuery(a.id)),
    ddb.send(
      new QueryCommand({
        TableName: T,
        KeyConditionExpression: 'pk = :pk AND begins_with(sk, :c)',
        ExpressionAttributeValues: { ':pk': activityPartition(a.id), ':c': prefixes.credit },
        ConsistentRead: true,
      }),
    ),
    org(),
  ]);
  const people = await ddb.send(
    new BatchGetCommand({
      RequestItems: {
        [T]: {
          Keys: (attendance.Items ?? []).map((r) => userKey(r.userId as string)),
          ProjectionExpression: 'id, #n, communityId',
          ExpressionAttributeNames: { '#n': 'name' },
        },
      },
    }),
  );
  const at = new Date().toISOString();
  const minutes = 120;
  const points = Math.floor((minutes * a.pointsPerHour) / 60);
  const todo = (people.Responses?.[T] ?? []).map((p) => ({
    userId: p.id as string,
    name: p.name as string,
    communityId: p.communityId as string,
  }));
  const scopes = [streetScope(a.streetId), cityScope];
  const tz = config().tzName;
  const worker = async () => {
    for (let p = todo.shift(); p; p = todo.shift()) {
      await ddb.send(
        new BatchGetCommand({
          RequestItems: {
            [T]: { Keys: scopes.map((s) => monthParticipantKey(a.month, s, p!.userId)), ConsistentRead: true },
          },
        }),
      );
      await ddb.send(
        new QueryCommand({
          TableName: T,
          IndexName: 'byParent',
          KeyConditionExpression: 'gpk = :p AND begins_with(gsk, :t)',
          ExpressionAttributeValues: { ':p': userTeamsParent(p.userId), ':t': 'TEAM#' },
        }),
      );
      const moves = (['service_minutes', 'volunteer_points'] as const).flatMap((metric) =>
        boardMoves(
          {
            metric,
            value: metric === 'service_minutes' ? minutes : points,
            userId: p!.userId,
            name: p!.name,
            at: a.startsAt,
            communityId: p!.communityId,
            streetId: a.streetId,
          },
          [],
          tz,
        ),
      );
      const boards = mergeMoves(moves).map((m) => boardUpdate(m, at));
      const profile = (
        await ddb.send(
          new GetCommand({
            TableName: T,
            Key: userKey(p.userId),
            ConsistentRead: true,
            ProjectionExpression: 'id, balance, ver, communityId',
          }),
        )
      ).Item!;
      const ver = (profile.ver as number) ?? 0;
      const own = creditItems(a, {
        userId: p.userId,
        minutes,
        points,
        at,
        ver: ver + 1,
        holder: { name: p.name, communityId: p.communityId, streetId: a.streetId },
      });
      const balanceAfter = ((profile.balance as number) ?? 0) + points;
      const entryId = newId();
      const month = localMonth(at, tz);
      await ddb.send(
        new TransactWriteCommand({
          ClientRequestToken: newId(),
          TransactItems: [
            {
              Update: {
                TableName: T,
                Key: userKey(p.userId),
                UpdateExpression: 'SET balance = :b, ver = :nv ADD #a0 :a0',
                ConditionExpression: ver === 0 ? '(attribute_not_exists(ver) OR ver = :v)' : 'ver = :v',
                ExpressionAttributeNames: { '#a0': 'serviceMinutes' },
                ExpressionAttributeValues: { ':b': balanceAfter, ':nv': ver + 1, ':v': ver, ':a0': minutes },
              },
            },
            {
              Put: {
                TableName: T,
                Item: {
                  ...ledgerKey(p.userId, entryId),
                  type: 'LEDGER',
                  userId: p.userId,
                  actor: adminId,
                  id: entryId,
                  at,
                  delta: points,
                  reason: 'volunteer',
                  ref: `activity:${a.id}`,
                  balanceAfter,
                  note: a.title,
                },
                ConditionExpression: 'attribute_not_exists(pk)',
              },
            },
            ...['TOTAL', month].map((period) => ({
              Update: {
                TableName: T,
                Key: liabilityKey(p!.communityId, period),
                UpdateExpression: 'SET communityId = :c ADD #r0 :r0',
                ExpressionAttributeNames: { '#r0': 'volunteer' },
                ExpressionAttributeValues: { ':r0': points, ':c': p!.communityId },
              },
            })),
            ...partsItems(own).items,
            ...boards,
          ],
        }),
      );
    }
  };
  await Promise.all(Array.from({ length: PARALLEL }, worker));
  await ddb.send(
    new UpdateCommand({
      TableName: T,
      Key: activityKey(a.id),
      UpdateExpression:
        'SET #s = :c, confirmedAt = if_not_exists(confirmedAt, :at), confirmedBy = if_not_exists(confirmedBy, :by)',
      ExpressionAttributeNames: { '#s': 'status' },
      ExpressionAttributeValues: { ':c': 'confirmed', ':at': at, ':by': adminId },
    }),
  );
}
