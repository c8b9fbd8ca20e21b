import { decodeTime } from 'ulid';
import { describe, expect, it, vi } from 'vitest';
import { newId } from '../../../shared/ids.js';
import { useTestClock } from '../../fixtures/test-clock.js';

describe('newId', () => {
  it('gives distinct, sortable ULIDs, also past the refill of its random pool', () => {
    const ids = Array.from({ length: 5000 }, newId);
    for (const id of ids) expect(id).toMatch(/^[0-9A-HJKMNP-TV-Z]{26}$/);
    expect(new Set(ids).size).toBe(ids.length);
    expect([...ids].sort()).toEqual(ids);
  });

  it('puts random characters after the time part, not a constant', () => {
    // Each id in a new millisecond, moved on the clock rather than waited for; ahead of every id made so far
    // (the last id's time: an earlier test may have made ids on a clock ahead of this one).
    let t = decodeTime(newId()) + 1000;
    vi.useFakeTimers({ toFake: ['Date'] });
    try {
      const spread: string[] = [];
      for (let i = 0; i < 40; i++) {
        vi.setSystemTime(++t);
        const id = newId();
        expect(decodeTime(id)).toBe(t);
        spread.push(id.slice(10));
      }
      // A new millisecond starts from fresh randomness: 40 such tails are all different.
      expect(new Set(spread).size).toBe(40);
    } finally {
      useTestClock();
    }
  });
});
