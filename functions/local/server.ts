import { existsSync, readFileSync } from 'node:fs';
import { createSecureServer, type Http2Session } from 'node:http2';
import { resolve } from 'node:path';
import { serve, type ServerType } from '@hono/node-server';
import { serveStatic } from '@hono/node-server/serve-static';
import { compress } from 'hono/compress';
import { Hono } from 'hono';
import { createApp } from '../api/app.js';
import { problemOnHeaderOverflow } from '../api/middleware/header-limit.js';
import { resetClock, setClock } from '../clock.js';
import { problem } from '../api/problem.js';
import { webCsp } from '../../shared/web-csp.js';
import { config, loadConfig, setConfig } from '../config.js';
import { ensureTable } from '../db/bootstrap.js';
import { setDb } from '../db/client.js';
import { localProjector } from '../db/local-projector.js';
import { findOrCreateUserByPhone, grantRole } from '../db/users.js';
import { resetSigningKeys } from '../services/signing-keys.js';
import { devClockEnabled, devClockRoutes } from './dev-clock.js';
import { startDynamoLocal, type DynamoLocal } from './dynamodb-local.js';
import { seedDemo, stepsFor } from './seed/index.js';

/** A path whose last segment has a dot names a file (`/favicon.ico`); others are the app's own pages. */
const namesFile = (path: string): boolean => path.slice(path.lastIndexOf('/') + 1).includes('.');

/**
 * The API under /api, the built web everywhere else, with history-API fallback to index.html for page paths
 * only (the same rule as the CloudFront function in infra/constructs/spa-rewrite.ts): a missing file is a 404,
 * never the app's HTML, or a browser would take the page for a favicon, a manifest or a service worker.
 * `devClock` adds `/api/dev/clock` (tests move the server's time with it).
 */
export function createLocalServer(webRoot: string, opts: { devClock?: boolean } = {}) {
  const server = new Hono();
  if (opts.devClock) server.route('/', devClockRoutes);
  server.route('/', createApp());
  server.all('/api/*', (c) => problem(c, 'not-found', 'No such route'));
  // The service worker and the manifest must be re-read on each update check, never a stale copy.
  server.use('/sw.js', async (c, next) => {
    await next();
    c.header('Cache-Control', 'no-cache');
  });
  // The built web gzipped, as CloudFront serves it (CACHING_OPTIMIZED compresses): a phone on a slow link (and
  // the web bench) then downloads what it would in the cloud. The API compresses itself (functions/api/app.ts).
  server.use('/*', compress());
  // The web's CSP as CloudFront sends it (shared/web-csp.ts), so the browser tests run the page under it: an
  // inline script without its hash would be refused here as in the cloud. The API's answers carry none.
  const indexHtml = resolve(webRoot, 'index.html');
  const csp = webCsp(existsSync(indexHtml) ? readFileSync(indexHtml, 'utf8') : undefined);
  server.use('/*', async (c, next) => {
    await next();
    if (c.res.headers.get('content-type')?.startsWith('text/html')) c.header('Content-Security-Policy', csp);
  });
  server.use('/*', serveStatic({ root: webRoot }));
  server.get('*', async (c, next) => (namesFile(c.req.path) ? c.text('Not found', 404) : next()));
  server.get('*', serveStatic({ path: resolve(webRoot, 'index.html') }));
  return server;
}

export interface LocalStack {
  url: string;
  dynamo: DynamoLocal | undefined;
  stop(): Promise<void>;
}

/** Starts DynamoDB Local (unless DYNAMODB_ENDPOINT is set), the table, the admin, the demo city and the server. */
export async function startLocal(env: NodeJS.ProcessEnv = process.env, print = console.log): Promise<LocalStack> {
  // Configuration comes from `env` (not only process.env), so tests can start a stack on their own table.
  setConfig({
    ...loadConfig(env),
    appEnv: env.APP_ENV === 'test' ? 'test' : env.APP_ENV === 'cloud' ? 'cloud' : 'local',
  });
  setDb(undefined);
  resetSigningKeys();
  // CLOCK_START=<ISO time>: the clock runs from there (before the seed, so the demo data is relative to it).
  if (env.CLOCK_START) {
    if (Number.isNaN(Date.parse(env.CLOCK_START))) throw new Error(`CLOCK_START is not a time: ${env.CLOCK_START}`);
    setClock(env.CLOCK_START);
  } else resetClock();
  let dynamo: DynamoLocal | undefined;
  if (!config().dynamodbEndpoint) {
    print('Starting DynamoDB Local …');
    dynamo = await startDynamoLocal({ dataDir: config().inMemory ? undefined : config().dataDir });
    print(`DynamoDB Local is listening on ${dynamo.endpoint}`);
    setConfig({ dynamodbEndpoint: dynamo.endpoint });
    setDb(undefined);
  }
  if (await ensureTable()) print(`Created table ${config().tableName}`);
  // The projector (boards, statistics, counters, liability) follows the table's stream from here on,
  // the same handler as the cloud's Lambda (functions/jobs/projector.ts).
  const projector = localProjector();
  projector.start();
  const admin = await findOrCreateUserByPhone(config().adminPhone, '区管理员');
  await grantRole(admin.id, { role: 'admin', scope: 'city' });
  const seed = env.SEED ?? 'demo';
  const steps = stepsFor(seed);
  if (steps.length > 0) {
    print(`Loading the demo city (SEED=${seed}) …`);
    await seedDemo(print, steps);
    // The demo city's boards and statistics are there when the server answers: the live loop would hand the
    // seed's last records over only once its batching window has passed.
    await projector.drain();
  }
  const webRoot = resolve(env.WEB_ROOT ?? 'web/dist');
  if (!existsSync(resolve(webRoot, 'index.html'))) print(`No web build at ${webRoot}; run npm run build:web`);
  const port = Number(env.PORT ?? 3000);
  const app = createLocalServer(webRoot, { devClock: devClockEnabled(env) });
  // TLS_CERT_FILE + TLS_KEY_FILE (PEM): HTTPS with HTTP/2 (and HTTP/1.1 for clients without it), as CloudFront
  // serves the web and /api (infra/constructs/web-site.ts) — a phone on the LAN gets a secure context (camera for
  // the QR scanner), and `npm run bench -- web` measures the protocol production speaks.
  const tls =
    env.TLS_CERT_FILE && env.TLS_KEY_FILE
      ? { cert: readFileSync(env.TLS_CERT_FILE), key: readFileSync(env.TLS_KEY_FILE), allowHTTP1: true }
      : undefined;
  const sessions = new Set<Http2Session>();
  const httpServer: ServerType = await new Promise((res) => {
    const hostname = env.HOST ?? '0.0.0.0';
    const s = tls
      ? serve({ fetch: app.fetch, port, hostname, createServer: createSecureServer, serverOptions: tls }, () => res(s))
      : serve({ fetch: app.fetch, port, hostname }, () => res(s));
    s.on('session', (session: Http2Session) => {
      sessions.add(session);
      session.on('close', () => sessions.delete(session));
    });
    problemOnHeaderOverflow(s);
  });
  const url = `${tls ? 'https' : 'http'}://localhost:${(httpServer.address() as { port: number }).port}`;
  return {
    url,
    dynamo,
    async stop() {
      // Idle keep-alive connections (HTTP/2 sessions) would hold close() open for seconds.
      const closing = new Promise<void>((r) => httpServer.close(() => r()));
      (httpServer as { closeAllConnections?: () => void }).closeAllConnections?.();
      for (const session of sessions) session.destroy();
      await closing;
      await projector.stop();
      await dynamo?.stop();
    },
  };
}
