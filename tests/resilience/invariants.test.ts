import { describe, expect, it } from 'vitest';
import { checkInvariants, type Item } from '../fixtures/invariants.js';

/**
 * The invariant checker the resilience suite relies on must itself be able to fail: a consistent
 * little table passes, and each kind of damage a crash or a double delivery could do is reported.
 */
const U = 'U1';
/** A drop as the holder's totals keep it: `<scannedAt ms, base 36>|<bin community>|<bin>`. */
const DROP = `${Date.parse('2026-11-20T04:00:00.000Z').toString(36)}|C1|B1`;
const entry = (id: string, delta: number, balanceAfter: number, reason: string, ref: string): Item => ({
  pk: `USER#${U}`,
  sk: `LEDGER#${id}`,
  type: 'LEDGER',
  id,
  userId: U,
  delta,
  balanceAfter,
  reason,
  ref,
});

/** The top lists of the person's boards below (place c:C1:S1: city, street S1, community C1; all time). */
const tops = (): Item[] =>
  Object.entries({ service_minutes: 60, volunteer_points: 30, garbage_points: 2 }).flatMap(([metric, v]) =>
    ['city', 'street:S1', 'community:C1'].map((scope) => ({
      pk: `LBTOP#P#${metric}#${scope}#all`,
      sk: 'TOP',
      type: 'LBTOP',
      board: `P#${metric}#${scope}#all`,
      rows: { [U]: v },
      truncated: false,
      v: 1,
    })),
  );

/** The community C1's totals (what its resident earned there) and its communities boards' lists (all time). */
const communityBoards = (): Item[] => [
  { pk: 'LB#COMMUNITY#C1', sk: 'TOTALS', type: 'LBC', subjectId: 'C1', mall: 60, vall: 30, gall: 2 },
  ...Object.entries({ service_minutes: 60, volunteer_points: 30, garbage_points: 2 }).map(([metric, v]) => ({
    pk: `LBTOP#C#${metric}#all`,
    sk: 'TOP',
    type: 'LBTOP',
    board: `C#${metric}#all`,
    shard: 0,
    rows: { C1: v },
    truncated: false,
    v: 1,
  })),
];

function consistent(): Item[] {
  return [
    ...tops(),
    ...communityBoards(),
    {
      pk: `USER#${U}`,
      sk: 'PROFILE',
      type: 'USER',
      id: U,
      balance: 27,
      serviceMinutes: 60,
      gcap: { '2026-11-19': 0, '2026-11-20': 2 },
    },
    entry('01', 30, 30, 'volunteer', 'activity:A1'),
    entry('02', -10, 20, 'redeem', 'redemption:R1'),
    entry('03', 5, 25, 'adjust', 'adjustment:x'),
    entry('04', 2, 27, 'garbage', 'bin:B1:s1'),
    { pk: 'LIAB#C1', sk: 'TOTAL', volunteer: 30, redeem: -10, adjust: 5, garbage: 2 },
    ...['s1', 's2', 's3'].map((id, i) => ({
      pk: 'BIN#B1',
      sk: `SCAN#${id}`,
      type: 'SCAN',
      binId: 'B1',
      communityId: 'C1',
      userId: U,
      cardNo: 'CARD0001',
      scannedAt: '2026-11-20T04:00:00.000Z',
      correct: i < 2,
      points: i < 2 ? 1 : 0,
      ...(i < 2 ? { entryId: '04' } : {}),
    })),
    { pk: 'GSTAT#C1#2026-11', sk: 'STAT#M#0', scans: 3, correct: 2, points: 2, participants: 1 },
    { pk: 'GSTAT#C1#2026-11', sk: 'STAT#D#2026-11-20#3', scans: 3, correct: 2, points: 2, participants: 1 },
    { pk: 'GSTAT#C1#2026-11', sk: 'STAT#B#B1#0', scans: 3, correct: 2, points: 2 },
    // The person's totals: board values by place (c:<community>:<street>) and the participation counted.
    {
      pk: `LB#USER#${U}`,
      sk: 'TOTALS',
      type: 'LBP',
      pl: ['c:C1:S1'],
      b: { 'mall@0': 60, 'vall@0': 30, 'gall@0': 2 },
      gd: { C1: ['2026-11-20'] },
      gm: { C1: ['2026-11'] },
      // The card-burst window: the three drops of 04:00 at B1 (two kept, as a pruned window may).
      cm: { CARD0001: [DROP, DROP] },
    },
    {
      pk: 'ACT#A1',
      sk: 'META',
      type: 'ACTIVITY',
      id: 'A1',
      status: 'confirmed',
      creditedMinutes: 60,
      creditedPoints: 30,
      participants: 1,
    },
    { pk: 'ACT#A1', sk: `ATT#${U}`, type: 'ATTENDANCE', userId: U },
    { pk: 'ACT#A1', sk: `CREDIT#${U}`, type: 'CREDIT', activityId: 'A1', userId: U, minutes: 60, points: 30 },
    { pk: `USER#${U}`, sk: 'SERVICE#x#A1', type: 'SERVICE', userId: U, activityId: 'A1' },
    { pk: 'REWARD#G1', sk: 'META', type: 'REWARD', id: 'G1', stock: 2, redeemed: 1 },
    {
      pk: 'REDEMPTION#R1',
      sk: 'META',
      type: 'REDEMPTION',
      id: 'R1',
      rewardId: 'G1',
      userId: U,
      quantity: 1,
      cost: 10,
      status: 'reserved',
      pickupCode: '123456',
    },
    { pk: 'PICKUP#C1', sk: 'CODE#123456', type: 'PICKUP', redemptionId: 'R1' },
    { pk: `USER#${U}`, sk: 'REDEEMED#G1', count: 1 },
    { pk: `IDEM#${U}#k1`, sk: 'IDEM', type: 'IDEM', redemptionId: 'R1', response: { id: 'R1' } },
  ];
}

