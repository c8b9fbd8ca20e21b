import { createRoute } from '@hono/zod-openapi';
import { Me, PatchMe } from '../../../shared/schemas/auth.js';
import { ListQuery, page } from '../../../shared/schemas/common.js';
import { LedgerEntry } from '../../../shared/schemas/points.js';
import { myLedger, updateMyProfile } from '../../services/users.js';
import { toMe } from '../../services/auth.js';
import { currentUser } from '../middleware/auth.js';
import { bearerAuth, json, jsonBody, newRouter, problems } from '../openapi.js';

export const meRoutes = newRouter()
  .openapi(
    createRoute({
      method: 'get',
      path: '/me',
      tags: ['Me'],
      security: bearerAuth,
      responses: { 200: json(Me), 401: problems[401] },
    }),
    async (c) => c.json(toMe(await currentUser(c)), 200),
  )
  .openapi(
    createRoute({
      method: 'patch',
      path: '/me',
      tags: ['Me'],
      summary: 'Set my name; choose my community once',
      security: bearerAuth,
      request: jsonBody(PatchMe),
      responses: { 200: json(Me), 400: problems[400], 401: problems[401], 409: problems[409] },
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
      summary: 'My points ledger, newest first',
      security: bearerAuth,
      request: { query: ListQuery },
      responses: { 200: json(page(LedgerEntry)), 400: problems[400], 401: problems[401] },
    }),
    async (c) => {
      const me = await currentUser(c);
      const q = c.req.valid('query');
      return c.json(await myLedger(me, q.limit, q.cursor), 200);
    },
  );
