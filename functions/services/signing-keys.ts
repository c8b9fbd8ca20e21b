import { randomBytes } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { config } from '../config.js';
import { readSecret } from '../db/secrets.js';
import { keysFromSeed, type SigningKeys } from './jwt.js';

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
 * The server's secret seed, loaded once. Keys for other purposes (e.g. smart-bin secrets) are derived
 * from it with their own label, so they never equal the token-signing key.
 */
export const signingSeed = (): Promise<string> => (seedValue ??= seed());
/** The signing keys of this process, loaded once. */
export const signingKeys = (): Promise<SigningKeys> => (keys ??= signingSeed().then(keysFromSeed));
export const resetSigningKeys = (): void => {
  keys = undefined;
  seedValue = undefined;
};
