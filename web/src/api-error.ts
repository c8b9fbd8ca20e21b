import type { FieldError, ProblemSlug } from '../../shared/errors.js';

/** Slugs a client can see: the API's problems, plus `network` when no answer came back at all. */
export type ErrorSlug = ProblemSlug | 'network' | 'unknown';

/** An RFC 9457 problem from the API (or a network failure), typed for pages to act on. */
export class ApiError extends Error {
  readonly status: number;
  /** `/problems/<slug>` as the API sent it. */
  readonly type: string;
  readonly slug: ErrorSlug;
  readonly title: string;
  readonly detail: string | undefined;
  /** Field errors of a `validation` problem, `path` naming the field (`name`, `items.0.cost`). */
  readonly errors: FieldError[];

  constructor(p: { status: number; type?: string; title?: string; detail?: string; errors?: FieldError[] }) {
    super(p.detail ?? p.title ?? `HTTP ${p.status}`);
    this.name = 'ApiError';
    this.status = p.status;
    this.type = p.type ?? 'about:blank';
    this.slug = slugOf(this.type, p.status);
    this.title = p.title ?? '';
    this.detail = p.detail;
    this.errors = Array.isArray(p.errors) ? p.errors : [];
  }

  /** The message of the field at `path` (or its first sub-path), if the API named it. */
  fieldError(path: string): string | undefined {
    return this.errors.find((e) => e.path === path || e.path.startsWith(`${path}.`))?.message;
  }
}

function slugOf(type: string, status: number): ErrorSlug {
  const m = /\/problems\/([a-z-]+)$/.exec(type);
  if (m) return m[1] as ProblemSlug;
  if (status === 0) return 'network';
  return 'unknown';
}

/** Reads a failed response's problem+json body (or makes one up from the status when the body is not one). */
export async function toApiError(res: Response): Promise<ApiError> {
  let body: unknown;
  try {
    body = await res.json();
  } catch {
    body = undefined;
  }
  const b = (body && typeof body === 'object' ? body : {}) as Record<string, unknown>;
  return new ApiError({
    status: res.status,
    type: typeof b.type === 'string' ? b.type : undefined,
    title: typeof b.title === 'string' ? b.title : res.statusText,
    detail: typeof b.detail === 'string' ? b.detail : undefined,
    errors: Array.isArray(b.errors) ? (b.errors as FieldError[]) : undefined,
  });
}

/** A failure where no response came back (offline, DNS, server down). */
export const networkError = (cause: unknown): ApiError =>
  Object.assign(new ApiError({ status: 0, title: 'Network error', detail: String(cause) }), { cause });
