import { createHmac, hkdfSync } from 'node:crypto';

/**
 * Every secret key the server uses comes from the one seed by a LABELLED derivation, so knowing or
 * leaking one key (a cursor key in a heap dump, a bin secret) tells nothing about the others:
 *   key(label) = HKDF-SHA256(ikm = seed, salt = "community-points", info = label, 32 bytes)
 * Labels in use (bump the `vN` to rotate one key without touching the others):
 *   `jwt/v<N>`        the Ed25519 token-signing key (functions/services/jwt.ts; JWT_KEY_VERSION picks N)
 *   `otp-hash/v1`     the HMAC key that hashes sign-in codes before they are stored
 *   `cursor/v1`       the AES-256-GCM key of list cursors (functions/db/cursor.ts)
 * Bin secrets keep their original labelled derivation (`binRoot` below), so every bin already in the
 * field keeps its secret. `serverKey(label)` (signing-keys.ts) is the process's cached view of these.
 */
export const KEY_SALT = 'community-points';

export function deriveKey(seed: string, label: string): Buffer {
  return Buffer.from(hkdfSync('sha256', seed, KEY_SALT, label, 32));
}

/**
 * The root of smart-bin secrets: HMAC-SHA256(seed, "community-points/bin-secret/v1"). It predates the HKDF
 * labels above and is kept bit for bit, because bins hold secrets derived from it; it is a labelled PRF
 * output of the seed all the same (it equals HKDF-Extract with the seed as salt and the label as input).
 */
export const binRootFromSeed = (seed: string): Buffer =>
  createHmac('sha256', seed).update('community-points/bin-secret/v1').digest();
