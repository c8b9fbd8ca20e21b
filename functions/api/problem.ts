import type { Context } from 'hono';
import { HTTPException } from 'hono/http-exception';
import type { ZodError } from 'zod';
import {
  DEFAULT_API_LANG,
  fieldIssueOf,
  localizeDetail,
  localizeFieldIssue,
  problemTitle,
  type ApiLang,
} from '../../shared/error-messages.js';
import {
  AppError,
  problemStatus,
  RateLimitedError,
  RetryExhaustedError,
  type FieldError,
  type ProblemSlug,
} from '../../shared/errors.js';
import { langOf } from './lang.js';
import { log } from './log.js';

/**
 * The RFC 9457 body of a problem, worded for a person in `lang` (API.md "Conventions"): `title`, `detail` and
 * each `errors[].message`; each `errors[]` item keeps a stable `code`.
 */
export function problemBody(
  slug: ProblemSlug,
  detail?: string,
  errors?: FieldError[],
  lang: ApiLang = DEFAULT_API_LANG,
) {
  const said = localizeDetail(detail, lang);
  return {
    type: `/problems/${slug}`,
    title: problemTitle(slug, lang),
    status: problemStatus[slug],
    ...(said ? { detail: said } : {}),
    ...(errors ? { errors: errors.map((e) => localizeFieldIssue(e, lang)) } : {}),
  };
}

export function problem(
  c: Context,
  slug: ProblemSlug,
  detail?: string,
  errors?: FieldError[],
  status?: number,
  retryAfterS?: number,
): Response {
  const body = problemBody(slug, detail, errors, langOf(c));
  const code = status ?? body.status;
  const headers: Record<string, string> = { 'Content-Type': 'application/problem+json' };
  // Every 401 says how to authenticate; every 429 says when to come back (RFC 9110).
  if (code === 401) headers['WWW-Authenticate'] = 'Bearer realm="community-points"';
  if (code === 429) headers['Retry-After'] = String(retryAfterS ?? 60);
  return c.newResponse(JSON.stringify(body), code as 400, headers);
}

/** zod issues → `errors[]` with dotted paths naming the field and the code of the failed check. */
export function zodErrors(err: ZodError): FieldError[] {
  return err.issues.map((i) => fieldIssueOf(i));
}

/** The one place that maps thrown errors to HTTP. */
export function onError(err: unknown, c: Context): Response {
  if (err instanceof RateLimitedError) return problem(c, err.slug, err.message, undefined, undefined, err.retryAfterS);
  if (err instanceof AppError) return problem(c, err.slug, err.message, err.errors);
  if (err instanceof HTTPException) {
    if (err.status === 400 && /json/i.test(err.message))
      return problem(c, 'invalid-json', 'The body is not valid JSON');
    if (err.status === 413) return problem(c, 'payload-too-large');
    if (err.status === 401) return problem(c, 'unauthorized');
    if (err.status === 404) return problem(c, 'not-found');
    if (err.status < 500) return problem(c, 'validation', err.message, undefined, 400);
  }
  if (err instanceof RetryExhaustedError) {
    log('warn', 'retry exhausted', { requestId: c.get('requestId'), error: err.message });
    const res = problem(c, 'internal', 'The service is busy; please try again', undefined, 503);
    res.headers.set('Retry-After', '1');
    return res;
  }
  log('error', 'unhandled error', {
    requestId: c.get('requestId'),
    error: err instanceof Error ? `${err.name}: ${err.message}` : String(err),
    stack: err instanceof Error ? err.stack?.split('\n').slice(0, 6).join(' | ') : undefined,
  });
  return problem(c, 'internal', 'Something went wrong on our side');
}
