import { describe, expect, it } from 'vitest';
import { starsFor } from '../../../functions/services/stars.js';

describe('starsFor', () => {
  it.each([
    [0, 0],
    [99 * 60 + 59, 0],
    [100 * 60, 1],
    [299 * 60, 1],
    [300 * 60, 2],
    [600 * 60, 3],
    [1000 * 60, 4],
    [1499 * 60, 4],
    [1500 * 60, 5],
    [5000 * 60, 5],
  ])('%i minutes → %i stars', (minutes, stars) => {
    expect(starsFor(minutes)).toBe(stars);
  });
});
