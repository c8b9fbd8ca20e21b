import { createHash, createPrivateKey, createPublicKey, sign, verify, type KeyObject } from 'node:crypto';
import { AppError } from '../../shared/errors.js';
import { now as clockNow } from '../clock.js';

/**
 * Ed25519 (JWT alg EdDSA) tokens. The private key is derived from a secret seed (a file locally, a
 * Secrets Manager secret in the cloud), so a generated secret string is enough to make a key pair.
 */
export interface SigningKeys {
  privateKey: KeyObject;
  publicKey: KeyObject;
  kid: string;
}

const PKCS8_ED25519_PREFIX = Buffer.from('302e020100300506032b657004220420', 'hex');

export function keysFromSeed(seed: string): SigningKeys {
  const raw = createHash('sha256').update(seed).digest();
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

/** Verifies signature, algorithm (only EdDSA; `none` and others are refused) and expiry. */
export function verifyToken(keys: SigningKeys, token: string, now = clockNow()): TokenClaims {
  const parts = token.split('.');
  if (parts.length !== 3) throw unauthorized('Malformed token');
  const [h, p, s] = parts as [string, string, string];
  let header: { alg?: unknown };
  let claims: Partial<TokenClaims>;
  try {
    header = JSON.parse(Buffer.from(h, 'base64url').toString('utf8'));
    claims = JSON.parse(Buffer.from(p, 'base64url').toString('utf8'));
  } catch {
    throw unauthorized('Malformed token');
  }
  if (header.alg !== 'EdDSA') throw unauthorized('Unsupported token algorithm');
  const ok = verify(null, Buffer.from(`${h}.${p}`), keys.publicKey, Buffer.from(s, 'base64url'));
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
