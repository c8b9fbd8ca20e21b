import { describe, expect, it } from 'vitest';
import { apiPeriod, apiScope, valueText, viewFromQuery } from '../../../web/src/pages/leaderboards/view.js';

const q = (s: string) => new URLSearchParams(s);
const units = { hours: '小时', points: '分' };

describe('leaderboard page view', () => {
  it('defaults to people, service hours, my community, this month', () => {
    expect(viewFromQuery(q(''), true)).toEqual({
      tab: 'people',
      metric: 'service_minutes',
      scope: 'community',
      period: 'month',
    });
  });

  it('falls back to the district without a community of one’s own', () => {
    expect(viewFromQuery(q('scope=street'), false).scope).toBe('city');
  });

  it('ranks teams by service minutes whatever the URL says, and ignores unknown values', () => {
    expect(viewFromQuery(q('tab=teams&metric=garbage_points'), true).metric).toBe('service_minutes');
    expect(viewFromQuery(q('tab=x&metric=y&scope=z&period=w'), true)).toEqual(viewFromQuery(q(''), true));
  });

  it('builds the API scope and period', () => {
    expect(apiScope('community', 'C1', 'S1')).toBe('community:C1');
    expect(apiScope('street', 'C1', 'S1')).toBe('street:S1');
    expect(apiScope('street', 'C1', null)).toBe('city');
    expect(apiScope('city', 'C1', 'S1')).toBe('city');
    const now = { month: '2026-11', year: '2026' };
    expect([apiPeriod('month', now), apiPeriod('year', now), apiPeriod('all', now)]).toEqual([
      '2026-11',
      '2026',
      'all',
    ]);
  });

  it('shows minutes as hours and points as whole numbers', () => {
    expect(valueText('service_minutes', 90, units)).toBe('1.5 小时');
    expect(valueText('garbage_points', 12345, units)).toBe('12,345 分');
  });
});
