import { createHash } from 'node:crypto';

const CROCKFORD = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
/** 2026-01-01T00:00:00Z, the time part of every demo id. */
const SEED_TIME = 1767225600000;

/** A stable ULID for a demo object named `name`, so seeding twice writes the same items. */
export function seedId(name: string): string {
  let t = SEED_TIME;
  let time = '';
  for (let i = 0; i < 10; i++) {
    time = CROCKFORD[t % 32]! + time;
    t = Math.floor(t / 32);
  }
  const h = createHash('sha256').update(name).digest();
  let rand = '';
  for (let i = 0; i < 16; i++) rand += CROCKFORD[h[i]! % 32];
  return time + rand;
}
