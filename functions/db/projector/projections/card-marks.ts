import { cardMarksOf, pruneCardMarks } from '../flags/card-bursts.js';
import type { Projection } from '../projection.js';

/**
 * The card-burst window, kept in the person's totals item (`cm`), which the projector rewrites with its
 * guard in every batch that has the person's events anyway: the card's recent drops cost no write of
 * their own (they used to be a window item per card and 10 minutes, 1 WRU on every scan). Writes nothing
 * else; the flag is raised after the commit from what the totals then hold (card-bursts.ts).
 */
export const cardMarksProjection: Projection = {
  name: 'card-marks',
  plan(events, _ctx, person) {
    let added = false;
    for (const e of events) {
      for (const [cardNo, m] of cardMarksOf(e)) {
        (person.cm[cardNo] ??= []).push(m);
        added = true;
      }
    }
    if (added) pruneCardMarks(person.cm);
    return Promise.resolve([]);
  },
};
