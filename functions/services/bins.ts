import { validationError } from '../../shared/errors.js';
import { createBin, getBin, listBins } from '../db/bins.js';
import { auditRecord } from './audit.js';
import { assertCan, type Actor } from './authz.js';
import { binSecret } from './bin-secrets.js';
import { communityTarget } from './org.js';

/** Registers a bin in a community (organiser or staff there); its secret is returned only here. */
export async function registerBin(actor: Actor & { id: string; name: string }, communityId: string, name: string) {
  const target = await communityTarget(communityId).catch(() => {
    throw validationError('communityId', 'no such community');
  });
  assertCan(actor, ['organizer', 'staff'], target, 'Only an organiser or staff of this community registers bins');
  const audit = await auditRecord(actor, 'bin.create', 'bin:', { communityId }, { name });
  const bin = await createBin(communityId, name, actor.id, undefined, (b) => ({ ...audit, target: `bin:${b.id}` }));
  return { bin, secret: await binSecret(bin.id, bin.keyVersion) };
}

/** A community's bins, oldest first, without secrets (organiser or staff there). */
export async function communityBins(actor: Actor, communityId: string, limit: number, cursor?: string) {
  assertCan(actor, ['organizer', 'staff'], await communityTarget(communityId));
  const r = await listBins(communityId, limit, cursor);
  return {
    items: r.items.map((b) => ({ id: b.id, communityId: b.communityId, name: b.name, createdAt: b.createdAt })),
    nextCursor: r.nextCursor,
  };
}

/** The bin an upload names, for checking its signature (undefined: unknown). */
export const findBin = (id: string) => getBin(id);
