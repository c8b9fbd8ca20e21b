import { hc, type ClientResponse, type InferResponseType } from 'hono/client';
import type { SuccessStatusCode } from 'hono/utils/http-status';
import type { AppType } from '../../functions/api/app.js';
import { ApiError, networkError, toApiError } from './api-error.js';
import { takeEarlyRead } from './early-reads.js';
import { htmlLang, lang } from './i18n/index.js';
import { location, navigate } from './router.js';
import { noteServerDate } from './server-time.js';
import { setToken, token } from './token.js';

export { ApiError } from './api-error.js';

/** Called when the API says the token is no longer good: drop it and go to sign-in, then come back. */
function onUnauthorized(): void {
  setToken(null);
  const here = location.get();
  if (here.path !== '/signin') navigate(`/signin?next=${encodeURIComponent(here.href)}`, { replace: true });
}

/** fetch with the bearer token; a 401 to a request that carried a token ends the session. */
const authedFetch: typeof fetch = async (input, init) => {
  const t = token.get();
  const headers = new Headers(init?.headers);
  if (t) headers.set('authorization', `Bearer ${t}`);
  // The API words its problems (field errors under the form's fields) in the language the UI shows.
  if (!headers.has('accept-language')) headers.set('accept-language', htmlLang[lang.get()]);
  const method = (init?.method ?? 'GET').toUpperCase();
  // A read index.html's inline script already started with these exact headers (early-reads.ts): take its answer.
  const early =
    method === 'GET' && typeof input === 'string'
      ? takeEarlyRead(new URL(input, origin).href, headers.get('authorization') ?? '', headers.get('accept-language')!)
      : undefined;
  const res = await (early ?? fetch(input, { ...init, headers }));
  if (method !== 'GET') noteServerDate(res.headers.get('date'));
  if (res.status === 401 && t) onUnauthorized();
  return res;
};

const origin = typeof window === 'undefined' ? 'http://localhost' : window.location.origin;

/**
 * THE typed API client. `api.me.$get()`, `api.activities[':id'].$get({ param: { id } })`, … — paths, params,
 * bodies and answers are checked against the server's routes (`AppType`, a type-only import).
 * Wrap calls in `call()` to get the success body or a thrown `ApiError`.
 */
export const api = hc<AppType>(origin, { fetch: authedFetch }).api;

type AnyResponse = ClientResponse<unknown, number, 'json' | 'text' | 'redirect'>;
/** The body type of a response union's 2xx members. */
export type Ok<R> =
  R extends ClientResponse<infer T, infer S, infer _F> ? (S extends SuccessStatusCode ? T : never) : never;

/**
 * Awaits an `api.*` call: the 2xx body (undefined for 204), or throws `ApiError` (problem+json parsed;
 * status 0 when the network failed).
 */
export async function call<R extends AnyResponse>(request: Promise<R>): Promise<Ok<R>> {
  let res: R;
  try {
    res = await request;
  } catch (err) {
    throw networkError(err);
  }
  if (!res.ok) throw await toApiError(res as unknown as Response);
  if (res.status === 204) return undefined as Ok<R>;
  return (await res.json()) as Ok<R>;
}

/** The signed-in person's profile, as `GET /api/me` answers it. */
export type Me = InferResponseType<typeof api.me.$get, 200>;
/** Streets and communities, as `GET /api/org` answers it. */
export type Org = InferResponseType<typeof api.org.$get, 200>;

export const isApiError = (err: unknown): err is ApiError => err instanceof ApiError;