const damaged = (change: (items: Item[]) => void): string[] => {
  const items = consistent();
  change(items);
  return checkInvariants(items, { initialStock: new Map([['G1', 3]]), dailyCap: 3 });
};
/** The item with this sort key (the person's, for TOTALS), or with this key. */
const find = (items: Item[], sk: string, pk?: string) =>
  items.find((i) => i.sk === sk && (pk ? i.pk === pk : sk !== 'TOTALS' || String(i.pk).startsWith('LB#USER#')))!;

describe('the invariant checker', () => {
  it('passes a consistent table', () => {
    expect(checkInvariants(consistent(), { initialStock: new Map([['G1', 3]]), dailyCap: 3 })).toEqual([]);
  });

  it('passes a list shard holding an older value when another shard holds the current one', () => {
    const t = consistent();
    const list = t.find((i) => i.board === 'C#garbage_points#all')!;
    t.push({ ...list, pk: `${String(list.pk)}#7`, shard: 7, rows: { C1: 1 } });
    expect(checkInvariants(t, { initialStock: new Map([['G1', 3]]), dailyCap: 3 })).toEqual([]);
  });

  it.each([
    [
      'a balance that is not the sum of its ledger',
      (t: Item[]) => (find(t, 'PROFILE').balance = 26),
      /balance 26 ≠ Σ ledger 27/,
    ],
    [
      'a ledger entry written twice',
      (t: Item[]) => t.push({ ...find(t, 'LEDGER#03'), sk: 'LEDGER#04', id: '04' }),
      /≠ Σ ledger/,
    ],
    [
      'a balanceAfter that breaks the chain',
      (t: Item[]) => (find(t, 'LEDGER#02').balanceAfter = 21),
      /balanceAfter 21/,
    ],
    ['a liability that missed a move', (t: Item[]) => (find(t, 'TOTAL').adjust = 0), /liability adjust/],
    [
      'a credit guard without its entry',
      (t: Item[]) => t.splice(t.indexOf(find(t, 'LEDGER#01')), 1),
      /0 volunteer entries/,
    ],
    [
      'a volunteer entry without its guard',
      (t: Item[]) => t.splice(t.indexOf(find(t, `CREDIT#${U}`)), 1),
      /without its credit guard/,
    ],
    ['activity totals off', (t: Item[]) => (find(t, 'META').creditedPoints = 31), /creditedPoints 31/],
    [
      'a confirmed activity with someone uncredited',
      (t: Item[]) => t.push({ pk: 'ACT#A1', sk: 'ATT#U2', type: 'ATTENDANCE', userId: 'U2' }),
      /1 uncredited/,
    ],
    [
      'a redemption charged twice',
      (t: Item[]) => t.push({ ...find(t, 'LEDGER#02'), sk: 'LEDGER#05', id: '05' }),
      /2 redeem entries/,
    ],
    [
      'a cancel without its refund',
      (t: Item[]) => (t.find((i) => i.type === 'REDEMPTION')!.status = 'cancelled'),
      /0 refund entries/,
    ],
    ['stock that does not add up', (t: Item[]) => (t.find((i) => i.type === 'REWARD')!.stock = 3), /≠ initial 3/],
    ['a negative stock', (t: Item[]) => (t.find((i) => i.type === 'REWARD')!.stock = -1), /stock -1 < 0/],
    ['a lost pickup code', (t: Item[]) => t.splice(t.indexOf(find(t, 'CODE#123456')), 1), /without its pickup code/],
    ['a per-person count off', (t: Item[]) => (find(t, 'REDEEMED#G1').count = 2), /count .* 2 ≠ held 1/],
    [
      'an idempotency record of a missing redemption',
      (t: Item[]) => (find(t, 'IDEM').redemptionId = 'R9'),
      /missing redemption R9/,
    ],
    [
      'a scan credited without its entry',
      (t: Item[]) => (find(t, 'SCAN#s1').entryId = '99'),
      /without its garbage entry/,
    ],
    [
      'a garbage entry its scans do not add up to',
      (t: Item[]) => (find(t, 'SCAN#s2').points = 0),
      /delta 2 ≠ Σ its scans 1/,
    ],
    ['a day over the cap', (t: Item[]) => (find(t, 'SCAN#s3').points = 2), /over the daily cap 3/],
    [
      'a cap count off',
      (t: Item[]) => ((find(t, 'PROFILE').gcap as Record<string, number>)['2026-11-20'] = 3),
      /cap .* 3 ≠ Σ scans 2/,
    ],
    [
      'a credited day missing from the cap counts',
      (t: Item[]) => delete (find(t, 'PROFILE').gcap as Record<string, number>)['2026-11-20'],
      /cap .*2026-11-20: no count for 2 points/,
    ],
    ['a month counter that missed a scan', (t: Item[]) => (find(t, 'STAT#M#0').scans = 2), /garbage counters .*\|M/],
    ['a bin counter off', (t: Item[]) => (find(t, 'STAT#B#B1#0').correct = 3), /garbage counters .*\|B#B1/],
    [
      'a participant counted twice',
      (t: Item[]) => (find(t, 'STAT#D#2026-11-20#3').participants = 2),
      /participants .*D#2026-11-20/,
    ],
    [
      'a top list behind its totals',
      (t: Item[]) => (t.find((i) => i.board === 'P#garbage_points#street:S1#all')!.rows = { [U]: 1 }),
      /top P#garbage_points#street:S1#all: U1 \(2\) missing or stale \(1\)/,
    ],
    [
      'a top list without a person',
      (t: Item[]) => (t.find((i) => i.board === 'P#volunteer_points#city#all')!.rows = {}),
      /top P#volunteer_points#city#all: U1 \(30\) missing/,
    ],
    [
      'a list shard ahead of its totals',
      (t: Item[]) =>
        t.push({
          ...t.find((i) => i.board === 'P#garbage_points#city#all')!,
          pk: 'LBTOP#P#garbage_points#city#all#3',
          rows: { [U]: 5 },
        }),
      /top P#garbage_points#city#all: U1 listed 5 > 2/,
    ],
    [
      'a community totals item off',
      (t: Item[]) => (find(t, 'TOTALS', 'LB#COMMUNITY#C1').gall = 3),
      /community C1 on C#garbage_points#all: 3 ≠ Σ its residents' 2/,
    ],
    [
      'a communities list behind its totals',
      (t: Item[]) => (t.find((i) => i.board === 'C#service_minutes#all')!.rows = { C1: 59 }),
      /top C#service_minutes#all: C1 \(60\) missing or stale \(59\)/,
    ],
    [
      'a card drop kept more often than scanned (a replay counted twice)',
      (t: Item[]) => (find(t, 'TOTALS').cm = { CARD0001: [DROP, DROP, DROP, DROP] }),
      /card marks of U1: CARD0001 .* kept 4×, scanned 3×/,
    ],
    [
      'a card drop no scan made',
      (t: Item[]) => (find(t, 'TOTALS').cm = { CARD0002: [DROP] }),
      /card marks of U1: CARD0002 .* kept 1×, scanned 0×/,
    ],
    ['a participant marker lost', (t: Item[]) => (find(t, 'TOTALS').gm = {}), /0 markers, 1 people/],
    [
      'a board behind the ledger',
      (t: Item[]) => ((find(t, 'TOTALS').b as Record<string, number>)['gall@0'] = 3),
      /board garbage_points/,
    ],
  ])('reports %s', (_name, change, message) => {
    const bad = damaged(change);
    expect(
      bad.some((b) => message.test(b)),
      bad.join('\n'),
    ).toBe(true);
  });
});
