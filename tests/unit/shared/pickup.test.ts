import { describe, expect, it } from 'vitest';
import { parsePickup, pickupQrText } from '../../../shared/pickup.js';

describe('pickup QR text', () => {
  const id = '01KAAAAAAAAAAAAAAAAAAAAAAA';
  it('round-trips a redemption id and code', () => {
    expect(parsePickup(pickupQrText(id, '012345'))).toEqual({ redemptionId: id, code: '012345' });
  });
  it('takes a typed code, spaces and all', () => {
    expect(parsePickup(' 012 345 ')).toEqual({ code: '012345' });
  });
  it.each(['', '12345', '1234567', 'abcdef', `cp-pickup:${id}:12345`, 'https://example.com'])('rejects %j', (t) => {
    expect(parsePickup(t)).toBeUndefined();
  });
});
