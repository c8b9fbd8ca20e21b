import { createRoute, z } from '@hono/zod-openapi';
import { MyService, MySignupItem } from '../../../shared/schemas/activities.js';
import { ListQuery, page } from '../../../shared/schemas/common.js';
import { listMySignups } from '../../services/signups.js';
import { myServiceRecord } from '../../services/service-record.js';
import { currentUser } from '../middleware/auth.js';
import { bearerAuth, json, newRouter, problemResponses } from '../openapi.js';
import { now } from '../../clock.js';

const flag = z
  .enum(['true', 'false', '1', '0'])
  .optional()
  .transform((v) => v === 'true' || v === '1');

export const serviceRoutes = newRouter()
  .openapi(
    createRoute({
      method: 'get',
      path: '/me/service',
      tags: ['Activities, check-in and service hours'],
      summary: 'My service record (我的服务记录): confirmed activities newest first, total minutes and stars',
      security: bearerAuth,
      request: { query: ListQuery },
      responses: { 200: json(MyService), ...problemResponses(400, 401) },
    }),
    async (c) => {
      const q = c.req.valid('query');
      return c.json(await myServiceRecord(await currentUser(c), q.limit, q.cursor), 200);
    },
  )
  .openapi(
    createRoute({
      method: 'get',
      path: '/me/signups',
      tags: ['Activities, check-in and service hours'],
      summary: 'My sign-ups in activity time order; `upcoming=true` from 12 h ago on',
      security: bearerAuth,
      request: { query: ListQuery.extend({ upcoming: flag }) },
      responses: { 200: json(page(MySignupItem)), ...problemResponses(400, 401) },
    }),
    async (c) => {
      const me = await currentUser(c);
      const q = c.req.valid('query');
      const from = q.upcoming ? new Date(now() - 12 * 3_600_000).toISOString() : undefined;
      const r = await listMySignups(me.id, from, q.limit, q.cursor);
      return c.json(
        {
          items: r.items.map((s) => ({
            activityId: s.activityId,
            title: s.title,
            communityId: s.communityId,
            startsAt: s.startsAt,
            endsAt: s.endsAt,
            status: s.status,
          })),
          nextCursor: r.nextCursor,
        },
        200,
      );
    },
  );
