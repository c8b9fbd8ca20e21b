import { createRoute, z } from '@hono/zod-openapi';
import { Me, PatchMe } from '../../../shared/schemas/auth.js';
import { ListQuery, page } from '../../../shared/schemas/common.js';
import { LedgerEntry } from '../../../shared/schemas/points.js';
import { myLedger, updateMyProfile } from '../../services/users.js';
import { toMe } from '../../services/auth.js';
import { noShows90d } from '../../services/no-shows.js';
import { csvResponse, toCsv } from '../../services/csv.js';
import { allLedger, ledgerColumns } from '../../services/exports.js';
import { currentUser } from '../middleware/auth.js';
import { bearerAuth, json, jsonBody, newRouter, problemResponses } from '../openapi.js';

const router = newRouter();
// `?format=csv` answers before the JSON route, so the typed client's answer type stays the JSON page.
router.use('/me/ledger', async (c, next) => {
  if (c.req.method !== 'GET' || c.req.query('format') !== 'csv') return next();
  const me = await currentUser(c);
  return csvResponse(toCsv(ledgerColumns, await allLedger(me.id)), 'ledger.csv');
});

export const meRoutes = router
  .openapi(
    createRoute({
      method: 'get',
      path: '/me',
      tags: ['Me'],
      security: bearerAuth,
      responses: { 200: json(Me), ...problemResponses(401) },
    }),
    async (c) => {
      const me = await currentUser(c);
      return c.json({ ...toMe(me), noShows90d: await noShows90d(me.id) }, 200);
    },
  )
  .openapi(
    createRoute({
      method: 'patch',
      path: '/me',
      tags: ['Me'],
      summary: 'Set my name; choose my community once',
      security: bearerAuth,
      request: jsonBody(PatchMe),
      responses: { 200: json(Me), ...problemResponses(400, 401, 409) },
    }),
    async (c) => {
      const me = await currentUser(c);
      return c.json(toMe(await updateMyProfile(me, c.req.valid('json'))), 200);
    },
  )
  .openapi(
    createRoute({
      method: 'get',
      path: '/me/ledger',
      tags: ['Points'],
      summary: 'My points ledger, newest first; `?format=csv` gives all of it as text/csv (UTF-8 with BOM)',
      security: bearerAuth,
      request: { query: ListQuery.extend({ format: z.enum(['json', 'csv']).default('json') }) },
      responses: {
        200: json(page(LedgerEntry), 'The page (JSON), or with `?format=csv` all entries as text/csv'),
        ...problemResponses(400, 401),
      },
    }),
    async (c) => {
      const me = await currentUser(c);
      const q = c.req.valid('query');
      return c.json(await myLedger(me, q.limit, q.cursor), 200);
    },
  );
