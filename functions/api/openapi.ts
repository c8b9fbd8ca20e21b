import { OpenAPIHono, type Hook } from '@hono/zod-openapi';
import type { z } from 'zod';
import { AppError } from '../../shared/errors.js';
import { Problem } from '../../shared/schemas/common.js';
import type { AppEnv } from './env.js';
import { zodErrors } from './problem.js';

/** Every failed zod check at the edge becomes 400 `validation` naming the fields. */
const defaultHook: Hook<unknown, AppEnv, string, unknown> = (result) => {
  if (!result.success) throw new AppError('validation', 'The request is not valid', zodErrors(result.error));
};

/** A sub-app for one resource; its routes are documented in OpenAPI from their zod schemas. */
export const newRouter = () => new OpenAPIHono<AppEnv>({ defaultHook });

/** A JSON response of `schema`. */
export const json = <T extends z.ZodType>(schema: T, description = 'OK') => ({
  content: { 'application/json': { schema } },
  description,
});

/** A required JSON request body of `schema`. */
export const jsonBody = <T extends z.ZodType>(schema: T) => ({
  body: { content: { 'application/json': { schema } }, required: true },
});

const problem = (description: string) => ({
  content: { 'application/problem+json': { schema: Problem } },
  description,
});

/** The problem responses most routes can give. */
export const problems = {
  400: problem('Validation failed (`validation`, `invalid-json`, …)'),
  401: problem('Not signed in'),
  403: problem('Not allowed'),
  404: problem('Not found'),
  409: problem('Conflict with the current state'),
} as const;

/** A route's problem responses by status: `...problemResponses(400, 401, 404)`. */
export const problemResponses = <S extends keyof typeof problems>(...statuses: S[]) =>
  Object.fromEntries(statuses.map((s) => [s, problems[s]])) as { [K in S]: (typeof problems)[K] };

export const bearerAuth = [{ bearerAuth: [] }];
export const noContent = { description: 'No content' };
