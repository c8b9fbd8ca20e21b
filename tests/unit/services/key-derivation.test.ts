import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { binSecret } from '../../../functions/services/bin-secrets.js';
import { binRootFromSeed, deriveKey } from '../../../functions/services/key-derivation.js';
import { serverKey, signingKeys } from '../../../functions/services/signing-keys.js';

describe('labelled key derivation (issue 12, defect 7)', () => {
  it('gives every label its own key, and the same key for the same seed and label', () => {
    const labels = ['jwt/v1', 'jwt/v2', 'otp-hash/v1', 'cursor/v1'];
    const keys = labels.map((l) => deriveKey('seed', l).toString('hex'));
    expect(new Set(keys).size).toBe(labels.length);
    expect(deriveKey('seed', 'cursor/v1').toString('hex')).toBe(keys[3]);
    expect(deriveKey('other-seed', 'cursor/v1').toString('hex')).not.toBe(keys[3]);
  });

  it('keeps every bin secret issued before the change (the original labelled HMAC)', async () => {
    // The formula of the release that issued today's bin secrets, written out independently.
    const root = createHmac('sha256', 'test-seed-not-secret').update('community-points/bin-secret/v1').digest();
    const before = createHmac('sha256', root).update('bin:BIN1:v1').digest('hex');
    expect(await binSecret('BIN1', 1)).toBe(before);
    expect(binRootFromSeed('test-seed-not-secret').equals(root)).toBe(true);
  });

  it('never uses the seed or the token key as another purpose key', async () => {
    const jwt = (await signingKeys()).privateKey.export({ format: 'der', type: 'pkcs8' }).subarray(-32);
    const otp = await serverKey('otp-hash/v1');
    const cursor = await serverKey('cursor/v1');
    expect(otp.equals(cursor)).toBe(false);
    expect(otp.equals(jwt)).toBe(false);
    expect(cursor.equals(jwt)).toBe(false);
    expect(otp.toString()).not.toContain('test-seed');
  });
});
