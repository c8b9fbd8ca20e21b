import { describe, expect, it } from 'vitest';
import type { BinRecord } from '../../../functions/db/bins.js';
import type { HolderProfile } from '../../../functions/db/garbage-state.js';
import { creditItems, creditProfile } from '../../../functions/db/garbage-credit.js';
import { itemSize } from '../../../functions/db/cost-meter.js';
import { capCounts, chunkScans, planCredit, type Candidate } from '../../../functions/services/garbage.js';

const bin: BinRecord = { id: 'B', communityId: 'C', name: '1号', keyVersion: 1, createdAt: '' };
const rules = { pointsPerDrop: 1, dailyCap: 3 };
const profile = (p: Partial<HolderProfile> = {}): HolderProfile => ({
  id: 'U',
  name: '王',
  communityId: 'C',
  balance: 0,
  ver: 0,
  cards: new Set(),
  gcap: {},
  ...p,
});
const ctx = { userId: 'U', profile: profile(), streetId: 'S', bin, shard: 2 };
const withCap = (gcap: Record<string, number>) => ({ ...ctx, profile: profile({ gcap }) });

let n = 0;
const cand = (day: string, correct = true, cardNo = 'CARD0001'): Candidate => ({
  scanId: `s${n++}`,
  cardNo,
  category: 'kitchen',
  correct,
  scannedAt: `${day}T04:00:${String(n % 60).padStart(2, '0')}.000Z`,
  day,
  month: day.slice(0, 7),
  userId: 'U',
});

describe('planCredit', () => {
  it('gives each correct drop its points while the day has room, wrong drops 0', () => {
    const p = planCredit(ctx, [cand('2026-11-20'), cand('2026-11-20', false), cand('2026-11-20')], rules);
    expect(p.scans.map((s) => s.points)).toEqual([1, 0, 1]);
    expect(p.points).toBe(2);
    expect(p.gcap).toEqual({ '2026-11-20': 2 });
    expect(p.days.get('2026-11-20')).toEqual({ scans: 3, correct: 2, points: 2 });
    expect(p.months.get('2026-11')).toMatchObject({ scans: 3, correct: 2, points: 2 });
  });

  it('counts what the day already earned against the cap, per day', () => {
    const p = planCredit(
      withCap({ '2026-11-20': 2 }),
      [cand('2026-11-20'), cand('2026-11-20'), cand('2026-11-19'), cand('2026-11-19')],
      rules,
    );
    expect(p.points).toBe(3);
    expect(p.gcap).toEqual({ '2026-11-20': 3, '2026-11-19': 2 });
  });

  it('leaves the cap counts as they were when nothing is earned, and counts a full day’s correct drops still', () => {
    const p = planCredit(withCap({ '2026-11-20': 3 }), [cand('2026-11-20'), cand('2026-11-20')], rules);
    expect(p.points).toBe(0);
    expect(p.gcap).toEqual({ '2026-11-20': 3 });
    expect(p.days.get('2026-11-20')).toMatchObject({ scans: 2, correct: 2, points: 0 });
  });

  it('splits the last drop when points per drop exceed the room', () => {
    const p = planCredit(ctx, [cand('2026-11-20'), cand('2026-11-20')], { pointsPerDrop: 2, dailyCap: 3 });
    expect(p.scans.map((s) => s.points)).toEqual([2, 1]);
  });

  it('counts each day and month of scannedAt apart, with the month’s last drop time', () => {
    const p = planCredit(ctx, [cand('2026-11-20'), cand('2026-11-21', false), cand('2026-12-01')], rules);
    expect(p.days.get('2026-11-20')).toEqual({ scans: 1, correct: 1, points: 1 });
    expect(p.days.get('2026-11-21')).toEqual({ scans: 1, correct: 0, points: 0 });
    expect(p.months.get('2026-11')).toMatchObject({ scans: 2, correct: 1, points: 1 });
    expect(p.months.get('2026-11')!.lastAt.startsWith('2026-11-21')).toBe(true);
    expect(p.months.get('2026-12')).toMatchObject({ scans: 1, correct: 1, points: 1 });
  });

  it('names each distinct card once for its ownership check', () => {
    const p = planCredit(
      ctx,
      [
        cand('2026-11-20', true, 'A1234567'),
        cand('2026-11-20', true, 'A1234567'),
        cand('2026-11-20', true, 'B1234567'),
      ],
      rules,
    );
    expect(p.cards).toEqual(['A1234567', 'B1234567']);
  });

  it('checks a card the profile lists on the profile, and only an unlisted one by its card item', () => {
    const p = planCredit(
      { ...ctx, profile: profile({ cards: new Set(['A1234567']), ver: 4 }) },
      [cand('2026-11-20', true, 'A1234567'), cand('2026-11-20', true, 'B1234567')],
      rules,
    );
    const checks = creditItems(p, null, '2026-11-20T05:00:00.000Z').filter((i) => i.ConditionCheck);
    expect(checks.map((i) => i.ConditionCheck!.Key)).toEqual([{ pk: 'CARD#B1234567', sk: 'CARD' }]);
    const part = creditProfile(p, 5);
    expect(part.condition).toBe('contains(cards, :q0)');
    expect(part.values).toEqual({ ':q0': 'A1234567' });
  });

  it('puts each day’s share on the profile for the projector, with the version the credit writes', () => {
    const p = planCredit(ctx, [cand('2026-11-20'), cand('2026-11-21', false)], rules);
    const { set } = creditProfile(p, 7);
    expect(set.gcap).toEqual({ '2026-11-20': 1 });
    expect(set.src).toMatchObject({
      ver: 7,
      days: [
        { slot: 2, day: '2026-11-20', binId: 'B', binCommunityId: 'C', scans: 1, correct: 1, points: 1, streetId: 'S' },
        { slot: 3, day: '2026-11-21', scans: 1, correct: 0, points: 0 },
      ],
    });
    // The profile lists no card here: the one card is checked on its item.
    expect(creditItems(p, null, '2026-11-21T05:00:00.000Z').filter((i) => i.ConditionCheck)).toHaveLength(1);
  });
});

