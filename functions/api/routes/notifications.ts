import { createRoute } from '@hono/zod-openapi';
import { ListQuery } from '../../../shared/schemas/common.js';
import {
  NotificationPage,
  PatchPreferences,
  Preferences,
  ReadNotifications,
} from '../../../shared/schemas/notifications.js';
import { inbox, preferencesOf, readNotices, updatePreferences } from '../../services/notify.js';
import { currentUser } from '../middleware/auth.js';
import { bearerAuth, json, jsonBody, newRouter, noContent, problemResponses } from '../openapi.js';

/** The signed-in person's inbox (消息) and notification preferences. */
export const notificationRoutes = newRouter()
  .openapi(
    createRoute({
      method: 'get',
      path: '/me/notifications',
      tags: ['Notifications'],
      summary: 'My notices, newest first, with the unread count',
      security: bearerAuth,
      request: { query: ListQuery },
      responses: { 200: json(NotificationPage), ...problemResponses(400, 401) },
    }),
    async (c) => {
      const me = await currentUser(c);
      const q = c.req.valid('query');
      return c.json(await inbox(me.id, q.limit, q.cursor), 200);
    },
  )
  .openapi(
    createRoute({
      method: 'post',
      path: '/me/notifications/read',
      tags: ['Notifications'],
      summary: 'Mark notices read (all of them without `ids`)',
      security: bearerAuth,
      request: { body: { content: { 'application/json': { schema: ReadNotifications } }, required: false } },
      responses: { 204: noContent, ...problemResponses(400, 401) },
    }),
    async (c) => {
      const me = await currentUser(c);
      const body = c.req.valid('json') as { ids?: string[] } | undefined;
      await readNotices(me.id, body?.ids);
      return c.body(null, 204);
    },
  )
  .openapi(
    createRoute({
      method: 'get',
      path: '/me/preferences',
      tags: ['Notifications'],
      summary: 'My language and the kinds of notice I take by SMS',
      security: bearerAuth,
      responses: { 200: json(Preferences), ...problemResponses(401) },
    }),
    async (c) => c.json(await preferencesOf((await currentUser(c)).id), 200),
  )
  .openapi(
    createRoute({
      method: 'patch',
      path: '/me/preferences',
      tags: ['Notifications'],
      summary: 'Set my language and/or the kinds of notice I take by SMS',
      security: bearerAuth,
      request: jsonBody(PatchPreferences),
      responses: { 200: json(Preferences), ...problemResponses(400, 401) },
    }),
    async (c) => c.json(await updatePreferences((await currentUser(c)).id, c.req.valid('json')), 200),
  );
