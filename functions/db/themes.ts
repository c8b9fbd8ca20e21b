import { GetCommand } from '@aws-sdk/lib-dynamodb';
import {
  mandatoryThemeGuardKey,
  monthThemesPartition,
  prefixes,
  themeKey,
  themePointerKey,
} from '../../shared/db/keys.js';
import { AppError } from '../../shared/errors.js';
import type { Theme } from '../../shared/schemas/themes.js';
import { db, tableName } from './client.js';
import { queryAll } from './query-all.js';
import { ConditionFailedError } from './errors.js';
import { transactWrite, type TxParts } from './transact.js';

const toTheme = (it: Record<string, unknown>): Theme => ({
  id: it.id as string,
  month: it.month as string,
  kind: it.kind as Theme['kind'],
  title: it.title as string,
  description: (it.description as string | undefined) ?? null,
  streetId: (it.streetId as string | undefined) ?? null,
  createdAt: it.createdAt as string,
});

/**
 * Publishes a theme. A mandatory one also takes the month's one-per-month guard in the same
 * transaction, so two admins racing publish one.
 */
export async function putTheme(t: Theme, createdBy: string): Promise<Theme> {
  const parts: TxParts = {
    theme: {
      Put: {
        TableName: tableName(),
        Item: {
          ...themeKey(t.month, t.id),
          type: 'THEME',
          ...t,
          description: t.description ?? undefined,
          streetId: t.streetId ?? undefined,
          createdBy,
        },
        ConditionExpression: 'attribute_not_exists(pk)',
      },
    },
    pointer: {
      Put: {
        TableName: tableName(),
        Item: { ...themePointerKey(t.id), type: 'THEME_PTR', themeId: t.id, month: t.month },
        ConditionExpression: 'attribute_not_exists(pk)',
      },
    },
    monthGuard: t.kind === 'mandatory' && {
      Put: {
        TableName: tableName(),
        Item: { ...mandatoryThemeGuardKey(t.month), type: 'THEME_GUARD', themeId: t.id },
        ConditionExpression: 'attribute_not_exists(pk)',
      },
    },
  };
  try {
    await transactWrite(parts);
  } catch (err) {
    if (err instanceof ConditionFailedError && err.failedPart('monthGuard')) {
      throw new AppError('duplicate-theme', `${t.month} already has its mandatory theme`);
    }
    throw err;
  }
  return t;
}

/** The themes of a month (one small partition, one Query). */
export async function listThemes(month: string): Promise<Theme[]> {
  const out: Theme[] = [];
  const all = await queryAll({
    TableName: tableName(),
    KeyConditionExpression: 'pk = :pk AND begins_with(sk, :t)',
    ExpressionAttributeValues: { ':pk': monthThemesPartition(month), ':t': prefixes.theme },
  });
  out.push(...all.map(toTheme));
  return out;
}

export async function getTheme(month: string, id: string): Promise<Theme | undefined> {
  const r = await db().send(new GetCommand({ TableName: tableName(), Key: themeKey(month, id) }));
  return r.Item ? toTheme(r.Item) : undefined;
}

/** The month of a theme, from its pointer item. */
export async function getThemeMonth(id: string): Promise<string | undefined> {
  const r = await db().send(new GetCommand({ TableName: tableName(), Key: themePointerKey(id) }));
  return r.Item?.month as string | undefined;
}
