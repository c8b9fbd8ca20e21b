import { createRoute, z } from '@hono/zod-openapi';
import { Id, Month } from '../../../shared/schemas/common.js';
import { CommunityRedemptions, VolunteerHours } from '../../../shared/schemas/exports.js';
import { csvResponse, toCsv } from '../../services/csv.js';
import {
  communityRedemptions,
  redemptionColumns,
  volunteerHours,
  volunteerHoursColumns,
} from '../../services/exports.js';
import { currentUser } from '../middleware/auth.js';
import { bearerAuth, newRouter, problemResponses } from '../openapi.js';

const Query = z.object({ month: Month, format: z.enum(['json', 'csv']).default('json') });
const Params = z.object({ id: Id });
const csvOrJson = (description: string, schema: z.ZodType) => ({
  description,
  content: { 'application/json': { schema }, 'text/csv': { schema: z.string() } },
});

/** A community's monthly exports for its organisers (and staff, for redemptions): JSON, or CSV for a spreadsheet. */
export const exportRoutes = newRouter()
  .openapi(
    createRoute({
      method: 'get',
      path: '/communities/{id}/volunteer-hours',
      tags: ['Exports'],
      summary: 'Per volunteer: activities, minutes, points, no-shows of a month (organizer, admin)',
      description: 'Phones are masked. `?format=csv` gives text/csv, UTF-8 with BOM, zh-CN headers with the English.',
      security: bearerAuth,
      request: { params: Params, query: Query },
      responses: {
        200: csvOrJson('The table', VolunteerHours),
        ...problemResponses(400, 401, 403),
      },
    }),
    async (c) => {
      const { month, format } = c.req.valid('query');
      const r = await volunteerHours(await currentUser(c), c.req.valid('param').id, month);
      if (format === 'csv') return csvResponse(toCsv(volunteerHoursColumns, r.items), `volunteer-hours-${month}.csv`);
      return c.json(r, 200);
    },
  )
  .openapi(
    createRoute({
      method: 'get',
      path: '/communities/{id}/redemptions',
      tags: ['Exports'],
      summary: 'The redemptions made in a month at the community (organizer, staff, admin)',
      description: '`?format=csv` gives text/csv, UTF-8 with BOM, zh-CN headers with the English.',
      security: bearerAuth,
      request: { params: Params, query: Query },
      responses: {
        200: csvOrJson('The table', CommunityRedemptions),
        ...problemResponses(400, 401, 403),
      },
    }),
    async (c) => {
      const { month, format } = c.req.valid('query');
      const r = await communityRedemptions(await currentUser(c), c.req.valid('param').id, month);
      if (format === 'csv') return csvResponse(toCsv(redemptionColumns, r.items), `redemptions-${month}.csv`);
      return c.json(r, 200);
    },
  );
