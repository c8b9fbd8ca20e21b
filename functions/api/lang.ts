import type { Context } from 'hono';
import { pickLang, type ApiLang } from '../../shared/error-messages.js';

/**
 * The language to answer the caller in: a saved preference, when a middleware has put one on the context
 * (`c.set('lang', …)` once the person's preferences are loaded), else `Accept-Language`, else zh-CN.
 */
export function langOf(c: Context): ApiLang {
  const saved = (c.get as (key: string) => unknown)('lang');
  return pickLang(c.req.header('accept-language'), typeof saved === 'string' ? saved : undefined);
}
