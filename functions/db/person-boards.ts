import type { Metric } from '../../shared/schemas/leaderboards.js';

/**
 * One person's values on every people board, kept in ONE item (`personBoardsKey`) instead of one item
 * per board: a garbage credit used to move 9 board items (city, street, community × month, year, all),
 * each with a byScore index entry — 27 of the 37 write units of a credited scan. The item is written
 * once per person and projector batch; the ranked lists are the board tops (board-tops.ts).
 *
 * Values are kept per PLACE where they were earned (the community and street at earning time, or a
 * team), so city and street values are sums over places: a person who never moved has one place and
 * three entries per metric a month (month, year, all).
 */
export interface PersonBoards {
  /** Display name as last earned (masked when shown; overwritten when the account is closed). */
  name: string;
  /** Places: `c:<communityId>:<streetId>` (either may be empty) or `t:<teamId>`. */
  pl: string[];
  /** Values by `<metric code><period>@<place index>`, period `YYYY-MM`, `YYYY` or `all`. */
  b: Record<string, number>;
  /**
   * Garbage participation already counted (distinct participants of a bin community's day and month):
   * bin community → recent days / months. Replaces a marker item per (community, day, person).
   */
  gd: Record<string, string[]>;
  gm: Record<string, string[]>;
  /**
   * The recent drops of the person's cards, for the card-burst rule (projector/projections/card-marks.ts):
   * card → `<scannedAt ms, base 36>|<bin community>|<bin>`, pruned to what the rule can still need.
   * Replaces a window item per card and 10 minutes.
   */
  cm: Record<string, string[]>;
}

const CODE: Record<Metric, string> = { garbage_points: 'g', service_minutes: 'm', volunteer_points: 'v' };
const METRIC: Record<string, Metric> = { g: 'garbage_points', m: 'service_minutes', v: 'volunteer_points' };

/** The attribute of a community's totals item holding its value on one communities board (`g2026-12`). */
export const communityBoardAttr = (metric: Metric, period: string): string => `${CODE[metric]}${period}`;
/** The communities board (`C#<metric>#<period>`) of such an attribute, or undefined for another attribute. */
export function communityBoardOfAttr(attr: string): string | undefined {
  const metric = METRIC[attr[0] ?? ''];
  const period = attr.slice(1);
  return metric && /^(\d{4}(-\d{2})?|all)$/.test(period) ? `C#${metric}#${period}` : undefined;
}

export const emptyPersonBoards = (): PersonBoards => ({ name: '', pl: [], b: {}, gd: {}, gm: {}, cm: {} });

/** The state of a stored item (a deep copy: planning mutates it). */
export function personBoardsOf(it: Record<string, unknown> | undefined): PersonBoards {
  if (!it) return emptyPersonBoards();
  const lists = (x: unknown) =>
    Object.fromEntries(Object.entries((x as Record<string, string[]>) ?? {}).map(([k, v]) => [k, [...v]]));
  return {
    name: (it.name as string | undefined) ?? '',
    pl: [...((it.pl as string[] | undefined) ?? [])],
    b: { ...((it.b as Record<string, number> | undefined) ?? {}) },
    gd: lists(it.gd),
    gm: lists(it.gm),
    cm: lists(it.cm),
  };
}

export const clonePersonBoards = (p: PersonBoards): PersonBoards =>
  personBoardsOf(p as unknown as Record<string, unknown>);

export const personPlace = (communityId: string | null, streetId: string | null): string =>
  `c:${communityId ?? ''}:${streetId ?? ''}`;
export const teamPlace = (teamId: string): string => `t:${teamId}`;

/** Adds a value earned at a place in a period (integers; the boards only ever grow). */
export function addPersonValue(p: PersonBoards, metric: Metric, period: string, place: string, delta: number): void {
  let i = p.pl.indexOf(place);
  if (i < 0) {
    i = p.pl.length;
    p.pl.push(place);
  }
  const k = `${CODE[metric]}${period}@${i}`;
  p.b[k] = (p.b[k] ?? 0) + delta;
}

/** The people boards a place counts on: city, its street and community; or its team. */
function scopesOfPlace(place: string): string[] {
  if (place.startsWith('t:')) return [`team:${place.slice(2)}`];
  const [, communityId, streetId] = place.split(':') as [string, string, string];
  return ['city', ...(streetId ? [`street:${streetId}`] : []), ...(communityId ? [`community:${communityId}`] : [])];
}

/** Every people board (`P#metric#scope#period`) the person has a value on, with that value. */
export function personBoardValues(p: PersonBoards): Map<string, number> {
  const out = new Map<string, number>();
  for (const [k, v] of Object.entries(p.b)) {
    const at = k.lastIndexOf('@');
    const metric = METRIC[k[0]!];
    const place = p.pl[Number(k.slice(at + 1))];
    if (!metric || place === undefined) continue;
    const period = k.slice(1, at);
    for (const scope of scopesOfPlace(place)) {
      const board = `P#${metric}#${scope}#${period}`;
      out.set(board, (out.get(board) ?? 0) + v);
    }
  }
  return out;
}

/** The person's value on one people board (0 when none). */
export const personBoardValue = (p: PersonBoards, board: string): number => personBoardValues(p).get(board) ?? 0;
