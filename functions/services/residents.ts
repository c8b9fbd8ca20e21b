import { AppError, forbidden, notFound, validationError } from '../../shared/errors.js';
import { newId } from '../../shared/ids.js';
import { maskPhone, type ResidentInput } from '../../shared/schemas/residents.js';
import { nowIso } from '../clock.js';
import { findResidentsByName, givePhone, putManagedResident } from '../db/residents.js';
import { getUser, type User } from '../db/users.js';
import { auditRecord } from './audit.js';
import { can, isAdmin, type Actor } from './authz.js';
import { communityTarget } from './org.js';

/** Staff and organisers of the community (a street organiser covers its communities) and the admin. */
async function servesCommunity(actor: Actor, communityId: string): Promise<boolean> {
  let target;
  try {
    target = await communityTarget(communityId);
  } catch (err) {
    if (err instanceof AppError && err.slug === 'not-found') throw validationError('communityId', 'no such community');
    throw err;
  }
  return can(actor, ['organizer', 'staff'], target);
}

/** `POST /api/residents`: an organiser or staff member registers a resident who has no phone. */
export async function registerManagedResident(
  actor: User,
  input: ResidentInput,
): Promise<{ id: string; name: string; communityId: string; managed: true }> {
  if (!(await servesCommunity(actor, input.communityId))) {
    throw forbidden('Only organisers and staff of this community register residents');
  }
  const id = newId();
  const audit = await auditRecord(actor, 'resident.create', `user:${id}`, input, { name: input.name });
  const u = await putManagedResident(
    {
      id,
      name: input.name,
      communityId: input.communityId,
      ...(input.note ? { note: input.note } : {}),
      createdBy: actor.id,
      at: nowIso(),
    },
    audit,
  );
  return { id: u.id, name: u.name, communityId: input.communityId, managed: true };
}

/** A person as a lookup shows them: staff see the phone masked, organisers and the admin in full. */
export function searchItem(viewer: Actor, u: User, communityServedAsOrganizer: boolean) {
  const full = isAdmin(viewer) || communityServedAsOrganizer;
  return {
    id: u.id,
    name: u.name,
    phone: u.phone ? (full ? u.phone : maskPhone(u.phone)) : null,
    communityId: u.communityId,
    managed: u.managed === true,
  };
}

/**
 * `GET /api/users?communityId=&q=`: residents of a community by a name prefix, for its organisers, staff and the
 * admin. Anyone else asking about a community is refused rather than answered with an empty list, since the
 * community is named in the request.
 */
export async function searchResidents(actor: User, communityId: string, q: string, limit: number) {
  if (!(await servesCommunity(actor, communityId))) {
    throw forbidden('Only organisers and staff of this community look up its residents');
  }
  const organizer = can(actor, ['organizer'], await communityTarget(communityId));
  const found = await findResidentsByName(communityId, q, limit);
  return found.map((u) => searchItem(actor, u, organizer));
}

/** `PATCH /api/users/{id} {phone}`: a managed resident gets a phone and signs in with it from then on. */
export async function givePhoneTo(actor: User, userId: string, phone: string) {
  const u = await getUser(userId, true);
  if (!u) throw notFound('User');
  if (!u.communityId || !(await servesCommunity(actor, u.communityId))) {
    throw forbidden('Only organisers and staff of this resident’s community give them a phone');
  }
  if (!u.managed) throw new AppError('conflict', 'This resident already has a phone');
  // The phone itself stays out of the trail (personal data); who gave one to whom is what matters.
  const after = await givePhone(userId, phone, await auditRecord(actor, 'resident.phone', `user:${userId}`, u));
  return { id: after.id, name: after.name, phone: after.phone, communityId: after.communityId, managed: false };
}
