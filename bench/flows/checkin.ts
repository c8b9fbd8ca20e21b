import { GetCommand, TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import { activityKey, attendanceKey, confirmGuardKey, signupKey, userKey } from '../../shared/db/keys.js';
import { tableName } from '../../functions/db/client.js';
import { signUp } from '../../functions/db/signups.js';
import { createActivity } from '../../functions/services/activities.js';
import { currentCode } from '../../functions/services/checkin-code.js';
import type { ActivityRow } from '../../functions/db/activities.js';
import { admin, benchCommunity, inPool, newResident } from './fixtures.js';
import { expectStatus, type Flow } from './flow.js';

interface CheckinFixture {
  activity: ActivityRow;
  userId: string;
  name: string;
  token: string;
}

/** Volunteers per activity: a large community clean-up, so many people check in at once. */
const PER_ACTIVITY = 100;

/** A volunteer with a confirmed place checks in with the live code: each request a new person. */
export const checkinFlow = (token: (userId: string) => Promise<string>): Flow<CheckinFixture> => ({
  name: 'check-in',
  unit: 'a volunteer with a confirmed place checks in (a new person each time)',
  requests: 300,
  async prepare(count) {
    const { communityId } = await benchCommunity();
    const boss = await admin();
    const now = Date.now();
    const activities = await inPool(Math.ceil(count / PER_ACTIVITY), 4, () =>
      createActivity(boss, {
        communityId,
        title: '社区环境大扫除',
        location: { name: '3号楼前广场' },
        startsAt: new Date(now - 10 * 60_000).toISOString(),
        endsAt: new Date(now + 3 * 3600_000).toISOString(),
        capacity: 10_000,
        pointsPerHour: 10,
      }),
    );
    return inPool(
      count,
      8,
      async (i) => {
        const a = activities[Math.floor(i / PER_ACTIVITY)]!;
        const u = await newResident(communityId, '志愿者');
        await signUp(a, { id: u.id, name: u.name });
        return { activity: a, userId: u.id, name: u.name, token: await token(u.id) };
      },
      'check-in volunteers signed up',
    );
  },
  async http(f, _w, client) {
    const r = await client.send(
      'POST',
      `/api/activities/${f.activity.id}/checkins`,
      { code: currentCode(f.activity.secret).code },
      { authorization: `Bearer ${f.token}` },
    );
    expectStatus('check-in', r, 201);
  },
  // What checkInSelf issues: the caller's profile, the activity, the sign-up, then one transaction
  // (the attendance item + the "not confirmed yet" condition).
  async bare(f, _w, ddb) {
    const T = tableName();
    await ddb.send(new GetCommand({ TableName: T, Key: userKey(f.userId) }));
    await ddb.send(new GetCommand({ TableName: T, Key: activityKey(f.activity.id) }));
    await ddb.send(new GetCommand({ TableName: T, Key: signupKey(f.activity.id, f.userId), ConsistentRead: true }));
    await ddb.send(
      new TransactWriteCommand({
        TransactItems: [
          {
            Put: {
              TableName: T,
              Item: {
                ...attendanceKey(f.activity.id, f.userId),
                type: 'ATTENDANCE',
                activityId: f.activity.id,
                manual: false,
                userId: f.userId,
                name: f.name,
                checkedInAt: new Date().toISOString(),
              },
              ConditionExpression: 'attribute_not_exists(pk)',
            },
          },
          {
            ConditionCheck: {
              TableName: T,
              Key: confirmGuardKey(f.activity.id),
              ConditionExpression: 'attribute_not_exists(pk)',
            },
          },
        ],
      }),
    );
  },
});
