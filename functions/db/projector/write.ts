import type { Key } from '../../../shared/db/keys.js';
import { tableName } from '../client.js';
import type { TxItem } from '../transact.js';

/**
 * What a projection wants written. `add` grows numbers (ADD) and sets plain attributes; two adds to one
 * item in one batch are merged into one write (coalescing). `create` puts a marker that must not exist
 * yet (distinct participants): the projection read it as absent before planning.
 */
export type ProjectionWrite =
  | { kind: 'add'; key: Key; add: Record<string, number>; set?: Record<string, unknown> }
  | { kind: 'create'; key: Key; item: Record<string, unknown> };

export const writeId = (k: Key): string => `${k.pk}\u0000${k.sk}`;

/** Merges writes to the same item: numbers summed, sets overwritten in order, a marker once. */
export function coalesce(into: Map<string, ProjectionWrite>, writes: ProjectionWrite[]): void {
  for (const w of writes) {
    const id = writeId(w.key);
    const prev = into.get(id);
    if (!prev) {
      into.set(id, w.kind === 'add' ? { ...w, add: { ...w.add }, set: { ...w.set } } : w);
      continue;
    }
    if (prev.kind !== 'add' || w.kind !== 'add') {
      if (prev.kind === 'create' && w.kind === 'create') continue;
      throw new Error(`a projection both creates and grows ${id}`);
    }
    for (const [k, v] of Object.entries(w.add)) prev.add[k] = (prev.add[k] ?? 0) + v;
    Object.assign(prev.set!, w.set);
  }
}

/** The transaction item of one (coalesced) write. */
export function toTxItem(w: ProjectionWrite): TxItem | undefined {
  if (w.kind === 'create') {
    return {
      Put: { TableName: tableName(), Item: { ...w.item, ...w.key }, ConditionExpression: 'attribute_not_exists(pk)' },
    };
  }
  const names: Record<string, string> = {};
  const values: Record<string, unknown> = {};
  const adds = Object.entries(w.add)
    .filter(([, v]) => v !== 0)
    .map(([k, v], i) => {
      names[`#a${i}`] = k;
      values[`:a${i}`] = v;
      return `#a${i} :a${i}`;
    });
  if (adds.length === 0) return undefined;
  const sets = Object.entries(w.set ?? {}).map(([k, v], i) => {
    names[`#s${i}`] = k;
    values[`:s${i}`] = v;
    return `#s${i} = :s${i}`;
  });
  return {
    Update: {
      TableName: tableName(),
      Key: w.key,
      UpdateExpression: `${sets.length ? `SET ${sets.join(', ')} ` : ''}ADD ${adds.join(', ')}`,
      ExpressionAttributeNames: names,
      ExpressionAttributeValues: values,
    },
  };
}
