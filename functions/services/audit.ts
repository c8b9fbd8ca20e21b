import { forbidden, validationError } from '../../shared/errors.js';
import type { AuditAction, AuditDetail, AuditEntry, AuditQuery } from '../../shared/schemas/audit.js';
import { DAY, localMonth } from '../../shared/time.js';
import { now } from '../clock.js';
import { config } from '../config.js';
import { listAudit, type AuditRecord, type AuditScope } from '../db/audit.js';
import { getCommunity, getStreet } from '../db/org.js';
import type { User } from '../domain/user.js';
import { isAdmin } from './authz.js';
import type { Column } from './csv.js';

export type { AuditRecord };

/** Who acted, as the trail names them. */
export type AuditActor = Pick<User, 'id' | 'name'>;

/**
 * The record of one privileged act, placed where it happened: a community (and so its street), or a
 * street or the city for acts above communities. The caller's db function writes it in the act's transaction.
 */
export async function auditRecord(
  actor: AuditActor,
  action: AuditAction,
  target: string,
  where: { communityId?: string | null; streetId?: string | null },
  detail: AuditDetail = {},
): Promise<AuditRecord> {
  const communityId = where.communityId ?? null;
  const streetId = communityId ? (await getCommunity(communityId)).streetId : (where.streetId ?? null);
  return { actorId: actor.id, actorName: actor.name, action, target, communityId, streetId, detail };
}

/** The streets the caller organises. */
const streetsOf = (me: User): string[] =>
  me.roles.filter((g) => g.role === 'organizer' && g.scope.startsWith('street:')).map((g) => g.scope.slice(7));

/**
 * Whose trail the caller asked for, if it may read it: the admin any; a street organiser its street and its
 * street's communities; everyone else nothing (403).
 */
async function scopeFor(me: User, q: Pick<AuditQuery, 'communityId' | 'streetId'>): Promise<AuditScope> {
  const admin = isAdmin(me);
  const mine = streetsOf(me);
  if (!admin && mine.length === 0) throw forbidden('Only the admin and street organisers read the audit trail');
  if (q.communityId) {
    const c = await getCommunity(q.communityId);
    if (!admin && !mine.includes(c.streetId)) throw forbidden('This community is not in your street');
    return { communityId: c.id };
  }
  if (q.streetId) {
    await getStreet(q.streetId);
    if (!admin && !mine.includes(q.streetId)) throw forbidden('This is not your street');
    return { streetId: q.streetId };
  }
  if (admin) return 'city';
  if (mine.length > 1) throw validationError('streetId', 'you organise several streets: name one');
  return { streetId: mine[0]! };
}

const prevMonth = (m: string): string => {
  const [y, mm] = m.split('-').map(Number) as [number, number];
  return mm === 1 ? `${y - 1}-12` : `${y}-${String(mm - 1).padStart(2, '0')}`;
};

/** Longest span one request reads: one Query per month, so this bounds its cost. */
const MAX_MONTHS = 24;

/** The months between two instants in TZ_NAME, newest first. */
function monthsBetween(from: string, to: string): string[] {
  const tz = config().tzName;
  const last = localMonth(from, tz);
  const months = [localMonth(to, tz)];
  while (months[months.length - 1]! > last) {
    months.push(prevMonth(months[months.length - 1]!));
    if (months.length > MAX_MONTHS) throw validationError('from', `at most ${MAX_MONTHS} months at a time`);
  }
  return months;
}

/** A page of the audit trail the caller may read, newest first (default: the last 12 months). */
export async function readAudit(
  me: User,
  q: AuditQuery,
  limit = q.limit,
  cursor = q.cursor,
): Promise<{ items: AuditEntry[]; nextCursor: string | null }> {
  const scope = await scopeFor(me, q);
  const to = new Date(q.to ?? now()).toISOString();
  const from = new Date(q.from ?? Date.parse(to) - 365 * DAY).toISOString();
  if (from > to) throw validationError('to', 'must not be before from');
  const asked = `${q.from ?? ''}|${q.to ?? ''}`;
  return listAudit(scope, { actorId: q.actorId, from, to, months: monthsBetween(from, to), asked }, limit, cursor);
}

/** Rows for the CSV: every act of the query, up to a bound that keeps one request small. */
export async function readAuditAll(me: User, q: AuditQuery, max = 5000): Promise<AuditEntry[]> {
  const out: AuditEntry[] = [];
  let cursor: string | undefined = q.cursor;
  do {
    const page = await readAudit(me, q, 100, cursor);
    out.push(...page.items);
    cursor = page.nextCursor ?? undefined;
  } while (cursor && out.length < max);
  return out.slice(0, max);
}

/** The CSV columns (zh-CN headers with the English, API.md "Exports"). */
export const auditColumns: Column<AuditEntry>[] = [
  ['时间(at)', (e) => e.at],
  ['操作人(actor)', (e) => e.actorName],
  ['操作人ID(actorId)', (e) => e.actorId],
  ['操作(action)', (e) => e.action],
  ['对象(target)', (e) => e.target],
  ['社区ID(communityId)', (e) => e.communityId ?? ''],
  ['详情(detail)', (e) => JSON.stringify(e.detail)],
];
