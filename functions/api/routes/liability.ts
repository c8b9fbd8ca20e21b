import { createRoute, z } from '@hono/zod-openapi';
import { Month } from '../../../shared/schemas/common.js';
import { Liability, LiabilityScope } from '../../../shared/schemas/rewards.js';
import { liabilityFor } from '../../services/liability.js';
import { currentUser } from '../middleware/auth.js';
import { bearerAuth, json, newRouter, problemResponses } from '../openapi.js';

export const liabilityRoutes = newRouter().openapi(
  createRoute({
    method: 'get',
    path: '/points/liability',
    tags: ['Points'],
    summary: 'Points liability: issued by source, redeemed, refunded, outstanding (admin, organisers)',
    description:
      '`scope=city` (admin), `street:<id>` (its organisers), `community:<id>` (its organisers and its street’s). ' +
      'Per community and street; `outstanding` is what residents hold. `month=YYYY-MM` (in TZ_NAME) gives the moves of that month.',
    security: bearerAuth,
    request: { query: z.object({ scope: LiabilityScope.default('city'), month: Month.optional() }) },
    responses: {
      200: json(Liability),
      ...problemResponses(400, 401, 403, 404),
    },
  }),
  async (c) => {
    const q = c.req.valid('query');
    return c.json(await liabilityFor(await currentUser(c), q.scope, q.month), 200);
  },
);
