import { createRoute, z } from '@hono/zod-openapi';
import { json, newRouter } from '../openapi.js';

/** Liveness only: no database call. */
export const healthRoutes = newRouter().openapi(
  createRoute({
    method: 'get',
    path: '/health',
    tags: ['Operations'],
    summary: 'Liveness',
    responses: { 200: json(z.object({ ok: z.literal(true) })) },
  }),
  (c) => c.json({ ok: true as const }, 200),
);
