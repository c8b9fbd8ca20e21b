import type { QueryCommandInput } from '@aws-sdk/lib-dynamodb';
import { auditKey, auditPartition, auditSort, cityAuditMonth, streetAuditParent } from '../../shared/db/keys.js';
import { newId } from '../../shared/ids.js';
import type { AuditAction, AuditDetail, AuditEntry } from '../../shared/schemas/audit.js';
import { localMonth } from '../../shared/time.js';
import { nowIso } from '../clock.js';
import { config } from '../config.js';
import { tableName } from './client.js';
import { decodeCursor, encodeCursor } from './cursor.js';
import { queryFiltered } from './paging.js';
import type { TxItem } from './transact.js';

/** One privileged act to record: who, what, on which object, where. */
export interface AuditRecord {
  actorId: string;
  /** The actor's name when acting, kept so the trail reads without a lookup per row. */
  actorName: string;
  action: AuditAction;
  /** `user:<id>`, `card:<no>`, `activity:<id>`, … */
  target: string;
  communityId: string | null;
  /** The community's street (or the street a street-level act is about): the street organiser's view. */
  streetId: string | null;
  detail?: AuditDetail;
}

/**
 * The audit item of an act, to be written IN the act's own transaction (a part named `audit`), so the
 * trail can never miss an act that happened nor record one that did not. Listed three ways: by its
 * community's month (the table key), its street's month (byParent) and the city's month (byMonth).
 */
export function auditItem(rec: AuditRecord, at = nowIso()): TxItem {
  const id = newId();
  const month = localMonth(at, config().tzName);
  const sort = auditSort(at, id);
  return {
    Put: {
      TableName: tableName(),
      Item: {
        ...auditKey(rec, month, at, id),
        type: 'AUDIT',
        id,
        at,
        actorId: rec.actorId,
        actorName: rec.actorName,
        action: rec.action,
        target: rec.target,
        communityId: rec.communityId,
        streetId: rec.streetId,
        detail: rec.detail ?? {},
        ...(rec.streetId ? { gpk: streetAuditParent(rec.streetId, month), gsk: sort } : {}),
        mpk: cityAuditMonth(month),
        msk: sort,
      },
      ConditionExpression: 'attribute_not_exists(pk)',
    },
  };
}

const toEntry = (it: Record<string, unknown>): AuditEntry => ({
  id: it.id as string,
  at: it.at as string,
  actorId: it.actorId as string,
  actorName: (it.actorName as string) ?? '',
  action: it.action as AuditAction,
  target: it.target as string,
  communityId: (it.communityId as string | null) ?? null,
  detail: (it.detail as AuditDetail) ?? {},
});

/** Whose trail: one community's, one street's (its communities and its own acts), or the city's. */
export type AuditScope = { communityId: string } | { streetId: string } | 'city';

/** The Query of one month of a scope, between two instants (inclusive), newest first. */
function monthQuery(
  scope: AuditScope,
  month: string,
  from: string,
  to: string,
): { input: Omit<QueryCommandInput, 'ExclusiveStartKey' | 'Limit'>; keys: string[] } {
  const range = { ':lo': from, ':hi': `${to}#~` };
  if (scope === 'city') {
    return {
      input: {
        TableName: tableName(),
        IndexName: 'byMonth',
        KeyConditionExpression: 'mpk = :p AND msk BETWEEN :lo AND :hi',
        ExpressionAttributeValues: { ':p': cityAuditMonth(month), ...range },
        ScanIndexForward: false,
      },
      keys: ['pk', 'sk', 'mpk', 'msk'],
    };
  }
  if ('streetId' in scope) {
    return {
      input: {
        TableName: tableName(),
        IndexName: 'byParent',
        KeyConditionExpression: 'gpk = :p AND gsk BETWEEN :lo AND :hi',
        ExpressionAttributeValues: { ':p': streetAuditParent(scope.streetId, month), ...range },
        ScanIndexForward: false,
      },
      keys: ['pk', 'sk', 'gpk', 'gsk'],
    };
  }
  return {
    input: {
      TableName: tableName(),
      KeyConditionExpression: 'pk = :p AND sk BETWEEN :lo AND :hi',
      ExpressionAttributeValues: { ':p': auditPartition({ ...scope, streetId: null }, month), ...range },
      ScanIndexForward: false,
    },
    keys: ['pk', 'sk'],
  };
}

/**
 * A page of a trail, newest first: one Query per month from `months[0]` (the newest) on, until `limit`
 * acts are found. The opaque cursor holds the month it stopped in and that month's own cursor; it is
 * bound to the scope and filters (`asked`: the caller's own from/to), so it resumes only the list that returned it.
 */
export async function listAudit(
  scope: AuditScope,
  filter: { actorId?: string; from: string; to: string; months: string[]; asked: string },
  limit: number,
  cursor?: string,
): Promise<{ items: AuditEntry[]; nextCursor: string | null }> {
  // Bound to what the caller asked (not the defaults, which move with the clock between pages).
  const list = `audit|${JSON.stringify(scope)}|${filter.actorId ?? ''}|${filter.asked}`;
  const at = await decodeCursor(cursor, list);
  let i = at ? filter.months.indexOf(String(at.m)) : 0;
  if (i < 0) i = filter.months.length;
  let inner = at?.c ? String(at.c) : undefined;
  const items: AuditEntry[] = [];
  const keep = (it: Record<string, unknown>) => !filter.actorId || it.actorId === filter.actorId;
  for (; i < filter.months.length; i++) {
    const month = filter.months[i]!;
    const q = monthQuery(scope, month, filter.from, filter.to);
    const page = await queryFiltered(q.input, keep, limit - items.length, inner, q.keys);
    inner = undefined;
    items.push(...page.items.map(toEntry));
    if (page.nextCursor) return { items, nextCursor: await encodeCursor({ m: month, c: page.nextCursor }, list) };
    if (items.length >= limit) {
      const next = filter.months[i + 1];
      return { items, nextCursor: next ? await encodeCursor({ m: next }, list) : null };
    }
  }
  return { items, nextCursor: null };
}
