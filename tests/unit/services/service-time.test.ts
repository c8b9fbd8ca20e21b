import { describe, expect, it } from 'vitest';
import {
  attendanceWindow,
  checkinWindow,
  durationMinutes,
  overlapMinutes,
  pointsFor,
} from '../../../functions/services/service-time.js';

const a = { startsAt: '2030-01-01T08:00:00.000Z', endsAt: '2030-01-01T10:00:00.000Z' };

describe('overlapMinutes', () => {
  it('counts only the part inside the activity, in whole minutes', () => {
    expect(overlapMinutes(a, '2030-01-01T07:40:00.000Z', '2030-01-01T08:45:59.999Z')).toBe(45);
    expect(overlapMinutes(a, '2030-01-01T08:30:00.000Z', '2030-01-01T11:00:00.000Z')).toBe(90);
    expect(overlapMinutes(a, '2030-01-01T07:00:00.000Z', '2030-01-01T12:00:00.000Z')).toBe(120);
  });
  it('is 0 without a check-out or without overlap', () => {
    expect(overlapMinutes(a, '2030-01-01T08:00:00.000Z', null)).toBe(0);
    expect(overlapMinutes(a, '2030-01-01T10:30:00.000Z', '2030-01-01T11:00:00.000Z')).toBe(0);
    expect(overlapMinutes(a, '2030-01-01T07:00:00.000Z', '2030-01-01T07:50:00.000Z')).toBe(0);
  });
});

describe('points and windows', () => {
  it('floors minutes × pointsPerHour / 60', () => {
    expect(pointsFor(45, 10)).toBe(7);
    expect(pointsFor(59, 1)).toBe(0);
    expect(pointsFor(60, 1)).toBe(1);
    expect(pointsFor(720, 100)).toBe(1200);
    expect(pointsFor(100, 0)).toBe(0);
  });
  it('knows the duration and the windows', () => {
    expect(durationMinutes(a)).toBe(120);
    expect(checkinWindow(a)).toEqual([Date.parse('2030-01-01T07:30:00.000Z'), Date.parse('2030-01-01T10:00:00.000Z')]);
    expect(attendanceWindow(a)).toEqual([
      Date.parse('2030-01-01T07:30:00.000Z'),
      Date.parse('2030-01-01T12:00:00.000Z'),
    ]);
  });
});
