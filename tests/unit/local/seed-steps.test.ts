import { describe, expect, it } from 'vitest';
import { baseSteps, seedSteps, stepsFor } from '../../../functions/local/seed/index.js';

describe('SEED', () => {
  it('names the whole demo, nothing, the base, or the base with chosen parts in demo order', () => {
    expect(stepsFor('demo')).toEqual(seedSteps);
    expect(stepsFor('none')).toEqual([]);
    expect(stepsFor('base')).toEqual(baseSteps);
    const some = stepsFor('rewards, base,volunteer');
    expect(some.slice(0, 2)).toEqual(baseSteps);
    expect(some.map((s) => s.name)).toEqual(seedSteps.filter((s) => some.includes(s)).map((s) => s.name));
    expect(some).toHaveLength(4);
  });

  it('refuses an unknown part instead of silently seeding less', () => {
    expect(() => stepsFor('base,gifts')).toThrow(/unknown part "gifts"/);
  });
});
