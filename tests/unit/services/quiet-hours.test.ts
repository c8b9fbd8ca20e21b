import { describe, expect, it } from 'vitest';
import { isQuiet, shortLocalTime, smsDueAt } from '../../../functions/services/quiet-hours.js';

const SH = 'Asia/Shanghai';

describe('quiet hours (21:00–08:00 local)', () => {
  it('lets a text go at once in the day, up to 20:59', () => {
    const day = Date.parse('2030-06-01T02:00:00.000Z'); // 10:00 in Shanghai
    expect(isQuiet(day, SH)).toBe(false);
    expect(smsDueAt(day, SH)).toBe(day);
    const late = Date.parse('2030-06-01T12:59:59.000Z'); // 20:59:59
    expect(smsDueAt(late, SH)).toBe(late);
  });

  it('holds a text from 21:00 until 08:00 the next morning', () => {
    expect(smsDueAt(Date.parse('2030-06-01T13:00:00.000Z'), SH)).toBe(Date.parse('2030-06-02T00:00:00.000Z'));
    expect(smsDueAt(Date.parse('2030-06-01T15:59:00.000Z'), SH)).toBe(Date.parse('2030-06-02T00:00:00.000Z'));
  });

  it('holds a text after midnight until 08:00 the same morning, across a month end', () => {
    // 00:30 on 1 July in Shanghai is 16:30 UTC on 30 June.
    expect(smsDueAt(Date.parse('2030-06-30T16:30:00.000Z'), SH)).toBe(Date.parse('2030-07-01T00:00:00.000Z'));
    expect(smsDueAt(Date.parse('2030-06-30T23:59:00.000Z'), SH)).toBe(Date.parse('2030-07-01T00:00:00.000Z'));
  });

  it('counts in the configured zone, including across a daylight-saving change', () => {
    // New York, the night the clocks go forward (2030-03-10): 22:00 EST → 08:00 EDT = 12:00 UTC.
    expect(smsDueAt(Date.parse('2030-03-10T03:00:00.000Z'), 'America/New_York')).toBe(
      Date.parse('2030-03-10T12:00:00.000Z'),
    );
  });

  it('says when in local MM-DD HH:mm', () => {
    expect(shortLocalTime('2030-06-30T16:30:00.000Z', SH)).toBe('07-01 00:30');
  });
});
