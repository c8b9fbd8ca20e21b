import { seedId } from '../seed-id.js';

/** What the demo-city steps share: the ids of what earlier steps made. */
export interface SeedContext {
  streets: { id: string; name: string }[];
  communities: { id: string; streetId: string; name: string }[];
  /** Residents (including organisers and staff), by phone. */
  people: { id: string; phone: string; name: string; communityId: string }[];
  /** Ids by role: organisers of each street and community, staff of each community. */
  streetOrganizers: Map<string, string>;
  communityOrganizers: Map<string, string>;
  staff: Map<string, string>;
  adminId: string;
  progress(msg: string): void;
}

/** A step of the demo city; each must be idempotent (seeding twice changes nothing). */
export interface SeedStep {
  name: string;
  run(ctx: SeedContext): Promise<void>;
}

export { seedId };

/** Ignores "already exists" so seeding again is a no-op. */
export async function once(fn: () => Promise<unknown>): Promise<void> {
  try {
    await fn();
  } catch (err) {
    const name = (err as { name?: string }).name;
    if (name === 'ConditionFailedError' || name === 'ConditionalCheckFailedException') return;
    throw err;
  }
}
