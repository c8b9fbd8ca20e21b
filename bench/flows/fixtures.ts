import { config } from '../../functions/config.js';
import { moveBalance } from '../../functions/db/ledger.js';
import { createCommunity, createStreet } from '../../functions/db/org.js';
import {
  findOrCreateUserByPhone,
  getUser,
  getUserIdByPhone,
  updateProfile,
  type User,
} from '../../functions/db/users.js';
import { progress } from '../report.js';

/** Runs `fn(0..n-1)` with `concurrency` in flight, printing progress every `every` done. */
export async function inPool<T>(
  n: number,
  concurrency: number,
  fn: (i: number) => Promise<T>,
  label?: string,
  every = 250,
): Promise<T[]> {
  const out: T[] = new Array(n);
  let next = 0;
  let done = 0;
  await Promise.all(
    Array.from({ length: Math.min(concurrency, n) }, async () => {
      for (let i = next++; i < n; i = next++) {
        out[i] = await fn(i);
        if (label && ++done % every === 0) progress(`${label}: ${done}/${n}`);
      }
    }),
  );
  return out;
}

let phoneSeq = 0;
/** Unique bench phone numbers (15x…), never the demo city's 139 0000 NNNN. */
const benchPhone = (): string => `15${String(++phoneSeq).padStart(9, '0')}`;

/** A resident made the way sign-in makes one (phone + profile), with a community set. */
export async function newResident(communityId: string, name = '测试居民'): Promise<User> {
  const u = await findOrCreateUserByPhone(benchPhone(), name);
  return updateProfile(u.id, { communityId });
}

/** A resident holding `points`, credited through the ledger core. */
export async function residentWithPoints(communityId: string, points: number): Promise<User> {
  const u = await newResident(communityId);
  await moveBalance({ userId: u.id, delta: points, reason: 'adjust', ref: 'bench', actor: 'bench' });
  return u;
}

/** The admin `startLocal` creates (ADMIN_PHONE): organiser of everything. */
export async function admin(): Promise<User> {
  const id = await getUserIdByPhone(config().adminPhone);
  const u = id ? await getUser(id, true) : undefined;
  if (!u) throw new Error('the admin is missing');
  return u;
}

let city: Promise<{ streetId: string; communityId: string }> | undefined;
/** One street with one community for all the flows. */
export function benchCommunity(): Promise<{ streetId: string; communityId: string }> {
  return (city ??= (async () => {
    const street = await createStreet('基准街道');
    const c = await createCommunity(street.id, '基准社区');
    return { streetId: street.id, communityId: c.id };
  })());
}
