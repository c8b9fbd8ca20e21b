import { createHash, createHmac, randomInt, timingSafeEqual } from 'node:crypto';
import { AppError, RateLimitedError } from '../../shared/errors.js';
import { MINUTE } from '../../shared/time.js';
import type { Me } from '../../shared/schemas/auth.js';
import { now } from '../clock.js';
import { config } from '../config.js';
import { consumeOtp, putOtp, takeOtpSlot, takeOtpTry } from '../db/otp.js';
import { findOrCreateUserByPhone, grantRole, type User } from '../db/users.js';
import { signToken } from './jwt.js';
import { serverKey, signingKeys } from './signing-keys.js';
import { smsSender } from './sms.js';
import { starsFor } from './stars.js';
import { PRIVACY_VERSION } from './privacy-notice.js';

export const OTP_TTL_MS = 5 * MINUTE;
export const OTP_MAX_TRIES = 5;
export const OTP_MAX_SENDS = 5;
/** Sends to one phone from all client addresses in the window. */
export const OTP_MAX_SENDS_ALL = 20;
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

/**
 * Sends a fresh 6-digit code. More than 5 for a phone from one client address, or more than 20 for it from
 * all addresses, in 10 minutes is refused (429 with Retry-After): a stranger alone cannot lock the owner
 * out, and a phone cannot be texted without end. The per-address window is checked first, so a stranger's
 * refused requests do not eat into the phone's total. `client` is the caller's address (client-address.ts).
 */
export async function requestOtp(phone: string, client = 'unknown'): Promise<void> {
  const at = now();
  const clientId = createHash('sha256').update(client).digest('base64url').slice(0, 16);
  const wait =
    (await takeOtpSlot(phone, OTP_MAX_SENDS, OTP_WINDOW_MS, at, clientId)) ||
    (await takeOtpSlot(phone, OTP_MAX_SENDS_ALL, OTP_WINDOW_MS, at));
  if (wait > 0) {
    throw new RateLimitedError('Too many codes for this phone; try again later', Math.ceil(wait / 1000));
  }
  const code = String(randomInt(0, 1_000_000)).padStart(6, '0');
  await putOtp(phone, await hashCode(phone, code), at + OTP_TTL_MS);
  await smsSender().sendCode(phone, code, `【社区积分】您的验证码是 ${code}，5 分钟内有效，请勿告诉他人。`);
}

/** Exchanges a code for a token. Wrong, expired or used-up codes are 401; 5 wrong tries void the code. */
export async function exchangeCode(
  phone: string,
  code: string,
): Promise<{ token: string; expiresAt: string; user: User }> {
  const wrong = new AppError('unauthorized', 'The code is wrong or has expired');
  // The try is counted before the comparison, atomically: see takeOtpTry.
  const storedHash = await takeOtpTry(phone, OTP_MAX_TRIES, now());
  if (storedHash === 'void')
    throw new AppError('unauthorized', 'Too many wrong tries: this code is void; ask for a new one');
  if (!storedHash) throw wrong;
  const hash = await hashCode(phone, code);
  if (!same(hash, storedHash)) throw wrong;
  if (!(await consumeOtp(phone, hash))) throw wrong;
  let user = await findOrCreateUserByPhone(phone, '', PRIVACY_VERSION);
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
    consentVersion: u.consentVersion,
  };
}