describe('the profile a credit writes', () => {
  it('stays within one write unit for a resident with two cards, a role, 9 days of cap counts and a 3-drop share', () => {
    // Every credit rewrites the profile as a transaction item: 2 write units per KB — over 1 KB it costs 4.
    const gcap = Object.fromEntries(Array.from({ length: 8 }, (_, i) => [`2026-11-1${i + 1}`, 3]));
    const id = '01KV4G5GRR7N5546FVQHBCTEV2';
    const community = '01KV4G5F7Q9HNWC30A21JVSDKZ';
    const p = planCredit(
      {
        ...ctx,
        streetId: '01KV4G5F73R3YGCZ8XW188VAP2',
        profile: profile({ id, gcap, cards: new Set(['TXS5QDX8FVH001', 'TXS5QDX8FVH002']) }),
      },
      [cand('2026-11-19', true, 'TXS5QDX8FVH001'), cand('2026-11-19', true, 'TXS5QDX8FVH002'), cand('2026-11-19')],
      rules,
    );
    const written = {
      pk: `USER#${id}`,
      sk: 'PROFILE',
      type: 'USER',
      id,
      phone: '13886186406',
      name: '王秀英奶奶',
      balance: 12_345,
      serviceMinutes: 12_000,
      ver: 4321,
      createdAt: '2026-06-15T02:01:01.976Z',
      consentVersion: '2026-06',
      consentAt: '2026-06-15T02:01:01.976Z',
      communityId: community,
      gpk: `COMMUNITY#${community}#RESIDENTS`,
      gsk: `王秀英奶奶#${id}`,
      roles: [{ role: 'volunteer', scope: `community:${community}` }],
      cards: new Set(['TXS5QDX8FVH001', 'TXS5QDX8FVH002']),
      ...creditProfile({ ...p, bin: { ...p.bin, id: '01KV4G5FX300T89T54WXSZ65N8', communityId: community } }, 4322).set,
    };
    expect(itemSize(written)).toBeLessThanOrEqual(1024);
  });
});

describe('capCounts', () => {
  it('adds the new points per day and keeps only the days a scan can still be credited on', () => {
    const before = { '2026-11-10': 3, '2026-11-12': 2, '2026-11-19': 1 };
    const after = capCounts(
      before,
      new Map([
        ['2026-11-20', 2],
        ['2026-11-19', 1],
      ]),
    );
    // The newest day 2026-11-20 keeps 9 days back (7-day stale window and two days of margin): from 2026-11-12.
    expect(after).toEqual({ '2026-11-12': 2, '2026-11-19': 2, '2026-11-20': 2 });
  });

  it('leaves the counts alone when nothing is added', () => {
    expect(capCounts({ '2026-11-20': 3 }, new Map([['2026-11-20', 0]]))).toEqual({ '2026-11-20': 3 });
  });
});

describe('chunkScans', () => {
  it('keeps a small holder in one transaction', () => {
    expect(chunkScans(Array.from({ length: 10 }, () => cand('2026-11-20')))).toHaveLength(1);
  });

  it('splits 200 scans of one holder so each piece fits 100 items', () => {
    const scans = Array.from({ length: 200 }, (_, i) =>
      cand(`2026-11-${String(15 + (i % 6)).padStart(2, '0')}`, true, `C${i % 3}234567`),
    );
    const chunks = chunkScans(scans);
    expect(chunks.length).toBeGreaterThan(1);
    expect(chunks.flat()).toEqual(scans);
    for (const [i, c] of chunks.entries()) {
      // the items commitCredit writes: the ledger core's 2 (profile, entry) and ours (card checks, dedupe items)
      const items = creditItems(planCredit(ctx, c, rules), null, '2026-11-21T00:00:00.000Z');
      expect(2 + items.length).toBeLessThanOrEqual(100);
      // and every piece but the last is (nearly) full: no transaction more than needed
      if (i < chunks.length - 1) expect(2 + items.length).toBeGreaterThan(90);
    }
  });
});
