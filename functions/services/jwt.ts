import { createHash, createPrivateKey, createPublicKey, sign, verify, type KeyObject } from 'node:crypto';
import { AppError } from '../../shared/errors.js';
import { now as clockNow } from '../clock.js';
import { deriveKey } from './key-derivation.js';

/**
 * Ed25519 (JWT alg EdDSA) tokens. The private key is derived from a secret seed (a file locally, a
 * Secrets Manager secret in the cloud), so a generated secret string is enough to make a key pair.
 *
 * Rotation path (`kid`): key version N is derived with the label `jwt/v<N>` (key-derivation.ts); the
 * server signs with N = `JWT_KEY_VERSION` (default 1) and accepts tokens whose header `kid` names key N or
 * N-1, so raising JWT_KEY_VERSION rotates the key without signing anyone out: tokens of the old key keep
 * working for the rest of their 12 h, and the next raise drops it. Version 0 is the key before labelled
 * derivation (SHA-256 of the seed), accepted only while N = 1 so that tokens issued before this release
 * live out their 12 h. A token with an unknown or missing `kid` is refused. A leaked SEED is not rotated
 * this way: replace the secret (everyone signs in again, bins get new secrets).
 */
export interface SigningKeys {
  privateKey: KeyObject;
  publicKey: KeyObject;
  kid: string;
  /** Public keys the verifier accepts, by `kid` (this key included). */
  accepted: ReadonlyMap<string, KeyObject>;
}

const PKCS8_ED25519_PREFIX = Buffer.from('302e020100300506032b657004220420', 'hex');

function keyPair(raw: Buffer): { privateKey: KeyObject; publicKey: KeyObject; kid: string } {
  const privateKey = createPrivateKey({
    key: Buffer.concat([PKCS8_ED25519_PREFIX, raw]),
    format: 'der',
    type: 'pkcs8',
  });
  const publicKey = createPublicKey(privateKey);
  const kid = createHash('sha256')
    .update(publicKey.export({ format: 'der', type: 'spki' }))
    .digest('base64url')
    .slice(0, 16);
  return { privateKey, publicKey, kid };
}

/** Version 0: the key of releases before labelled derivation. */
const rawKey = (seed: string, version: number): Buffer =>
  version === 0 ? createHash('sha256').update(seed).digest() : deriveKey(seed, `jwt/v${version}`);

/** The signing key of `version` and the keys the verifier accepts next to it (this one and the previous). */
export function keysFromSeed(seed: string, version = 1): SigningKeys {
  const current = keyPair(rawKey(seed, version));
  const previous = keyPair(rawKey(seed, version - 1));
  const accepted = new Map([
    [current.kid, current.publicKey],
    [previous.kid, previous.publicKey],
  ]);
  return { ...current, accepted };
}

export interface TokenClaims {
  sub: string;
  iat: number;
  exp: number;
}

const b64 = (v: unknown) => Buffer.from(JSON.stringify(v)).toString('base64url');

export function signToken(
  keys: SigningKeys,
  sub: string,
  ttlSeconds: number,
  now = clockNow(),
): { token: string; expiresAt: string } {
  const iat = Math.floor(now / 1000);
  const exp = iat + ttlSeconds;
  const head = `${b64({ alg: 'EdDSA', typ: 'JWT', kid: keys.kid })}.${b64({ sub, iat, exp })}`;
  const sig = sign(null, Buffer.from(head), keys.privateKey).toString('base64url');
  return { token: `${head}.${sig}`, expiresAt: new Date(exp * 1000).toISOString() };
}

const unauthorized = (detail: string) => new AppError('unauthorized', detail);

/** base64url without padding, exactly as it re-encodes: a token has one spelling, so one signature. */
const canonical = (part: string): boolean =>
  /^[A-Za-z0-9_-]*$/.test(part) && Buffer.from(part, 'base64url').toString('base64url') === part;

/**
 * Verifies the key (`kid` must name an accepted key), algorithm (only EdDSA; `none` and others are
 * refused), signature (canonical base64url only) and expiry.
 */
export function verifyToken(keys: SigningKeys, token: string, now = clockNow()): TokenClaims {
  const parts = token.split('.');
  if (parts.length !== 3 || !parts.every(canonical)) throw unauthorized('Malformed token');
  const [h, p, s] = parts as [string, string, string];
  let header: { alg?: unknown; kid?: unknown };
  let claims: Partial<TokenClaims>;
  try {
    header = JSON.parse(Buffer.from(h, 'base64url').toString('utf8'));
    claims = JSON.parse(Buffer.from(p, 'base64url').toString('utf8'));
  } catch {
    throw unauthorized('Malformed token');
  }
  if (header.alg !== 'EdDSA') throw unauthorized('Unsupported token algorithm');
  const publicKey = typeof header.kid === 'string' ? keys.accepted.get(header.kid) : undefined;
  if (!publicKey) throw unauthorized('Unknown signing key; sign in again');
  const ok = verify(null, Buffer.from(`${h}.${p}`), publicKey, Buffer.from(s, 'base64url'));
  if (!ok) throw unauthorized('Bad token signature');
  if (typeof claims.sub !== 'string' || typeof claims.exp !== 'number' || typeof claims.iat !== 'number') {
    throw unauthorized('Malformed token');
  }
  if (claims.exp * 1000 <= now) throw unauthorized('Token expired; sign in again');
  return claims as TokenClaims;
}

/** Tokens remembered per process by verifyTokenOnce; the oldest are forgotten first. */
export const VERIFIED_TOKENS_KEPT = 2000;

/**
 * `verify`, remembering tokens it accepted with a key set, so a session's later requests skip the Ed25519
 * verification (~0.2 ms each, measured by the bench). The whole token is the key, so a changed byte is
 * verified afresh; expiry is checked on every use; another key set remembers nothing of this one.
 */
export function rememberingVerifier(verify: typeof verifyToken = verifyToken, kept = VERIFIED_TOKENS_KEPT) {
  const verified = new WeakMap<SigningKeys, Map<string, TokenClaims>>();
  return (keys: SigningKeys, token: string, now = clockNow()): TokenClaims => {
    let memo = verified.get(keys);
    if (!memo) verified.set(keys, (memo = new Map()));
    const known = memo.get(token);
    if (known) {
      if (known.exp * 1000 <= now) {
        memo.delete(token);
        throw unauthorized('Token expired; sign in again');
      }
      return known;
    }
    const claims = verify(keys, token, now);
    memo.set(token, claims);
    if (memo.size > kept) memo.delete(memo.keys().next().value!);
    return claims;
  };
}

/** verifyToken with the process's memory of accepted tokens (the API's bearer check). */
export const verifyTokenOnce = rememberingVerifier();
