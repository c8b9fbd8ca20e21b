import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { binSecret, signBinBody, verifyBinSignature } from '../../../functions/services/bin-secrets.js';

const body = new TextEncoder().encode('{"scans":[]}');
const NOW = 1_790_000_000_000;
const ts = String(NOW / 1000);

describe('bin secrets', () => {
  it('derives a stable 256-bit secret per bin and key version', async () => {
    const a = await binSecret('BIN1', 1);
    expect(a).toMatch(/^[0-9a-f]{64}$/);
    expect(await binSecret('BIN1', 1)).toBe(a);
    expect(await binSecret('BIN2', 1)).not.toBe(a);
    expect(await binSecret('BIN1', 2)).not.toBe(a);
  });

  it('signs "<timestamp>.<raw body>" with HMAC-SHA256 as a bin would', () => {
    const expected = createHmac('sha256', 'sekrit').update(`${ts}.{"scans":[]}`).digest('hex');
    expect(signBinBody('sekrit', ts, body)).toBe(expected);
    expect(signBinBody('sekrit', ts, '{"scans":[]}')).toBe(expected);
  });

  it('verifies the signature, upper- or lower-case hex, within 300 s either way', () => {
    const signature = signBinBody('sekrit', ts, body);
    const ok = (over: Partial<Parameters<typeof verifyBinSignature>[0]>) =>
      verifyBinSignature({ secret: 'sekrit', timestamp: ts, signature, body, nowMs: NOW, ...over });
    expect(ok({})).toBe(true);
    expect(ok({ signature: signature.toUpperCase() })).toBe(true);
    expect(ok({ nowMs: NOW + 300_000 })).toBe(true);
    expect(ok({ nowMs: NOW - 300_000 })).toBe(true);
    expect(ok({ nowMs: NOW + 301_000 })).toBe(false);
    expect(ok({ nowMs: NOW - 301_000 })).toBe(false);
    expect(ok({ secret: 'other' })).toBe(false);
    expect(ok({ body: new TextEncoder().encode('{"scans":[] }') })).toBe(false);
    expect(ok({ signature: signature.slice(0, 62) })).toBe(false);
    expect(ok({ signature: undefined })).toBe(false);
    expect(ok({ timestamp: undefined })).toBe(false);
    expect(ok({ timestamp: `${ts}.5` })).toBe(false);
  });
});
