import { createHash } from 'node:crypto';
import { newId } from '../../shared/ids.js';
import { notFound, validationError } from '../../shared/errors.js';
import type { Reward, RewardInput, RewardPatch } from '../../shared/schemas/rewards.js';
import type { User } from '../db/users.js';
import * as store from '../db/rewards.js';
import { auditRecord } from './audit.js';
import { assertCan } from './authz.js';
import { communityTarget } from './org.js';
import { nowIso } from '../clock.js';

/** Gifts are managed by organisers and station staff of their community (and the street's organisers). */
async function assertManages(me: User, communityId: string): Promise<void> {
  assertCan(
    me,
    ['organizer', 'staff'],
    await communityTarget(communityId),
    'Only organisers and staff of this community manage its gifts',
  );
}

const iso = (t: string | undefined | null) => (t ? new Date(t).toISOString() : t);

/** An uploaded data URL → the stored picture and the URL that serves it; other URLs pass through. */
function splitImage(
  rewardId: string,
  url: string | null | undefined,
): { url: string | null | undefined; image?: store.RewardImage } {
  const m = url ? /^data:(image\/(?:png|jpeg|webp));base64,(.+)$/.exec(url) : null;
  if (!m) return { url };
  const version = createHash('sha256').update(m[2]!).digest('hex').slice(0, 10);
  return { url: `/api/rewards/${rewardId}/image?v=${version}`, image: { contentType: m[1]!, data: m[2]! } };
}

export async function createReward(me: User, input: RewardInput): Promise<Reward> {
  await assertManages(me, input.communityId);
  const id = newId();
  const { url, image } = splitImage(id, input.imageUrl);
  const reward: Reward = {
    id,
    communityId: input.communityId,
    name: input.name,
    description: input.description || null,
    cost: input.cost,
    stock: input.stock,
    limitPerUser: input.limitPerUser ?? null,
    imageUrl: url ?? null,
    // Stored as UTC `Z` strings so the redemption condition can compare them with `now` as text.
    availableFrom: iso(input.availableFrom) ?? null,
    availableUntil: iso(input.availableUntil) ?? null,
    active: true,
    redeemed: 0,
    createdAt: nowIso(),
  };
  const audit = await auditRecord(me, 'reward.create', `reward:${id}`, reward, {
    name: reward.name,
    cost: reward.cost,
    stock: reward.stock,
  });
  await store.putReward(reward, image, audit);
  return reward;
}

export async function getRewardOr404(id: string, consistent = false): Promise<Reward> {
  const r = await store.getReward(id, consistent);
  if (!r) throw notFound('Reward');
  return r;
}

export async function patchReward(me: User, id: string, patch: RewardPatch): Promise<Reward> {
  const reward = await getRewardOr404(id);
  await assertManages(me, reward.communityId);
  const from = patch.availableFrom !== undefined ? patch.availableFrom : reward.availableFrom;
  const until = patch.availableUntil !== undefined ? patch.availableUntil : reward.availableUntil;
  if (from && until && Date.parse(until) <= Date.parse(from)) {
    throw validationError('availableUntil', 'must be after availableFrom');
  }
  const { url, image } = splitImage(id, patch.imageUrl);
  const detail = Object.fromEntries(
    Object.entries(patch)
      .filter(([, v]) => v !== undefined)
      // A picture is data, not a fact for the trail: only that it changed.
      .map(([k, v]) => [k, k === 'imageUrl' ? 'changed' : (v as string | number | boolean | null)]),
  );
  const audit = await auditRecord(me, 'reward.update', `reward:${id}`, reward, detail);
  return store.patchReward(id, {
    audit,
    stockDelta: patch.stockDelta,
    set: {
      name: patch.name,
      cost: patch.cost,
      active: patch.active,
      description: patch.description === '' ? null : patch.description,
      limitPerUser: patch.limitPerUser,
      imageUrl: url,
      availableFrom: iso(patch.availableFrom),
      availableUntil: iso(patch.availableUntil),
    },
    image,
  });
}

export const listRewards = store.listRewards;
export const getRewardImage = store.getRewardImage;

/** Throws 403 unless `me` manages the gift's community (lists of its redemptions). */
export async function assertManagesReward(me: User, reward: Reward): Promise<void> {
  await assertManages(me, reward.communityId);
}
