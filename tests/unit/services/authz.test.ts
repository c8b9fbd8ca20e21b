import { describe, expect, it } from 'vitest';
import { can, type Actor, type Target } from '../../../functions/services/authz.js';
import type { RoleName } from '../../../shared/schemas/auth.js';

// Two streets; S1 holds communities C1 and C2 (C1 holds team T1); S2 holds C3.
const S1 = 'S1',
  S2 = 'S2',
  C1 = 'C1',
  C2 = 'C2',
  C3 = 'C3',
  T1 = 'T1';
const targets: Record<string, Target> = {
  city: {},
  'street S1': { streetId: S1 },
  'community C1': { communityId: C1, streetId: S1 },
  'community C2': { communityId: C2, streetId: S1 },
  'community C3': { communityId: C3, streetId: S2 },
  'team T1': { teamId: T1, communityId: C1, streetId: S1 },
};
const actor = (role: RoleName, scope: string): Actor => ({ id: 'u', roles: [{ role, scope }] });

// Expected: which targets each grant covers, for each role asked.
const cases: [string, Actor, RoleName[], string[]][] = [
  ['admin', actor('admin', 'city'), ['organizer'], Object.keys(targets)],
  ['admin (asked for staff)', actor('admin', 'city'), ['staff'], Object.keys(targets)],
  [
    'street organizer',
    actor('organizer', `street:${S1}`),
    ['organizer'],
    ['street S1', 'community C1', 'community C2', 'team T1'],
  ],
  ['community organizer', actor('organizer', `community:${C1}`), ['organizer'], ['community C1', 'team T1']],
  ['community organizer asked for staff', actor('organizer', `community:${C1}`), ['staff'], []],
  ['staff', actor('staff', `community:${C2}`), ['staff'], ['community C2']],
  ['staff asked for organizer', actor('staff', `community:${C2}`), ['organizer'], []],
  ['staff or organizer', actor('staff', `community:${C2}`), ['organizer', 'staff'], ['community C2']],
  ['leader', actor('leader', `team:${T1}`), ['leader'], ['team T1']],
  ['leader asked for organizer', actor('leader', `team:${T1}`), ['organizer'], []],
  ['resident', { id: 'u', roles: [] }, ['organizer', 'staff', 'leader'], []],
];

describe('can: every role × scope', () => {
  for (const [label, who, roles, allowed] of cases) {
    for (const [name, target] of Object.entries(targets)) {
      const expected = allowed.includes(name);
      it(`${label} ${expected ? 'may' : 'may not'} act on ${name}`, () => {
        expect(can(who, roles, target)).toBe(expected);
      });
    }
  }

  it('refuses without an actor', () => {
    expect(can(undefined, ['organizer'], {})).toBe(false);
  });
});
