import type { MiddlewareHandler } from 'hono';
import { newId } from '../../../shared/ids.js';
import type { AppEnv } from '../env.js';
import { log } from '../log.js';

const SAFE_ID = /^[A-Za-z0-9._-]{8,64}$/;

/** A request id on every response (the caller's X-Request-Id if sane) and one access-log line. */
export const requestContext: MiddlewareHandler<AppEnv> = async (c, next) => {
  const given = c.req.header('x-request-id');
  // In Lambda, API Gateway's request id (its access log's) when the caller sent none, so the two logs join.
  const apiId = (c.env as { event?: { requestContext?: { requestId?: unknown } } } | undefined)?.event?.requestContext
    ?.requestId;
  const requestId =
    given && SAFE_ID.test(given) ? given : typeof apiId === 'string' && SAFE_ID.test(apiId) ? apiId : newId();
  c.set('requestId', requestId);
  const started = performance.now();
  await next();
  c.res.headers.set('X-Request-Id', requestId);
  // Path only: query strings may carry phone numbers.
  log('info', 'request', {
    requestId,
    method: c.req.method,
    path: c.req.path,
    status: c.res.status,
    ms: Math.round(performance.now() - started),
  });
};
