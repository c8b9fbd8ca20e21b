import { swaggerUI } from '@hono/swagger-ui';
import { OpenAPIHono } from '@hono/zod-openapi';
import type { AppEnv } from './env.js';
import { bearer } from './middleware/auth.js';
import { bodyLimits } from './middleware/body-limit.js';
import { headerLimit } from './middleware/header-limit.js';
import { requestContext } from './middleware/request-context.js';
import { openApiDocument } from './openapi-document.js';
import { onError, problem } from './problem.js';
import { authRoutes } from './routes/auth.js';
import { binRoutes } from './routes/bins.js';
import { cardRoutes } from './routes/cards.js';
import { garbageRoutes } from './routes/garbage.js';
import { healthRoutes } from './routes/health.js';
import { leaderboardRoutes } from './routes/leaderboards.js';
import { meRoutes } from './routes/me.js';
import { notificationRoutes } from './routes/notifications.js';
import { orgRoutes } from './routes/org.js';
import { residentRoutes } from './routes/residents.js';
import { certificateRoutes } from './routes/certificates.js';
import { liabilityRoutes } from './routes/liability.js';
import { pointsRoutes } from './routes/points.js';
import { activityRoutes } from './routes/activities.js';
import { serviceRoutes } from './routes/service.js';
import { teamRoutes } from './routes/teams.js';
import { themeRoutes } from './routes/themes.js';
import { redemptionsRoutes } from './routes/redemptions.js';
import { rewardsRoutes } from './routes/rewards.js';

/** Builds the whole API; the Lambda and the local server are thin adapters around it. */
export function createApp() {
  const app = new OpenAPIHono<AppEnv>();
  app.use('*', requestContext);
  app.use('/api/*', headerLimit);
  app.use('/api/*', bodyLimits);
  app.use('/api/*', bearer);
  app.onError(onError);
  app.notFound((c) => problem(c, 'not-found', 'No such route'));

  const routes = app
    .route('/api', healthRoutes)
    .route('/api', authRoutes)
    .route('/api', meRoutes)
    .route('/api', notificationRoutes)
    .route('/api', orgRoutes)
    .route('/api', residentRoutes)
    .route('/api', certificateRoutes)
    .route('/api', pointsRoutes)
    .route('/api', cardRoutes)
    .route('/api', binRoutes)
    .route('/api', garbageRoutes)
    .route('/api', teamRoutes)
    .route('/api', themeRoutes)
    .route('/api', activityRoutes)
    .route('/api', serviceRoutes)
    .route('/api', rewardsRoutes)
    .route('/api', redemptionsRoutes)
    .route('/api', liabilityRoutes)
    .route('/api', leaderboardRoutes);

  app.openAPIRegistry.registerComponent('securitySchemes', 'bearerAuth', {
    type: 'http',
    scheme: 'bearer',
    bearerFormat: 'JWT',
  });
  app.get('/api/openapi.json', async (c) => c.json(await openApiDocument(app)));
  app.get('/api/docs', swaggerUI({ url: '/api/openapi.json' }));
  return routes;
}

/** The typed route table, for the web's `hc<AppType>` client. */
export type AppType = ReturnType<typeof createApp>;
