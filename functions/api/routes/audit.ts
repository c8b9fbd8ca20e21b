import { createRoute, z } from '@hono/zod-openapi';
import { AuditPage, AuditQuery } from '../../../shared/schemas/audit.js';
import { auditColumns, readAudit, readAuditAll } from '../../services/audit.js';
import { csvResponse, toCsv } from '../../services/csv.js';
import { currentUser } from '../middleware/auth.js';
import { bearerAuth, newRouter, problemResponses } from '../openapi.js';

/** The audit trail of privileged acts, for the admin and street organisers. */
export const auditRoutes = newRouter().openapi(
  createRoute({
    method: 'get',
    path: '/audit',
    tags: ['Trust'],
    summary: 'Privileged acts, newest first (admin; a street organizer for its street)',
    description:
      'Filtered by `communityId` (else the caller’s street, or for the admin the whole city), `actorId` and ' +
      '`[from, to]` (default: the last 12 months; at most 24). `?format=csv` gives text/csv, UTF-8 with BOM, ' +
      'zh-CN headers with the English, every act of the query (up to 5000) from `cursor` on.',
    security: bearerAuth,
    request: { query: AuditQuery },
    responses: {
      200: {
        description: 'A page of the trail',
        content: { 'application/json': { schema: AuditPage }, 'text/csv': { schema: z.string() } },
      },
      ...problemResponses(400, 401, 403, 404),
    },
  }),
  async (c) => {
    const me = await currentUser(c);
    const q = c.req.valid('query');
    if (q.format === 'csv') return csvResponse(toCsv(auditColumns, await readAuditAll(me, q)), 'audit.csv');
    return c.json(await readAudit(me, q), 200);
  },
);
