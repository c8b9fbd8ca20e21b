import { createRoute } from '@hono/zod-openapi';
import { IdParam } from '../../../shared/schemas/common.js';
import {
  GarbageDailyStats,
  GarbageMonthStats,
  GarbageTopBins,
  MonthQuery,
  TopBinsQuery,
} from '../../../shared/schemas/garbage.js';
import type { User } from '../../domain/user.js';
import { assertCan } from '../../services/authz.js';
import { dailyStats, monthOrNow, monthStats, topBins } from '../../services/garbage-stats.js';
import { communityTarget } from '../../services/org.js';
import { currentUser } from '../middleware/auth.js';
import { bearerAuth, json, newRouter, problemResponses } from '../openapi.js';

const statResponses = <T extends Parameters<typeof json>[0]>(schema: T) => ({
  200: json(schema),
  ...problemResponses(400, 401, 403, 404),
});

/** Organisers and staff of the community (a street organiser covers its communities; admin all). */
async function assertMaySee(me: User, communityId: string): Promise<void> {
  assertCan(
    me,
    ['organizer', 'staff'],
    await communityTarget(communityId),
    'Only organisers and staff of this community',
  );
}

export const garbageRoutes = newRouter()
  .openapi(
    createRoute({
      method: 'get',
      path: '/communities/{id}/garbage',
      tags: ['Smart bins'],
      summary: 'Garbage-sorting statistics of a community in a month (organizer, staff)',
      description: 'Without `month`, the current month in TZ_NAME. Read from counters; no table scan.',
      security: bearerAuth,
      request: { params: IdParam, query: MonthQuery },
      responses: statResponses(GarbageMonthStats),
    }),
    async (c) => {
      const me = await currentUser(c);
      const { id } = c.req.valid('param');
      await assertMaySee(me, id);
      return c.json(await monthStats(id, monthOrNow(c.req.valid('query').month)), 200);
    },
  )
  .openapi(
    createRoute({
      method: 'get',
      path: '/communities/{id}/garbage/daily',
      tags: ['Smart bins'],
      summary: 'Daily series of a month: scans, correct, correctRate, participants, points (organizer, staff)',
      security: bearerAuth,
      request: { params: IdParam, query: MonthQuery },
      responses: statResponses(GarbageDailyStats),
    }),
    async (c) => {
      const me = await currentUser(c);
      const { id } = c.req.valid('param');
      await assertMaySee(me, id);
      return c.json(await dailyStats(id, monthOrNow(c.req.valid('query').month)), 200);
    },
  )
  .openapi(
    createRoute({
      method: 'get',
      path: '/communities/{id}/garbage/bins',
      tags: ['Smart bins'],
      summary: 'Top bins of a month by scans (organizer, staff)',
      security: bearerAuth,
      request: { params: IdParam, query: TopBinsQuery },
      responses: statResponses(GarbageTopBins),
    }),
    async (c) => {
      const me = await currentUser(c);
      const { id } = c.req.valid('param');
      await assertMaySee(me, id);
      const q = c.req.valid('query');
      return c.json(await topBins(id, monthOrNow(q.month), q.limit), 200);
    },
  );
