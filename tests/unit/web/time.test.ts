import fc from 'fast-check';
import { afterEach, describe, expect, it, vi } from 'vitest';
import {
  clock,
  DEFAULT_ZONE,
  dateOnly,
  dateTime,
  dayOf,
  dayTime,
  fieldsIn,
  fromZoneInput,
  loadZone,
  monthOf,
  sameDay,
  setZone,
  shortDateTime,
  toZoneInput,
  zone,
} from '../../../web/src/time.js';
import { timeRange } from '../../../web/src/pages/activities/data.js';

// 01:00 UTC is 09:00 in Shanghai and still the previous evening (21:00) in New York.
const NINE_IN_SHANGHAI = '2026-06-15T01:00:00.000Z';

afterEach(() => setZone(DEFAULT_ZONE));

describe('the web time helper formats in the deployment zone, not the phone’s', () => {
  it('shows a 09:00 Shanghai activity as 09:00 whatever zone the process runs in', () => {
    expect(clock(NINE_IN_SHANGHAI, 'Asia/Shanghai', 'zh')).toBe('09:00');
    expect(clock(NINE_IN_SHANGHAI, 'America/New_York', 'zh')).toBe('21:00');
    expect(dayTime(NINE_IN_SHANGHAI, 'Asia/Shanghai', 'zh')).toBe('6月15日周一 09:00');
    expect(dateOnly(NINE_IN_SHANGHAI, 'Asia/Shanghai', 'zh')).toBe('2026年6月15日');
    expect(dateOnly(NINE_IN_SHANGHAI, 'Asia/Shanghai', 'en')).toBe('15 June 2026');
    expect(dateTime(NINE_IN_SHANGHAI, true, 'Asia/Shanghai', 'zh')).toBe('2026年6月15日 09:00');
    expect(shortDateTime(NINE_IN_SHANGHAI, 'Asia/Shanghai', 'zh')).toBe('6/15 09:00');
  });

  it('uses the zone the API served for every formatter that is not told one', () => {
    expect(zone.get()).toBe(DEFAULT_ZONE);
    expect(clock(NINE_IN_SHANGHAI)).toBe('09:00');
    setZone('America/New_York');
    expect(clock(NINE_IN_SHANGHAI)).toBe('21:00');
    expect(dayOf(NINE_IN_SHANGHAI)).toBe('2026-06-14');
    expect(timeRange({ startsAt: NINE_IN_SHANGHAI, endsAt: '2026-06-15T03:00:00.000Z' })).toMatch(/21:00–23:00$/);
    setZone('Not/AZone'); // ignored: formatting never throws on a bad answer
    expect(zone.get()).toBe('America/New_York');
  });

  it('takes a fixed-offset zone from the API without building an Intl formatter (~0.3 s on a slow phone)', () => {
    setZone('America/New_York');
    const built = vi.spyOn(Intl, 'DateTimeFormat');
    try {
      setZone('Asia/Hong_Kong');
      expect(zone.get()).toBe('Asia/Hong_Kong');
      setZone('UTC');
      expect(zone.get()).toBe('UTC');
      expect(built).not.toHaveBeenCalled();
      setZone('Europe/Paris'); // any other name is still checked by Intl
      expect(built).toHaveBeenCalled();
      expect(zone.get()).toBe('Europe/Paris');
    } finally {
      built.mockRestore();
    }
  });

  it('takes the zone from GET /api/config and keeps the last one when offline', async () => {
    const asked: string[] = [];
    await loadZone((async (url: string) => {
      asked.push(url);
      return new Response(JSON.stringify({ timeZone: 'Europe/London' }), { status: 200 });
    }) as typeof fetch);
    expect(asked).toEqual(['/api/config']);
    expect(zone.get()).toBe('Europe/London');
    await loadZone((async () => {
      throw new TypeError('Failed to fetch');
    }) as typeof fetch);
    expect(zone.get()).toBe('Europe/London');
  });

  it('counts days and months in the zone: 23:30 on the last of the month is still that month', () => {
    const lateJan31 = '2025-01-31T15:30:00.000Z'; // 23:30 in Shanghai, 00:30 on 1 February in Tokyo
    expect(monthOf(lateJan31, 0, 'Asia/Shanghai')).toBe('2025-01');
    expect(monthOf(lateJan31, 0, 'Asia/Tokyo')).toBe('2025-02');
    expect(monthOf(lateJan31, 1, 'Asia/Shanghai')).toBe('2025-02');
    expect(monthOf('2024-12-10T00:00:00Z', 1, 'Asia/Shanghai')).toBe('2025-01');
    expect(monthOf('2025-01-10T00:00:00Z', -1, 'Asia/Shanghai')).toBe('2024-12');
    expect(sameDay('2026-06-15T15:59:00Z', '2026-06-15T16:00:00Z', 'Asia/Shanghai')).toBe(false);
    expect(sameDay('2026-06-15T00:00:00Z', '2026-06-15T15:59:00Z', 'Asia/Shanghai')).toBe(true);
  });

  it('reads and writes datetime-local fields as wall-clock time in the zone, summer time included', () => {
    expect(toZoneInput(NINE_IN_SHANGHAI, 'Asia/Shanghai')).toBe('2026-06-15T09:00');
    expect(fromZoneInput('2026-06-15T09:00', 'Asia/Shanghai')).toBe(NINE_IN_SHANGHAI);
    // New York: EDT (−4) in June, EST (−5) in January.
    expect(fromZoneInput('2026-06-15T09:00', 'America/New_York')).toBe('2026-06-15T13:00:00.000Z');
    expect(fromZoneInput('2026-01-15T09:00', 'America/New_York')).toBe('2026-01-15T14:00:00.000Z');
    for (const iso of ['2030-05-18T01:30:00.000Z', '2026-03-08T12:15:00.000Z', '2026-11-01T07:45:00.000Z']) {
      for (const tz of ['Asia/Shanghai', 'America/New_York', 'Asia/Kolkata']) {
        expect(fromZoneInput(toZoneInput(iso, tz), tz)).toBe(iso);
      }
    }
    expect(fromZoneInput('')).toBe('');
    expect(fromZoneInput('tomorrow')).toBe('');
  });

  it('gives the same calendar fields as Intl for the zones it computes by arithmetic (no summer time)', () => {
    const viaIntl = (t: number, tz: string) => {
      const parts = new Intl.DateTimeFormat('en-US', {
        timeZone: tz,
        year: 'numeric',
        month: 'numeric',
        day: 'numeric',
        hour: 'numeric',
        minute: 'numeric',
        hourCycle: 'h23',
      }).formatToParts(t);
      const get = (type: string) => Number(parts.find((p) => p.type === type)?.value);
      return { year: get('year'), month: get('month'), day: get('day'), hour: get('hour'), minute: get('minute') };
    };
    fc.assert(
      fc.property(
        fc.integer({ min: Date.UTC(1992, 0, 1), max: Date.UTC(2100, 0, 1) }),
        fc.constantFrom('Asia/Shanghai', 'Asia/Hong_Kong', 'UTC'),
        (t, tz) => {
          expect(fieldsIn(t, tz)).toEqual(viaIntl(t, tz));
        },
      ),
      { numRuns: 2000 },
    );
    // The edges: a month's last minute and the next month's first, in Shanghai.
    expect(fieldsIn('2025-01-31T15:59:00Z', 'Asia/Shanghai')).toEqual(
      viaIntl(Date.parse('2025-01-31T15:59:00Z'), 'Asia/Shanghai'),
    );
    expect(monthOf('2025-01-31T16:00:00Z', 0, 'Asia/Shanghai')).toBe('2025-02');
  });

  it('spells a list’s day-and-time and clock by hand exactly as Intl does, in both languages', () => {
    const viaIntl = (t: number, tz: string, l: 'zh' | 'en', options: Intl.DateTimeFormatOptions) =>
      new Intl.DateTimeFormat(l === 'zh' ? 'zh-CN' : 'en-GB', { ...options, timeZone: tz }).format(t);
    const hm = { hour: '2-digit', minute: '2-digit', hourCycle: 'h23' } as const;
    fc.assert(
      fc.property(
        fc.integer({ min: Date.UTC(1992, 0, 1), max: Date.UTC(2100, 0, 1) }),
        fc.constantFrom('Asia/Shanghai', 'Asia/Hong_Kong', 'UTC'),
        fc.constantFrom('zh' as const, 'en' as const),
        (t, tz, l) => {
          expect(dayTime(t, tz, l)).toBe(
            viaIntl(t, tz, l, { month: 'short', day: 'numeric', weekday: 'short', ...hm }),
          );
          expect(clock(t, tz, l)).toBe(viaIntl(t, tz, l, hm));
        },
      ),
      { numRuns: 2000 },
    );
    expect(dayTime(NINE_IN_SHANGHAI, 'Asia/Shanghai', 'en')).toBe('Mon 15 Jun, 09:00');
    // Zones with summer time still go through Intl.
    expect(dayTime('2026-07-01T13:00:00Z', 'America/New_York', 'en')).toBe('Wed 1 Jul, 09:00');
  });
});
