import { randomBytes } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { config } from '../config.js';
import { readSecret } from '../db/secrets.js';
import { keysFromSeed, type SigningKeys } from './jwt.js';
import { deriveKey } from './key-derivation.js';

let keys: Promise<SigningKeys> | undefined;
let seedValue: Promise<string> | undefined;

async function seed(): Promise<string> {
  const c = config();
  if (c.jwtSeed) return c.jwtSeed;
  if (c.jwtSecretArn) return readSecret(c.jwtSecretArn);
  if (c.inMemory) return randomBytes(32).toString('hex');
  // Local: a seed generated once into DATA_DIR, readable only by its owner.
  const file = join(c.dataDir, 'jwt-signing-seed');
  try {
    return readFileSync(file, 'utf8').trim();
  } catch {
    mkdirSync(c.dataDir, { recursive: true });
    const s = randomBytes(32).toString('hex');
    writeFileSync(file, s, { mode: 0o600 });
    return s;
  }
}

/**
 * The server's secret seed, loaded once. Never used as a key itself: every key is derived from it with
 * its own label (key-derivation.ts), so no two purposes share a key.
 */
export const signingSeed = (): Promise<string> => (seedValue ??= seed());
/** The token keys of this process (signing key of `JWT_KEY_VERSION`, and those it still accepts), loaded once. */
export const signingKeys = (): Promise<SigningKeys> =>
  (keys ??= signingSeed().then((s) => keysFromSeed(s, config().jwtKeyVersion)));

const derived = new Map<string, { seed: string; key: Buffer }>();
/** The server's key for `label` (see key-derivation.ts), derived once per seed (tests swap the seed per file). */
export async function serverKey(label: string): Promise<Buffer> {
  const s = await signingSeed();
  const hit = derived.get(label);
  if (hit && hit.seed === s) return hit.key;
  const key = deriveKey(s, label);
  derived.set(label, { seed: s, key });
  return key;
}

export const resetSigningKeys = (): void => {
  keys = undefined;
  seedValue = undefined;
};
