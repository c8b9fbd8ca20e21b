import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { validationError } from '../../shared/errors.js';
import { serverKey } from '../services/signing-keys.js';

/**
 * Opaque list cursors: the DynamoDB LastEvaluatedKey sealed with AES-256-GCM under the server's
 * `cursor/v1` key, as base64url(iv ‖ tag ‖ ciphertext). Why encrypt, not just sign: keys carry data
 * (a reservation's sort key holds its pickup code), and a client must learn nothing from a cursor.
 * Why authenticate: a forged or edited key would reach DynamoDB as ExclusiveStartKey (a 500 before).
 * `list` names the list the cursor belongs to (its partition) and is bound in as associated data, so a
 * cursor of one list (or one person's list) is refused by another.
 */
const LABEL = 'cursor/v1';
const IV = 12;
const TAG = 16;

export async function encodeCursor(key: Record<string, unknown> | undefined, list: string): Promise<string | null> {
  if (!key) return null;
  const iv = randomBytes(IV);
  const c = createCipheriv('aes-256-gcm', await serverKey(LABEL), iv);
  c.setAAD(Buffer.from(list));
  const body = Buffer.concat([c.update(JSON.stringify(key), 'utf8'), c.final()]);
  return Buffer.concat([iv, c.getAuthTag(), body]).toString('base64url');
}

const bad = () => validationError('cursor', 'is not a cursor this list returned');

/** Opens a cursor of `encodeCursor` for the same `list`; anything else is a 400 on `cursor`. */
export async function decodeCursor(
  cursor: string | undefined,
  list: string,
): Promise<Record<string, unknown> | undefined> {
  if (!cursor) return undefined;
  if (cursor.length > 2048 || !/^[A-Za-z0-9_-]+$/.test(cursor)) throw bad();
  const raw = Buffer.from(cursor, 'base64url');
  if (raw.length <= IV + TAG) throw bad();
  let v: unknown;
  try {
    const d = createDecipheriv('aes-256-gcm', await serverKey(LABEL), raw.subarray(0, IV));
    d.setAAD(Buffer.from(list));
    d.setAuthTag(raw.subarray(IV, IV + TAG));
    v = JSON.parse(Buffer.concat([d.update(raw.subarray(IV + TAG)), d.final()]).toString('utf8'));
  } catch {
    throw bad();
  }
  const ok =
    v &&
    typeof v === 'object' &&
    !Array.isArray(v) &&
    Object.values(v).every((x) => ['string', 'number'].includes(typeof x));
  if (!ok) throw bad();
  return v as Record<string, unknown>;
}
