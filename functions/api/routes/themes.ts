import { createRoute, z } from '@hono/zod-openapi';
import {
  MonthParam,
  MonthReport,
  MonthThemes,
  ReportQuery,
  Theme,
  ThemeInput,
  ThemesQuery,
} from '../../../shared/schemas/themes.js';
import { monthReport } from '../../services/report.js';
import { reportCsv } from '../../services/report-csv.js';
import { currentMonth, monthThemes, publishTheme } from '../../services/themes.js';
import { currentUser } from '../middleware/auth.js';
import { bearerAuth, json, jsonBody, newRouter, problemResponses } from '../openapi.js';

export const themeRoutes = newRouter()
  .openapi(
    createRoute({
      method: 'post',
      path: '/themes',
      tags: ['Monthly 1+N themes'],
      summary: 'Publish a theme: the mandatory "1" (admin) or a street\'s special "N" (its organizer, admin)',
      security: bearerAuth,
      request: jsonBody(ThemeInput),
      responses: {
        201: json(Theme, 'Published'),
        ...problemResponses(400, 401, 403, 409),
      },
    }),
    async (c) => {
      const t = await publishTheme(await currentUser(c), c.req.valid('json'));
      return c.json(t, 201);
    },
  )
  .openapi(
    createRoute({
      method: 'get',
      path: '/themes',
      tags: ['Monthly 1+N themes'],
      summary: 'The themes of a month (public; default: the current month in TZ_NAME)',
      request: { query: ThemesQuery },
      responses: { 200: json(MonthThemes), ...problemResponses(400) },
    }),
    async (c) => c.json(await monthThemes(c.req.valid('query').month ?? currentMonth()), 200),
  )
  .openapi(
    createRoute({
      method: 'get',
      path: '/themes/{month}/report',
      tags: ['Monthly 1+N themes'],
      summary: 'The monthly 1+N report (admin, organizer); `?format=csv` gives text/csv with a UTF-8 BOM',
      security: bearerAuth,
      request: { params: MonthParam, query: ReportQuery },
      responses: {
        200: {
          description: 'The report',
          content: {
            'application/json': { schema: MonthReport },
            'text/csv': { schema: z.string() },
          },
        },
        ...problemResponses(400, 401, 403),
      },
    }),
    async (c) => {
      const { month } = c.req.valid('param');
      const report = await monthReport(await currentUser(c), month);
      if (c.req.valid('query').format === 'csv') {
        return c.body(reportCsv(report), 200, {
          'Content-Type': 'text/csv; charset=utf-8',
          'Content-Disposition': `attachment; filename="1+N-report-${month}.csv"`,
        });
      }
      return c.json(report, 200);
    },
  );
