import { createHmac, timingSafeEqual } from 'node:crypto';
import { binRootFromSeed } from './key-derivation.js';
import { signingSeed } from './signing-keys.js';
import { now as clockNow } from '../clock.js';

/**
 * Smart-bin secrets are DERIVED, never stored:
 *   root   = HMAC-SHA256(server seed, "community-points/bin-secret/v1")
 *   secret = hex HMAC-SHA256(root, "bin:<binId>:v<keyVersion>")
 * Why derive rather than encrypt and store: a database reader (a backup, an export, a leaked read-only
 * credential) finds nothing on the bin item to sign with, and the server needs no decryption call and
 * no stored ciphertext per upload — verifying is two HMACs in memory. The server seed already guards
 * every token; the label keeps bin secrets independent of the token-signing key. Rotating one bin's
 * secret is bumping its `keyVersion`. (Encrypting with a KMS key would keep the root out of the
 * process, at a KMS call per cache miss; derivation can move to a KMS HMAC key the same way.)
 */
let root: Promise<Buffer> | undefined;
let rootSeed: string | undefined;

async function binRoot(): Promise<Buffer> {
  const seed = await signingSeed();
  // Tests swap the seed per file; derive again when it changed.
  if (!root || rootSeed !== seed) {
    rootSeed = seed;
    root = Promise.resolve(binRootFromSeed(seed));
  }
  return root;
}

/** The secret of a bin: given to it once at registration, derived again to verify each upload. */
export async function binSecret(binId: string, keyVersion: number): Promise<string> {
  return createHmac('sha256', await binRoot())
    .update(`bin:${binId}:v${keyVersion}`)
    .digest('hex');
}

/** Timestamps more than this far from the server clock are refused (replays, wrong clocks). */
export const MAX_SKEW_SECONDS = 300;

/** hex HMAC-SHA256(secret, "<timestamp>.<raw body>") — what a bin sends in `X-Bin-Signature`. */
export function signBinBody(secret: string, timestamp: string, body: Uint8Array | string): string {
  return createHmac('sha256', secret).update(`${timestamp}.`).update(body).digest('hex');
}

export interface SignedUpload {
  secret: string;
  timestamp: string | undefined;
  signature: string | undefined;
  /** The body exactly as received, before any parsing. */
  body: Uint8Array;
  nowMs?: number;
}

/** Whether an upload is signed by the bin within the allowed clock skew (constant-time compare). */
export function verifyBinSignature(u: SignedUpload): boolean {
  if (!u.timestamp || !/^\d{1,12}$/.test(u.timestamp)) return false;
  if (!u.signature || !/^[0-9a-fA-F]{64}$/.test(u.signature)) return false;
  const now = Math.floor((u.nowMs ?? clockNow()) / 1000);
  if (Math.abs(now - Number(u.timestamp)) > MAX_SKEW_SECONDS) return false;
  const expected = createHmac('sha256', u.secret).update(`${u.timestamp}.`).update(u.body).digest();
  return timingSafeEqual(expected, Buffer.from(u.signature, 'hex'));
}
