import { describe, expect, it } from 'vitest';
import { newId } from '../../../shared/ids.js';

describe('newId', () => {
  it('gives distinct, sortable ULIDs, also past the refill of its random pool', () => {
    const ids = Array.from({ length: 5000 }, newId);
    for (const id of ids) expect(id).toMatch(/^[0-9A-HJKMNP-TV-Z]{26}$/);
    expect(new Set(ids).size).toBe(ids.length);
    expect([...ids].sort()).toEqual(ids);
  });

  it('puts random characters after the time part, not a constant', () => {
    const later = async () => {
      await new Promise((r) => setTimeout(r, 2));
      return newId();
    };
    return Promise.all([later(), later(), later(), later()]).then(async () => {
      const spread: string[] = [];
      for (let i = 0; i < 40; i++) spread.push((await later()).slice(10));
      // A new millisecond starts from fresh randomness: 40 such tails are all different.
      expect(new Set(spread).size).toBe(40);
    });
  });
});
