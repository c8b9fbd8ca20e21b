import { createHmac, randomInt, timingSafeEqual } from 'node:crypto';
import { AppError } from '../../shared/errors.js';
import { MINUTE } from '../../shared/time.js';
import type { Me } from '../../shared/schemas/auth.js';
import { config } from '../config.js';
import { consumeOtp, countWrongTry, deleteOtp, getOtp, putOtp, takeOtpSlot } from '../db/otp.js';
import { findOrCreateUserByPhone, grantRole, type User } from '../db/users.js';
import { signToken } from './jwt.js';
import { serverKey, signingKeys } from './signing-keys.js';
import { smsSender } from './sms.js';
import { starsFor } from './stars.js';
import { now } from '../clock.js';

export const OTP_TTL_MS = 5 * MINUTE;
export const OTP_MAX_TRIES = 5;
export const OTP_MAX_SENDS = 5;
export const OTP_WINDOW_MS = 10 * MINUTE;
export const TOKEN_TTL_S = 12 * 3600;

/**
 * Codes are stored as an HMAC keyed by a server secret of their own (label `otp-hash/v1`), so a table
 * reader cannot test codes offline and the key is not the token-signing key.
 */
async function hashCode(phone: string, code: string): Promise<string> {
  return createHmac('sha256', await serverKey('otp-hash/v1'))
    .update(`${phone}:${code}`)
    .digest('hex');
}

const same = (a: string, b: string) => a.length === b.length && timingSafeEqual(Buffer.from(a), Buffer.from(b));

/** Sends a fresh 6-digit code; more than 5 in 10 minutes for one phone is refused. */
export async function requestOtp(phone: string): Promise<void> {
  if (!(await takeOtpSlot(phone, OTP_MAX_SENDS, OTP_WINDOW_MS))) {
    throw new AppError('rate-limited', 'Too many codes for this phone; try again in 10 minutes');
  }
  const code = String(randomInt(0, 1_000_000)).padStart(6, '0');
  await putOtp(phone, await hashCode(phone, code), now() + OTP_TTL_MS);
  await smsSender().sendCode(phone, code, `【社区积分】您的验证码是 ${code}，5 分钟内有效，请勿告诉他人。`);
}

/** Exchanges a code for a token. Wrong, expired or used-up codes are 401; 5 wrong tries void the code. */
export async function exchangeCode(
  phone: string,
  code: string,
): Promise<{ token: string; expiresAt: string; user: User }> {
  const stored = await getOtp(phone);
  const wrong = new AppError('unauthorized', 'The code is wrong or has expired');
  if (!stored || stored.expiresAtMs <= now() || stored.tries >= OTP_MAX_TRIES) throw wrong;
  const hash = await hashCode(phone, code);
  if (!same(hash, stored.codeHash)) {
    const tries = await countWrongTry(phone, stored.codeHash);
    if (tries !== undefined && tries >= OTP_MAX_TRIES) await deleteOtp(phone);
    throw wrong;
  }
  if (!(await consumeOtp(phone, hash))) throw wrong;
  let user = await findOrCreateUserByPhone(phone);
  if (phone === config().adminPhone && !user.roles.some((r) => r.role === 'admin')) {
    user = await grantRole(user.id, { role: 'admin', scope: 'city' });
  }
  const t = signToken(await signingKeys(), user.id, TOKEN_TTL_S);
  return { ...t, user };
}

/** The public view of a profile (`GET /api/me`). */
export function toMe(u: User): Me {
  return {
    id: u.id,
    phone: u.phone,
    name: u.name,
    communityId: u.communityId,
    roles: u.roles,
    balance: u.balance,
    serviceMinutes: u.serviceMinutes,
    stars: starsFor(u.serviceMinutes),
  };
}
