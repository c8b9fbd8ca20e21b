import { describe, expect, it } from 'vitest';
import {
  CODE_STEP_MS,
  codeForStep,
  currentCode,
  newCheckinSecret,
  verifyCode,
} from '../../../functions/services/checkin-code.js';

describe('check-in codes', () => {
  const secret = newCheckinSecret();
  const t0 = 1_900_000_012_345;
  const stepStart = Math.floor(t0 / CODE_STEP_MS) * CODE_STEP_MS;

  it('are 6 digits and stable within a 30-s step', () => {
    const a = currentCode(secret, stepStart);
    expect(a.code).toMatch(/^\d{6}$/);
    expect(currentCode(secret, stepStart + CODE_STEP_MS - 1).code).toBe(a.code);
    expect(a.expiresAt).toBe(new Date(stepStart + CODE_STEP_MS).toISOString());
  });

  it('accept the current and the previous step only', () => {
    const code = currentCode(secret, stepStart).code;
    expect(verifyCode(secret, code, stepStart)).toBe(true);
    expect(verifyCode(secret, code, stepStart + CODE_STEP_MS)).toBe(true);
    expect(verifyCode(secret, code, stepStart + 2 * CODE_STEP_MS - 1)).toBe(true);
    expect(verifyCode(secret, code, stepStart + 2 * CODE_STEP_MS)).toBe(false);
    // A code of the future is not accepted either.
    expect(verifyCode(secret, code, stepStart - 1)).toBe(false);
  });

  it('differ between activities and between steps', () => {
    const other = newCheckinSecret();
    const steps = Array.from({ length: 50 }, (_, i) => i + Math.floor(t0 / CODE_STEP_MS));
    const mine = steps.map((s) => codeForStep(secret, s));
    const theirs = steps.map((s) => codeForStep(other, s));
    // 50 six-digit codes: a few equal neighbours by chance at most, never all.
    expect(new Set(mine).size).toBeGreaterThan(45);
    expect(mine.filter((c, i) => c === theirs[i]).length).toBeLessThan(3);
  });

  it('reject codes of another length or characters', () => {
    const code = currentCode(secret, stepStart).code;
    expect(verifyCode(secret, code.slice(1), stepStart)).toBe(false);
    expect(verifyCode(secret, `${code}0`, stepStart)).toBe(false);
    expect(verifyCode(secret, '', stepStart)).toBe(false);
  });

  it('matches known vectors (HMAC-SHA256 of the step, RFC 4226 truncation)', () => {
    expect(codeForStep('test-secret', 0)).toBe('612188');
    expect(codeForStep('test-secret', 1)).toBe('556075');
    expect(codeForStep('test-secret', 56_666_666)).toBe('993218');
  });
});
