import { readFile } from 'node:fs/promises';
import type { OpenAPIHono } from '@hono/zod-openapi';
import type { AppEnv } from './env.js';

/**
 * Defined (true) by scripts/bundle-lambda.mjs: the Lambda bundle leaves the OpenAPI generator out and
 * ships the document, generated at bundle time from this same app, next to its code.
 */
declare const __PREBUILT_OPENAPI__: boolean | undefined;

/** The document's head; paths and components come from the routes' zod schemas. */
export const OPENAPI_HEAD = {
  openapi: '3.1.0',
  info: {
    title: 'community-points API',
    version: '1.0.0',
    description: 'Volunteer service and a points economy for city communities. Errors are RFC 9457 problem+json.',
  },
};

let prebuilt: Promise<unknown> | undefined;

/** The OpenAPI 3.1 document of `app`: generated from its routes, or in the Lambda the one built with it. */
export function openApiDocument(app: OpenAPIHono<AppEnv>): unknown {
  if (typeof __PREBUILT_OPENAPI__ !== 'undefined' && __PREBUILT_OPENAPI__) {
    return (prebuilt ??= readFile(new URL('./openapi.json', import.meta.url), 'utf8').then(JSON.parse));
  }
  return app.getOpenAPI31Document(OPENAPI_HEAD);
}
