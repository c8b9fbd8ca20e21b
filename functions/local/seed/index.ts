import type { SeedContext, SeedStep } from './context.js';
import { garbageStep } from './garbage.js';
import { orgStep } from './org.js';
import { peopleStep } from './people.js';
import { rewardsStep } from './rewards.js';
import { volunteerStep } from './volunteer.js';

/** The demo city, in order. Feature issues append their steps here. */
export const seedSteps: SeedStep[] = [orgStep, peopleStep, volunteerStep, garbageStep, rewardsStep];

/** Just the district and its people (SEED=base): no activities, scans or gifts yet. */
export const baseSteps: SeedStep[] = [orgStep, peopleStep];

/** Loads the demo city (or the given steps) with progress lines; idempotent. */
export async function seedDemo(
  print: (line: string) => void = console.log,
  steps: SeedStep[] = seedSteps,
): Promise<SeedContext> {
  const ctx: SeedContext = {
    streets: [],
    communities: [],
    people: [],
    streetOrganizers: new Map(),
    communityOrganizers: new Map(),
    staff: new Map(),
    adminId: '',
    progress: (msg) => print(`      ${msg}`),
  };
  for (const [i, step] of steps.entries()) {
    const t = performance.now();
    print(`[${i + 1}/${steps.length}] ${step.name} …`);
    await step.run(ctx);
    print(`      done in ${((performance.now() - t) / 1000).toFixed(1)} s`);
  }
  return ctx;
}
