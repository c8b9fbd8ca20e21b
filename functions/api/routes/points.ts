import { createRoute } from '@hono/zod-openapi';
import { forbidden, notFound } from '../../../shared/errors.js';
import { AdjustmentInput, LedgerEntry } from '../../../shared/schemas/points.js';
import { moveBalance } from '../../db/ledger.js';
import { getUser } from '../../db/users.js';
import { can } from '../../services/authz.js';
import { communityTarget } from '../../services/org.js';
import { currentUser } from '../middleware/auth.js';
import { bearerAuth, json, jsonBody, newRouter, problems } from '../openapi.js';

export const pointsRoutes = newRouter().openapi(
  createRoute({
    method: 'post',
    path: '/points/adjustments',
    tags: ['Points'],
    summary: 'Correct a balance by hand (admin, organizer of the user’s community)',
    security: bearerAuth,
    request: jsonBody(AdjustmentInput),
    responses: {
      201: json(LedgerEntry, 'The ledger entry'),
      400: problems[400],
      401: problems[401],
      403: problems[403],
      404: problems[404],
      409: problems[409],
    },
  }),
  async (c) => {
    const me = await currentUser(c);
    const { userId, delta, note } = c.req.valid('json');
    const target = await getUser(userId);
    if (!target) throw notFound('User');
    const where = target.communityId ? await communityTarget(target.communityId) : {};
    if (!can(me, ['organizer'], where) || (!target.communityId && !me.roles.some((r) => r.role === 'admin'))) {
      throw forbidden('Only the admin or an organiser of this resident’s community adjusts points');
    }
    const r = await moveBalance({ userId, delta, reason: 'adjust', ref: `adjustment:${me.id}`, actor: me.id, note });
    return c.json(r.entry!, 201);
  },
);
