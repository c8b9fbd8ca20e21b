import { createRoute } from '@hono/zod-openapi';
import { AdjustmentIdempotencyHeader, AdjustmentInput, LedgerEntry } from '../../../shared/schemas/points.js';
import { adjustPoints } from '../../services/adjustments.js';
import { currentUser } from '../middleware/auth.js';
import { bearerAuth, json, jsonBody, newRouter, problemResponses } from '../openapi.js';

export const pointsRoutes = newRouter().openapi(
  createRoute({
    method: 'post',
    path: '/points/adjustments',
    tags: ['Points'],
    summary: 'Correct a balance by hand (admin, organizer of the user’s community)',
    description:
      'Never below 0 (409 `insufficient-points`). An optional `Idempotency-Key` makes a retry safe: the same key ' +
      'with the same body applies the correction once and answers the first entry; with another body it is 409 ' +
      '`conflict`. Keys are remembered 48 h, per person adjusting.',
    security: bearerAuth,
    request: { headers: AdjustmentIdempotencyHeader, ...jsonBody(AdjustmentInput) },
    responses: {
      201: json(LedgerEntry, 'The ledger entry'),
      ...problemResponses(400, 401, 403, 404, 409),
    },
  }),
  async (c) => {
    const entry = await adjustPoints(
      await currentUser(c),
      c.req.valid('json'),
      c.req.valid('header')['idempotency-key'],
    );
    return c.json(entry, 201);
  },
);
