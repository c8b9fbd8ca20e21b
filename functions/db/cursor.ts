import { validationError } from '../../shared/errors.js';

/** Opaque list cursors: the DynamoDB LastEvaluatedKey, base64url-encoded. */
export function encodeCursor(key: Record<string, unknown> | undefined): string | null {
  return key ? Buffer.from(JSON.stringify(key)).toString('base64url') : null;
}

/** Decodes a cursor of `encodeCursor`; anything else is a 400 on `cursor`. */
export function decodeCursor(cursor: string | undefined): Record<string, unknown> | undefined {
  if (!cursor) return undefined;
  try {
    const v: unknown = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    if (v && typeof v === 'object' && !Array.isArray(v)) {
      const ok = Object.values(v).every((x) => typeof x === 'string' || typeof x === 'number');
      if (ok) return v as Record<string, unknown>;
    }
  } catch {
    // fall through
  }
  throw validationError('cursor', 'is not a cursor this list returned');
}
