import { describe, expect, it } from 'vitest';
import {
  checkinLink,
  checkinOpen,
  checkoutOpen,
  codeFromScan,
  type Activity,
} from '../../../web/src/pages/activities/data.js';

const ID = '01JABCDEFGHJKMNPQRSTVWXYZ0';
const OTHER = '01JZZZZZZZZZZZZZZZZZZZZZZZ';

describe('codeFromScan', () => {
  it('reads the code from our check-in link of the same activity', () => {
    expect(codeFromScan(checkinLink('https://cp.example', ID, '042917'), ID)).toEqual({ code: '042917' });
  });
  it('reads a bare 6-digit code', () => {
    expect(codeFromScan(' 123456 ', ID)).toEqual({ code: '123456' });
  });
  it('says when the link is of another activity', () => {
    expect(codeFromScan(checkinLink('https://cp.example', OTHER, '042917'), ID)).toEqual({ otherActivity: true });
  });
  it('rejects anything else', () => {
    expect(codeFromScan('https://example.com/?code=123456', ID)).toBeNull();
    expect(codeFromScan(`https://cp.example/activities/${ID}?code=12345`, ID)).toBeNull();
    expect(codeFromScan('WIFI:S:net;;', ID)).toBeNull();
    expect(codeFromScan('1234567', ID)).toBeNull();
  });
});

describe('windows as the API rules them', () => {
  const a = { startsAt: '2030-01-01T08:00:00.000Z', endsAt: '2030-01-01T10:00:00.000Z' } as Activity;
  const at = (iso: string) => Date.parse(iso);
  it('opens check-in 30 minutes before the start until the end', () => {
    expect(checkinOpen(a, at('2030-01-01T07:29:59.000Z'))).toBe(false);
    expect(checkinOpen(a, at('2030-01-01T07:30:00.000Z'))).toBe(true);
    expect(checkinOpen(a, at('2030-01-01T10:00:00.000Z'))).toBe(true);
    expect(checkinOpen(a, at('2030-01-01T10:00:01.000Z'))).toBe(false);
  });
  it('keeps check-out open until 2 hours after the end', () => {
    expect(checkoutOpen(a, at('2030-01-01T12:00:00.000Z'))).toBe(true);
    expect(checkoutOpen(a, at('2030-01-01T12:00:01.000Z'))).toBe(false);
  });
});
