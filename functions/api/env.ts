import type { User } from '../domain/user.js';

/** Per-request values carried by the Hono context. */
export interface AppEnv {
  Variables: {
    requestId: string;
    /** Subject of a verified bearer token, if any. */
    userId: string | undefined;
    /** The caller's profile, loaded at most once per request. */
    user: User | undefined;
    /** The person's saved language, once a middleware has read it; `langOf` falls back to Accept-Language. */
    lang?: 'zh-CN' | 'en';
  };
}
