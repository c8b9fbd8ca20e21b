/** What a pickup QR code holds: which redemption, and its code. The staff console reads it back. */
const PREFIX = 'cp-pickup:';

export const pickupQrText = (redemptionId: string, code: string): string => `${PREFIX}${redemptionId}:${code}`;

/**
 * A scanned or typed pickup: `cp-pickup:<id>:<code>` from a QR, or a bare code typed by staff
 * (spaces ignored). Undefined when it is neither.
 */
export function parsePickup(text: string): { redemptionId?: string; code: string } | undefined {
  const t = text.trim();
  const qr = /^cp-pickup:([0-9A-HJKMNP-TV-Z]{26}):(\d{6})$/.exec(t);
  if (qr) return { redemptionId: qr[1]!, code: qr[2]! };
  const bare = t.replace(/\s+/g, '');
  return /^\d{6}$/.test(bare) ? { code: bare } : undefined;
}
