import { OpenAPIHono } from '@hono/zod-openapi';
import { compress } from 'hono/compress';
import type { AppEnv } from './env.js';
import { bearer } from './middleware/auth.js';
import { bodyLimits } from './middleware/body-limit.js';
import { headerLimit } from './middleware/header-limit.js';
import { requestContext } from './middleware/request-context.js';
import { openApiDocument } from './openapi-document.js';
import { onError, problem } from './problem.js';
import { auditRoutes } from './routes/audit.js';
import { flagRoutes } from './routes/flags.js';
import { authRoutes } from './routes/auth.js';
import { binRoutes } from './routes/bins.js';
import { cardRoutes } from './routes/cards.js';
import { garbageRoutes } from './routes/garbage.js';
import { healthRoutes } from './routes/health.js';
import { leaderboardRoutes } from './routes/leaderboards.js';
import { meRoutes } from './routes/me.js';
import { privacyRoutes } from './routes/privacy.js';
import { notificationRoutes } from './routes/notifications.js';
import { orgRoutes } from './routes/org.js';
import { residentRoutes } from './routes/residents.js';
import { certificateRoutes } from './routes/certificates.js';
import { exportRoutes } from './routes/exports.js';
import { liabilityRoutes } from './routes/liability.js';
import { pointsRoutes } from './routes/points.js';
import { activityRoutes } from './routes/activities.js';
import { correctionRoutes } from './routes/corrections.js';
import { serviceRoutes } from './routes/service.js';
import { teamRoutes } from './routes/teams.js';
import { themeRoutes } from './routes/themes.js';
import { redemptionsRoutes } from './routes/redemptions.js';
import { rewardsRoutes } from './routes/rewards.js';
import { apiDocsHtml } from './api-docs.js';
import { now } from '../clock.js';

/** Builds the whole API; the Lambda and the local server are thin adapters around it. */
export function createApp() {
  const app = new OpenAPIHono<AppEnv>();
  app.use('*', requestContext);
  // The answer's Date is the app's clock (functions/clock.ts), which the web takes as the server's time for an
  // offline check-in's scan time (web/src/server-time.ts); in the cloud it is the platform's clock anyway.
  app.use('*', async (c, next) => {
    await next();
    c.header('Date', new Date(now()).toUTCString());
  });
  app.use('/api/*', headerLimit);
  // gzip/deflate for JSON over ~1 KB: lists and boards shrink ~5-10× on a phone's slow link. In the app rather
  // than CloudFront because /api/* is not cached (CloudFront compresses only with a caching policy); the Lambda
  // adapter base64-encodes a compressed body by its Content-Encoding.
  app.use('/api/*', compress());
  app.use('/api/*', bodyLimits);
  app.use('/api/*', bearer);
  app.onError(onError);
  app.notFound((c) => problem(c, 'not-found', 'No such route'));

  const routes = app
    .route('/api', healthRoutes)
    .route('/api', authRoutes)
    .route('/api', meRoutes)
    .route('/api', privacyRoutes)
    .route('/api', notificationRoutes)
    .route('/api', orgRoutes)
    .route('/api', residentRoutes)
    .route('/api', certificateRoutes)
    .route('/api', exportRoutes)
    .route('/api', pointsRoutes)
    .route('/api', cardRoutes)
    .route('/api', binRoutes)
    .route('/api', garbageRoutes)
    .route('/api', teamRoutes)
    .route('/api', themeRoutes)
    .route('/api', activityRoutes)
    .route('/api', correctionRoutes)
    .route('/api', serviceRoutes)
    .route('/api', rewardsRoutes)
    .route('/api', redemptionsRoutes)
    .route('/api', liabilityRoutes)
    .route('/api', leaderboardRoutes)
    .route('/api', auditRoutes)
    .route('/api', flagRoutes);

  app.openAPIRegistry.registerComponent('securitySchemes', 'bearerAuth', {
    type: 'http',
    scheme: 'bearer',
    bearerFormat: 'JWT',
  });
  app.get('/api/openapi.json', async (c) => c.json(await openApiDocument(app)));
  app.get('/api/docs', (c) => c.html(apiDocsHtml));
  return routes;
}

/** The typed route table, for the web's `hc<AppType>` client. */
export type AppType = ReturnType<typeof createApp>;
