import { describe, expect, it } from 'vitest';
import { haversineMeters } from '../../../functions/services/geo.js';

describe('haversineMeters', () => {
  it('is 0 for the same point', () => {
    expect(haversineMeters({ lat: 40.07, lng: 116.33 }, { lat: 40.07, lng: 116.33 })).toBe(0);
  });

  it('gives ~111.2 km per degree of latitude', () => {
    const d = haversineMeters({ lat: 40, lng: 116 }, { lat: 41, lng: 116 });
    expect(d).toBeGreaterThan(111_100);
    expect(d).toBeLessThan(111_300);
  });

  it('shrinks a degree of longitude by cos(latitude)', () => {
    const d = haversineMeters({ lat: 40, lng: 116 }, { lat: 40, lng: 117 });
    expect(d).toBeGreaterThan(85_100);
    expect(d).toBeLessThan(85_300);
  });

  it('measures Tiananmen to the Huilongguan area (~20 km)', () => {
    const d = haversineMeters({ lat: 39.9087, lng: 116.3975 }, { lat: 40.0794, lng: 116.3264 });
    expect(d).toBeGreaterThan(19_500);
    expect(d).toBeLessThan(20_500);
  });

  it('is symmetric and handles antipodes', () => {
    const a = { lat: 10, lng: 20 };
    const b = { lat: -10, lng: -160 };
    expect(haversineMeters(a, b)).toBeCloseTo(haversineMeters(b, a), 6);
    expect(haversineMeters(a, b)).toBeCloseTo(Math.PI * 6_371_008.8, 0);
  });
});
