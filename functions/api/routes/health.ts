import { createRoute, z } from '@hono/zod-openapi';
import { config } from '../../config.js';
import { json, newRouter } from '../openapi.js';

/**
 * Liveness (no database call), and the deployment facts a client needs to show what the API means: the time zone
 * days and months are counted in (`TZ_NAME`), so the web formats every time in the city's zone, not the phone's.
 */
export const healthRoutes = newRouter()
  .openapi(
    createRoute({
      method: 'get',
      path: '/health',
      tags: ['Operations'],
      summary: 'Liveness',
      responses: { 200: json(z.object({ ok: z.literal(true) })) },
    }),
    (c) => c.json({ ok: true as const }, 200),
  )
  .openapi(
    createRoute({
      method: 'get',
      path: '/config',
      tags: ['Operations'],
      summary: 'The deployment’s settings a client needs (public)',
      description: '`timeZone`: the IANA zone (`TZ_NAME`) days, months and quiet hours are counted in.',
      responses: { 200: json(z.object({ timeZone: z.string().meta({ example: 'Asia/Shanghai' }) })) },
    }),
    (c) => {
      // Static per deployment: caches may keep it a while (the web also remembers the last answer for offline use).
      c.header('Cache-Control', 'public, max-age=300');
      return c.json({ timeZone: config().tzName }, 200);
    },
  );
