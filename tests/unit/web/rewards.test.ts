import { describe, expect, it } from 'vitest';
import { MAX_IMAGE_DATA_URL } from '../../../shared/schemas/rewards.js';
import { barScale } from '../../../web/src/pages/rewards/chart.js';
import { MAX_PICTURE_CHARS } from '../../../web/src/pages/rewards/image.js';
import {
  giftState,
  groupCode,
  maxQuantity,
  newIdempotencyKey,
  timeLeft,
  unitsByGift,
  type GiftFacts,
} from '../../../web/src/pages/rewards/logic.js';
import { isMonth, shiftMonth } from '../../../web/src/pages/rewards/month.js';
import { liabilityScopes, managedCommunities } from '../../../web/src/pages/rewards/scopes.js';

const NOW = Date.parse('2025-06-15T08:00:00Z');
const gift = (over: Partial<GiftFacts> = {}): GiftFacts => ({
  cost: 100,
  stock: 5,
  limitPerUser: null,
  availableFrom: null,
  availableUntil: null,
  active: true,
  ...over,
});

describe('giftState', () => {
  it('is ok with points, stock and no limit reached', () => {
    expect(giftState(gift(), 100, 0, NOW)).toBe('ok');
  });

  it('names the first reason a resident should hear', () => {
    expect(giftState(gift({ active: false, stock: 0 }), 0, 0, NOW)).toBe('inactive');
    expect(giftState(gift({ availableFrom: '2025-06-16T00:00:00Z' }), 500, 0, NOW)).toBe('not-yet');
    expect(giftState(gift({ availableUntil: '2025-06-15T08:00:00Z' }), 500, 0, NOW)).toBe('ended');
    expect(giftState(gift({ stock: 0 }), 50, 0, NOW)).toBe('out-of-stock');
    expect(giftState(gift({ limitPerUser: 2 }), 50, 2, NOW)).toBe('limit-reached');
    expect(giftState(gift(), 99, 0, NOW)).toBe('insufficient');
  });

  it('is open inside the window', () => {
    const open = gift({ availableFrom: '2025-06-15T07:59:59Z', availableUntil: '2025-06-15T08:00:01Z' });
    expect(giftState(open, 100, 0, NOW)).toBe('ok');
  });
});

describe('maxQuantity', () => {
  it('is bounded by 10, the stock, what is left of the limit, and the points', () => {
    expect(maxQuantity(gift({ cost: 1, stock: 100 }), 1000, 0)).toBe(10);
    expect(maxQuantity(gift({ stock: 3 }), 1000, 0)).toBe(3);
    expect(maxQuantity(gift({ limitPerUser: 3 }), 1000, 1)).toBe(2);
    expect(maxQuantity(gift(), 250, 0)).toBe(2);
  });

  it('is at least 1 (the API answers why not)', () => {
    expect(maxQuantity(gift({ stock: 0 }), 0, 0)).toBe(1);
  });
});

describe('timeLeft', () => {
  it('splits the time left into days, hours and minutes, rounding up to the minute', () => {
    expect(timeLeft('2025-06-22T08:00:00Z', NOW)).toEqual({ days: 7, hours: 0, minutes: 0 });
    expect(timeLeft('2025-06-16T10:30:00Z', NOW + 1000)).toEqual({ days: 1, hours: 2, minutes: 30 });
    expect(timeLeft('2025-06-15T08:00:01Z', NOW)).toEqual({ days: 0, hours: 0, minutes: 1 });
  });

  it('is null once the time has come', () => {
    expect(timeLeft('2025-06-15T08:00:00Z', NOW)).toBeNull();
    expect(timeLeft('2025-06-15T07:00:00Z', NOW)).toBeNull();
    expect(timeLeft('not a time', NOW)).toBeNull();
  });
});

