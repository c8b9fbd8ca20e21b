import { config } from '../config.js';
import { newId } from '../../shared/ids.js';
import { forbidden, validationError } from '../../shared/errors.js';
import { localMonth } from '../../shared/time.js';
import type { MonthThemes, Theme, ThemeInput } from '../../shared/schemas/themes.js';
import { loadOrg } from '../db/org.js';
import { listThemes, putTheme } from '../db/themes.js';
import { assertCan, isAdmin, type Actor } from './authz.js';
import { now, nowIso } from '../clock.js';

/** This month in TZ_NAME. */
export const currentMonth = (): string => localMonth(now(), config().tzName);

/**
 * 1+N: the admin publishes the month's one mandatory theme; a street's organiser (or the admin)
 * publishes any number of special themes for that street. Past months are closed.
 */
export async function publishTheme(actor: Actor, input: ThemeInput): Promise<Theme> {
  if (input.kind === 'mandatory') {
    if (!isAdmin(actor)) throw forbidden('Only the city admin publishes the mandatory theme');
  } else {
    assertCan(
      actor,
      ['organizer'],
      { streetId: input.streetId },
      'Only an organiser of this street publishes its themes',
    );
    const org = await loadOrg();
    if (!org.streetById.has(input.streetId!) && !(await loadOrg(true)).streetById.has(input.streetId!)) {
      throw validationError('streetId', 'no such street');
    }
  }
  if (input.month < currentMonth()) throw validationError('month', 'must not be earlier than the current month');
  return putTheme(
    {
      id: newId(),
      month: input.month,
      kind: input.kind,
      title: input.title,
      description: input.description ?? null,
      streetId: input.kind === 'special' ? input.streetId! : null,
      createdAt: nowIso(),
    },
    actor.id,
  );
}

/** The month's "1" and "N"; special themes in publishing order. */
export async function monthThemes(month: string): Promise<MonthThemes> {
  const all = await listThemes(month);
  return {
    month,
    mandatory: all.find((t) => t.kind === 'mandatory') ?? null,
    special: all.filter((t) => t.kind === 'special').sort((a, b) => a.createdAt.localeCompare(b.createdAt)),
  };
}
