import { createRoute } from '@hono/zod-openapi';
import { IdParam } from '../../../shared/schemas/common.js';
import { Flag, FlagPage, FlagQuery, ResolveFlag } from '../../../shared/schemas/flags.js';
import { flagQueue, resolve } from '../../services/flags.js';
import { currentUser } from '../middleware/auth.js';
import { bearerAuth, json, jsonBody, newRouter, problemResponses } from '../openapi.js';

const tags = ['Trust'];

/** The review queue: flags raised by the projector, for the level above the act. */
export const flagRoutes = newRouter()
  .openapi(
    createRoute({
      method: 'get',
      path: '/flags',
      tags,
      summary: 'Review flags, oldest first (admin; a street organizer for its street). The subject never sees its own',
      description:
        'Kinds: `shared-device`, `card-burst`, `bin-burst`, `large-credit` (over `REVIEW_POINTS`, > 50 % proxy ' +
        'attendance, or an activity created after it ended), `large-adjustment` (|delta| > 1000). A community’s ' +
        'acts go to its street’s organisers and the admin; a street organiser’s acts to the admin.',
      security: bearerAuth,
      request: { query: FlagQuery },
      responses: {
        200: json(FlagPage, 'A page of the queue'),
        ...problemResponses(400, 401, 403, 404),
      },
    }),
    async (c) => c.json(await flagQueue(await currentUser(c), c.req.valid('query')), 200),
  )
  .openapi(
    createRoute({
      method: 'post',
      path: '/flags/{id}/resolve',
      tags,
      summary: 'Decide a flag (`clear` or `confirmed`) with a note; recorded in the audit trail',
      security: bearerAuth,
      request: { params: IdParam, ...jsonBody(ResolveFlag) },
      responses: {
        200: json(Flag, 'The flag, resolved'),
        ...problemResponses(400, 401, 403, 404, 409),
      },
    }),
    async (c) => c.json(await resolve(await currentUser(c), c.req.valid('param').id, c.req.valid('json')), 200),
  );