describe('pickup helpers', () => {
  it('groups a 6-digit code in threes, leaving anything else alone', () => {
    expect(groupCode('012345')).toBe('012 345');
    expect(groupCode('12345')).toBe('12345');
  });

  it('counts units per gift against the limit, without cancelled ones', () => {
    const units = unitsByGift([
      { rewardId: 'a', quantity: 2, status: 'reserved' },
      { rewardId: 'a', quantity: 1, status: 'fulfilled' },
      { rewardId: 'a', quantity: 5, status: 'cancelled' },
      { rewardId: 'b', quantity: 1, status: 'cancelled' },
    ]);
    expect(units.get('a')).toBe(3);
    expect(units.get('b')).toBeUndefined();
  });

  it('makes a new 32-hex-character Idempotency-Key each time (the API takes 8–64 visible characters)', () => {
    const keys = new Set(Array.from({ length: 50 }, newIdempotencyKey));
    expect(keys.size).toBe(50);
    for (const k of keys) expect(k).toMatch(/^[0-9a-f]{32}$/);
  });

  it('keeps the upload limit of the web equal to the API’s', () => {
    expect(MAX_PICTURE_CHARS).toBe(MAX_IMAGE_DATA_URL);
  });
});

describe('barScale', () => {
  it('maps 0…max onto the width', () => {
    const s = barScale([0, 50, 100], 200);
    expect(s.zero).toBe(0);
    expect(s.bar(100)).toEqual({ x: 0, width: 200 });
    expect(s.bar(50)).toEqual({ x: 0, width: 100 });
    expect(s.bar(0)).toEqual({ x: 0, width: 0 });
  });

  it('draws negative values leftwards from a zero line inside the chart', () => {
    const s = barScale([-100, 300], 400);
    expect(s.zero).toBe(100);
    expect(s.bar(-100)).toEqual({ x: 0, width: 100 });
    expect(s.bar(300)).toEqual({ x: 100, width: 300 });
  });

  it('keeps a tiny non-zero value visible, and survives all zeros', () => {
    expect(barScale([1, 100_000], 300).bar(1).width).toBe(2);
    const flat = barScale([0, 0], 300);
    expect(flat.bar(0)).toEqual({ x: 0, width: 0 });
    expect(Number.isFinite(flat.zero)).toBe(true);
  });
});

describe('months', () => {
  it('moves across year ends both ways', () => {
    expect(shiftMonth('2025-01', -1)).toBe('2024-12');
    expect(shiftMonth('2024-12', 1)).toBe('2025-01');
    expect(shiftMonth('2025-06', -18)).toBe('2023-12');
  });

  it('knows a valid month when it sees one', () => {
    expect(isMonth('2025-12')).toBe(true);
    expect(isMonth('2025-13')).toBe(false);
    expect(isMonth(null)).toBe(false);
  });
});

describe('scopes', () => {
  const org = {
    streets: [
      {
        id: 'S1',
        name: '回龙观街道',
        communities: [
          { id: 'C1', name: '龙泽苑社区' },
          { id: 'C2', name: '流星花园社区' },
        ],
      },
      { id: 'S2', name: '天通苑北街道', communities: [{ id: 'C3', name: '佳运园社区' }] },
    ],
  };

  it('gives staff their community, a street organiser the street’s, the admin all', () => {
    expect(managedCommunities([{ role: 'staff', scope: 'community:C3' }], org).map((c) => c.id)).toEqual(['C3']);
    expect(managedCommunities([{ role: 'organizer', scope: 'street:S1' }], org).map((c) => c.id)).toEqual(['C1', 'C2']);
    expect(managedCommunities([{ role: 'admin', scope: 'city' }], org).map((c) => c.id)).toEqual(['C1', 'C2', 'C3']);
    expect(managedCommunities([{ role: 'leader', scope: 'team:T1' }], org)).toEqual([]);
    // Staff is a community role: a street-scoped staff grant means nothing here.
    expect(managedCommunities([{ role: 'staff', scope: 'street:S1' }], org)).toEqual([]);
  });

  it('lets the admin read the city and organisers their street or community', () => {
    expect(
      liabilityScopes(
        [
          { role: 'admin', scope: 'city' },
          { role: 'organizer', scope: 'community:C3' },
          { role: 'staff', scope: 'community:C1' },
        ],
        org,
        '全区',
      ),
    ).toEqual([
      { scope: 'city', label: '全区' },
      { scope: 'community:C3', label: '佳运园社区' },
    ]);
    expect(liabilityScopes([{ role: 'organizer', scope: 'street:S2' }], org, '全区')).toEqual([
      { scope: 'street:S2', label: '天通苑北街道' },
    ]);
  });
});
