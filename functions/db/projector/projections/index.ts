import type { Projection } from '../projection.js';
import { boardsProjection } from './boards.js';
import { cardMarksProjection } from './card-marks.js';
import { garbageStatsProjection } from './garbage-stats.js';
import { liabilityProjection } from './liability.js';
import { volunteerProjection } from './volunteer.js';

/**
 * Every projection the projector maintains, each in its own module. A new consumer (notifications,
 * review flags, statistics) is one more module here; it gets every new source event exactly once.
 */
export const projections: Projection[] = [
  liabilityProjection,
  boardsProjection,
  garbageStatsProjection,
  volunteerProjection,
  cardMarksProjection,
];
