/**
 * The one domain error hierarchy. Each error carries the stable problem slug and HTTP status of
 * ../shared/API.md; the API maps them to RFC 9457 problem+json in one place.
 */
export const problemTitles = {
  validation: 'Validation failed',
  'invalid-json': 'Malformed JSON body',
  unauthorized: 'Unauthorized',
  'invalid-signature': 'Invalid signature',
  forbidden: 'Forbidden',
  'not-found': 'Not found',
  conflict: 'Conflict',
  'insufficient-points': 'Insufficient points',
  'out-of-stock': 'Out of stock',
  'limit-reached': 'Limit reached',
  'already-checked-in': 'Already checked in',
  'not-checked-in': 'Not checked in',
  'already-confirmed': 'Already confirmed',
  'outside-window': 'Outside the allowed time window',
  'duplicate-theme': 'Duplicate theme',
  'invalid-code': 'Invalid code',
  'outside-geofence': 'Outside the geofence',
  'payload-too-large': 'Payload too large',
  'rate-limited': 'Too many requests',
  'header-too-large': 'Request headers too large',
  internal: 'Internal error',
} as const;

export type ProblemSlug = keyof typeof problemTitles;

export const problemStatus: Record<ProblemSlug, number> = {
  validation: 400,
  'invalid-json': 400,
  unauthorized: 401,
  'invalid-signature': 401,
  forbidden: 403,
  'not-found': 404,
  conflict: 409,
  'insufficient-points': 409,
  'out-of-stock': 409,
  'limit-reached': 409,
  'already-checked-in': 409,
  'not-checked-in': 409,
  'already-confirmed': 409,
  'outside-window': 409,
  'duplicate-theme': 409,
  'invalid-code': 400,
  'outside-geofence': 400,
  'payload-too-large': 413,
  'rate-limited': 429,
  'header-too-large': 431,
  internal: 500,
};

export interface FieldError {
  path: string;
  /** For developers, in English; people read the localized message the API derives from `code`. */
  message: string;
  /** Stable code of the check that failed (`required`, `too_big`, `after_start`, …); see error-messages.ts. */
  code?: string;
  params?: Record<string, string | number>;
}

/** An error the client can act on; `slug` selects the problem type. */
export class AppError extends Error {
  readonly status: number;
  constructor(
    readonly slug: ProblemSlug,
    detail?: string,
    readonly errors?: FieldError[],
    options?: { cause?: unknown },
  ) {
    super(detail ?? problemTitles[slug], options);
    this.name = 'AppError';
    this.status = problemStatus[slug];
  }
}

/** A 429 that says when to come back (`Retry-After`, seconds). */
export class RateLimitedError extends AppError {
  constructor(
    detail: string,
    readonly retryAfterS: number,
  ) {
    super('rate-limited', detail);
  }
}

/** 400 `validation` naming one field; `code` (see error-messages.ts) is found from the English when not given. */
export const validationError = (
  path: string,
  message: string,
  code?: string,
  params?: Record<string, string | number>,
): AppError =>
  new AppError('validation', message, [{ path, message, ...(code ? { code } : {}), ...(params ? { params } : {}) }]);
export const notFound = (what: string): AppError => new AppError('not-found', `${what} not found`);
export const forbidden = (detail = 'You may not do this'): AppError => new AppError('forbidden', detail);

/** A DynamoDB transaction kept conflicting or throttling after every retry; a 503 for the client to retry. */
export class RetryExhaustedError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'RetryExhaustedError';
  }
}
