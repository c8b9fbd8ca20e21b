import type { Context, MiddlewareHandler } from 'hono';
import { AppError } from '../../../shared/errors.js';
import type { User } from '../../domain/user.js';
import { getUser } from '../../services/users.js';
import { verifyTokenOnce } from '../../services/jwt.js';
import { signingKeys } from '../../services/signing-keys.js';
import type { AppEnv } from '../env.js';

/** Verifies a bearer token when one is sent (public routes too, so `me` works on leaderboards). */
export const bearer: MiddlewareHandler<AppEnv> = async (c, next) => {
  const h = c.req.header('authorization');
  if (h) {
    const m = /^Bearer\s+(\S+)$/i.exec(h);
    if (!m) throw new AppError('unauthorized', 'Use Authorization: Bearer <token>');
    c.set('userId', verifyTokenOnce(await signingKeys(), m[1]!).sub);
  }
  await next();
};

/** The signed-in caller's profile (one GetItem, once per request), or 401. */
export async function currentUser(c: Context<AppEnv>): Promise<User> {
  const u = await optionalUser(c);
  if (!u) throw new AppError('unauthorized', 'Sign in first');
  return u;
}

/** The caller's profile if a token was sent, else undefined. */
export async function optionalUser(c: Context<AppEnv>): Promise<User | undefined> {
  const cached = c.get('user');
  if (cached) return cached;
  const id = c.get('userId');
  if (!id) return undefined;
  const u = await getUser(id);
  // A closed account's tokens die with it (its profile stays, anonymised, for the ledger).
  if (!u || u.closedAt) throw new AppError('unauthorized', 'This account no longer exists');
  c.set('user', u);
  return u;
}
