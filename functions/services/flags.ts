import { AppError, forbidden, notFound, validationError } from '../../shared/errors.js';
import type { Flag, FlagQuery, ResolveFlag } from '../../shared/schemas/flags.js';
import { nowIso } from '../clock.js';
import { getFlag, listFlags, resolveFlag, type FlagRow } from '../db/flags.js';
import { getCommunity } from '../db/org.js';
import type { User } from '../domain/user.js';
import { auditRecord } from './audit.js';
import { isAdmin } from './authz.js';

/** The streets the caller organises. */
const streetsOf = (me: User): string[] =>
  me.roles.filter((g) => g.role === 'organizer' && g.scope.startsWith('street:')).map((g) => g.scope.slice(7));

/** The API's view: routing and the people involved stay inside. */
const view = ({ streetId: _s, involved: _i, ...f }: FlagRow): Flag => f;

/**
 * Whether the caller reviews this flag: never its subject (or anyone it is about); the admin every
 * other flag; a street organiser the street-level flags of its street (its communities' acts).
 */
export function reviews(me: User, f: Pick<FlagRow, 'involved' | 'level' | 'streetId'>): boolean {
  if (f.involved.includes(me.id)) return false;
  if (isAdmin(me)) return true;
  return f.level === 'street' && !!f.streetId && streetsOf(me).includes(f.streetId);
}

/**
 * `GET /api/flags`: the caller's review queue, oldest first. The admin reads the city's queue; a street
 * organiser its street's (of one street at a time: `communityId` names it when it organises several).
 */
export async function flagQueue(me: User, q: FlagQuery): Promise<{ items: Flag[]; nextCursor: string | null }> {
  const admin = isAdmin(me);
  const mine = streetsOf(me);
  if (!admin && mine.length === 0) throw forbidden('Only the admin and street organisers review flags');
  let streetId: string | undefined;
  if (q.communityId) {
    const c = await getCommunity(q.communityId);
    if (!admin && !mine.includes(c.streetId)) throw forbidden('This community is not in your street');
    streetId = c.streetId;
  } else if (!admin) {
    if (mine.length > 1) throw validationError('communityId', 'you organise several streets: name a community');
    streetId = mine[0];
  }
  const queue = admin ? 'city' : { streetId: streetId! };
  const keep = (f: FlagRow) => reviews(me, f) && (!q.communityId || f.communityId === q.communityId);
  const page = await listFlags(queue, q.status, keep, q.limit, q.cursor);
  return { items: page.items.map(view), nextCursor: page.nextCursor };
}

/**
 * `POST /api/flags/{id}/resolve`: the decision and the note, with its audit entry in the same
 * transaction. Someone the flag is about gets 403 like anyone outside its queue; a second decision 409.
 */
export async function resolve(me: User, id: string, input: ResolveFlag): Promise<Flag> {
  const f = await getFlag(id);
  if (!f) throw notFound('Flag');
  if (!reviews(me, f)) throw forbidden('This flag is reviewed by the level above the act');
  if (f.status !== 'open') throw new AppError('conflict', 'This flag has already been resolved');
  const at = nowIso();
  const audit = await auditRecord(
    me,
    'flag.resolve',
    `flag:${f.id}`,
    f.communityId ? { communityId: f.communityId } : { streetId: f.streetId },
    { kind: f.kind, subject: f.subject, decision: input.decision, note: input.note },
  );
  const done = { decision: input.decision, note: input.note, by: me.id, at };
  if (!(await resolveFlag(f, done, audit))) throw new AppError('conflict', 'This flag has already been resolved');
  return view({
    ...f,
    status: 'resolved',
    decision: input.decision,
    note: input.note,
    resolvedAt: at,
    resolvedBy: me.id,
  });
}
