import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { now } from '../clock.js';

/** The code changes every 30 s; the current and the previous step are accepted. */
export const CODE_STEP_MS = 30_000;
const DIGITS = 6;

/** A new per-activity secret (stored on the activity item, never returned). */
export const newCheckinSecret = (): string => randomBytes(32).toString('base64url');

/** The code of one time step: HMAC-SHA256(secret, step) truncated as in RFC 4226 to 6 digits. */
export function codeForStep(secret: string, step: number): string {
  const mac = createHmac('sha256', secret).update(String(step)).digest();
  const off = mac[mac.length - 1]! & 0x0f;
  const n = ((mac[off]! & 0x7f) << 24) | (mac[off + 1]! << 16) | (mac[off + 2]! << 8) | mac[off + 3]!;
  return String(n % 10 ** DIGITS).padStart(DIGITS, '0');
}

const stepAt = (ms: number): number => Math.floor(ms / CODE_STEP_MS);

/** The code to show now and when it stops being the current one. */
export function currentCode(secret: string, nowMs = now()): { code: string; expiresAt: string } {
  const step = stepAt(nowMs);
  return { code: codeForStep(secret, step), expiresAt: new Date((step + 1) * CODE_STEP_MS).toISOString() };
}

/** Whether `code` is the current or the previous step's code (so it lives 30–60 s). */
export function verifyCode(secret: string, code: string, nowMs = now()): boolean {
  const step = stepAt(nowMs);
  const given = Buffer.from(code);
  let ok = false;
  for (const s of [step, step - 1]) {
    const want = Buffer.from(codeForStep(secret, s));
    // Compare both steps in constant time, so timing tells nothing about which one matched.
    if (want.length === given.length && timingSafeEqual(want, given)) ok = true;
  }
  return ok;
}
