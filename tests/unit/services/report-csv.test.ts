import { describe, expect, it } from 'vitest';
import { csvField, reportCsv } from '../../../functions/services/report-csv.js';

describe('csvField', () => {
  it('quotes commas, quotes and line breaks', () => {
    expect(csvField('a,b')).toBe('"a,b"');
    expect(csvField('他说"好"')).toBe('"他说""好"""');
    expect(csvField('a\nb')).toBe('"a\nb"');
    expect(csvField(12)).toBe('12');
  });
  it('defuses formulas so a spreadsheet shows them as text', () => {
    expect(csvField('=HYPERLINK("x")')).toBe(`"'=HYPERLINK(""x"")"`);
    expect(csvField('+1')).toBe("'+1");
    expect(csvField('@a')).toBe("'@a");
    expect(csvField(-3)).toBe('-3');
  });
});

describe('reportCsv', () => {
  it('starts with a BOM, uses CRLF, and ends with the total row', () => {
    const csv = reportCsv({
      month: '2030-06',
      mandatory: null,
      streets: [
        {
          streetId: '01ARZ3NDEKTSV4RRFFQ69G5FAV',
          name: '回龙观街道',
          activities: 2,
          participants: 5,
          serviceMinutes: 90,
          specialThemes: 1,
          published: 3,
          communitiesCovered: 0,
          communitiesTotal: 3,
          corrections: { open: 0, overdue: 0 },
        },
      ],
      communities: [],
      totals: { activities: 2, participants: 5, serviceMinutes: 90 },
    });
    expect(csv.startsWith('\uFEFF月份 month,')).toBe(true);
    const lines = csv.slice(1).split('\r\n');
    expect(lines).toHaveLength(4);
    expect(lines[1]).toBe('2030-06,回龙观街道,2,5,90,1.5,1,0,3');
    expect(lines[2]).toBe('2030-06,合计 total,2,5,90,1.5,1,0,3');
    expect(lines[3]).toBe('');
  });

  it('lists each community the caller sees, named with its street, before the total', () => {
    const street = '01ARZ3NDEKTSV4RRFFQ69G5FAV';
    const csv = reportCsv({
      month: '2030-06',
      mandatory: null,
      streets: [],
      communities: [
        {
          communityId: '01ARZ3NDEKTSV4RRFFQ69G5FAW',
          name: '龙泽苑社区',
          streetId: street,
          activities: 1,
          participants: 2,
          serviceMinutes: 60,
          published: 1,
          covered: true,
        },
      ],
      totals: { activities: 1, participants: 2, serviceMinutes: 60 },
    });
    const lines = csv.slice(1).split('\r\n');
    expect(lines[1]).toBe('2030-06,龙泽苑社区,1,2,60,1.0,,1,1');
    expect(lines[2]).toBe('2030-06,合计 total,1,2,60,1.0,0,0,1');
  });
});
