import { describe, expect, it } from 'vitest';
import {
  CARD_MARKS_KEEP_MS,
  CARD_MARKS_PER_CARD,
  cardMarksOf,
  markTime,
  pruneCardMarks,
} from '../../../functions/db/projector/flags/card-bursts.js';
import type { SourceEvent } from '../../../functions/db/projector/source.js';

const MIN = 60_000;
const T0 = Date.parse('2026-11-20T04:00:00Z');
const mark = (t: number, c = 'C1', bin = 'B1') => `${t.toString(36)}|${c}|${bin}`;

describe('card marks in the holder totals (card-burst window)', () => {
  it('turns a garbage day share into one mark per scan, with the bin and its community', () => {
    const e = {
      kind: 'garbage-day',
      src: { binId: 'B7', binCommunityId: 'C3', marks: [`${T0}|CARD0001`, `${T0 + MIN}|CARD0002`] },
    } as unknown as SourceEvent;
    expect(cardMarksOf(e)).toEqual([
      ['CARD0001', mark(T0, 'C3', 'B7')],
      ['CARD0002', mark(T0 + MIN, 'C3', 'B7')],
    ]);
    expect(markTime(cardMarksOf(e)[1]![1])).toBe(T0 + MIN);
    // A day item written before marks existed, or another source kind, has none.
    expect(cardMarksOf({ ...e, src: { binId: 'B7', binCommunityId: 'C3' } })).toEqual([]);
    expect(cardMarksOf({ ...e, kind: 'ledger' })).toEqual([]);
  });

  it('keeps only the drops within 2 × 10 min of the person’s newest, per card in time order, and drops empty cards', () => {
    const cm: Record<string, string[]> = {
      A: [mark(T0 + 25 * MIN), mark(T0), mark(T0 + 5 * MIN), mark(T0 + 30 * MIN)],
      // Another card of the same person, last used long before the newest drop: nothing left to judge.
      B: [mark(T0 - 60 * MIN)],
    };
    pruneCardMarks(cm);
    expect(cm).toEqual({ A: [mark(T0 + 25 * MIN), mark(T0 + 30 * MIN)] });
    expect(markTime(cm.A![0]!)).toBeGreaterThanOrEqual(T0 + 30 * MIN - CARD_MARKS_KEEP_MS);
    // Exactly at the edge is kept (the rule's windows are half-open at their end, not at their start).
    const edge = { A: [mark(T0), mark(T0 + CARD_MARKS_KEEP_MS)] };
    pruneCardMarks(edge);
    expect(edge.A).toHaveLength(2);
  });

  it('bounds an abused card to the newest CARD_MARKS_PER_CARD drops', () => {
    const cm = { A: Array.from({ length: 40 }, (_, i) => mark(T0 + i * 10_000)) };
    pruneCardMarks(cm);
    expect(cm.A).toHaveLength(CARD_MARKS_PER_CARD);
    expect(markTime(cm.A[0]!)).toBe(T0 + (40 - CARD_MARKS_PER_CARD) * 10_000);
    expect(markTime(cm.A.at(-1)!)).toBe(T0 + 39 * 10_000);
  });
});
