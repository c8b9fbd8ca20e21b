import type { ZodType } from 'zod';
import { fieldIssueOf, localizeFieldIssue } from '../../shared/error-messages.js';
import { ApiError } from './api-error.js';
import { lang, messages } from './i18n/index.js';

/**
 * Checks a request body with the API's own zod schema (shared/schemas) before it is sent: the same limits as
 * the server, worded by the same table (shared/error-messages.ts) in the reader's language. A failure is the
 * `validation` ApiError the server would have answered, so a form shows it exactly as it shows the server's.
 */
export function validate<T>(schema: ZodType<T>, body: unknown): { ok: true; data: T } | { ok: false; error: ApiError } {
  const r = schema.safeParse(body);
  if (r.success) return { ok: true, data: r.data };
  const language = lang.get() === 'en' ? 'en' : 'zh-CN';
  const errors = r.error.issues.map((i) => {
    const e = localizeFieldIssue(fieldIssueOf(i), language);
    // Letters or a fraction in a whole-number field read as its range, taken from the schema itself; a number
    // out of range keeps the table's words (不能小于 1), which say which end it passed.
    const notInt = e.code === 'invalid_type' || e.code === 'not_integer';
    const range = notInt && i.path.length === 1 ? intRange(schema, String(i.path[0])) : undefined;
    return range ? { ...e, message: m.t('intRange', range) } : e;
  });
  return { ok: false, error: new ApiError({ status: 400, type: '/problems/validation', errors }) };
}

const m = messages({
  zh: { intRange: '请填 {min}–{max} 的整数' },
  en: { intRange: 'A whole number from {min} to {max}' },
});

/** The bounds of a top-level whole-number field of an object schema (optional/nullable unwrapped), if it has both. */
function intRange(schema: unknown, key: string): { min: number; max: number } | undefined {
  let field = (schema as { shape?: Record<string, unknown> }).shape?.[key];
  while (field && typeof (field as { unwrap?: unknown }).unwrap === 'function') {
    field = (field as { unwrap(): unknown }).unwrap();
  }
  const n = field as { minValue?: number | null; maxValue?: number | null; isInt?: boolean } | undefined;
  const ok = (v: number | null | undefined): v is number => typeof v === 'number' && Math.abs(v) < 1e12;
  return n?.isInt && ok(n.minValue) && ok(n.maxValue) ? { min: n.minValue, max: n.maxValue } : undefined;
}

/** A form's number field as the API wants it: empty is absent (a required one then reads 请填写这一项). */
export const numberOrUndefined = (s: string): number | undefined => (s.trim() === '' ? undefined : Number(s));

/** The same problem without the messages of field `path`: a field being corrected stops showing its old one. */
export function withoutField(error: ApiError | undefined, path: string): ApiError | undefined {
  if (!error?.fieldError(path)) return error;
  const errors = error.errors.filter((e) => !(e.path === path || e.path.startsWith(`${path}.`)));
  return new ApiError({ status: error.status, type: error.type, title: error.title, detail: error.detail, errors });
}

let schemas: Promise<typeof import('./form-schemas.js')> | undefined;
/**
 * The forms' request schemas, loaded on first use (a lazy chunk, precached by the service worker like the rest):
 * a page's first load stays without zod, and a submit waits at most for that chunk once.
 */
export function formSchemas(): Promise<typeof import('./form-schemas.js')> {
  schemas ??= import('./form-schemas.js').catch((err: unknown) => {
    schemas = undefined; // offline on a first visit: the next submit tries again
    throw err;
  });
  return schemas;
}

/** `validate`, throwing the validation problem: inside `useAction`'s `run` it shows like the server's answer. */
export function parse<T>(schema: ZodType<T>, body: unknown): T {
  const v = validate(schema, body);
  if (!v.ok) throw v.error;
  return v.data;
}

/** A validation problem naming one field: a check of the page's own, shown like the schema's. */
export const fieldProblem = (path: string, message: string, status = 400, type = '/problems/validation'): ApiError =>
  new ApiError({ status, type, errors: [{ path, message }] });

/**
 * Rethrows a failed call's `err`; a `slug` problem (a 409 card bound elsewhere, a 404 card) becomes `message` under
 * field `path`, where the page knows what to say about it. Use as `call(…).catch((e) => onField(e, …))`.
 */
export function onField(err: unknown, slug: string, path: string, message: string): never {
  if (err instanceof ApiError && err.slug === slug) throw fieldProblem(path, message, err.status, err.type);
  throw err;
}
