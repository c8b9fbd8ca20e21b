import { marshall } from '@aws-sdk/util-dynamodb';
import { describe, expect, it } from 'vitest';
import { insertedOfType } from '../../../functions/db/projector/flags/records.js';
import { toSourceEvents, type StreamRecordLike } from '../../../functions/db/projector/source.js';
import {
  FLAG_INPUT_TYPES,
  matchesPattern,
  PROJECTOR_FILTERS,
  projectorWants,
} from '../../../functions/jobs/projector-filter.js';

let seq = 0;
/** A stream record as Lambda and the local poller hand it over: the new image in DynamoDB JSON. */
const rec = (eventName: 'INSERT' | 'MODIFY' | 'REMOVE', item: Record<string, unknown>): StreamRecordLike => {
  const image = marshall(item, { removeUndefinedValues: true });
  return {
    eventName,
    dynamodb: {
      Keys: marshall({ pk: item.pk, sk: item.sk }),
      ...(eventName === 'REMOVE' ? { OldImage: image } : { NewImage: image }),
      SequenceNumber: String(++seq),
    },
  };
};

// What request transactions write and the handler reads.
const wanted: Record<string, StreamRecordLike> = {
  'ledger entry (liability)': rec('INSERT', {
    pk: 'USER#u1',
    sk: 'LEDGER#2026-12-01T08:00:00.000Z#e1',
    type: 'LEDGER',
    userId: 'u1',
    delta: 5,
    src: { ver: 7, slot: 0, communityId: 'c1' },
  }),
  'service record (volunteer boards, team minutes)': rec('INSERT', {
    pk: 'USER#u1',
    sk: 'SERVICE#a1',
    type: 'SERVICE',
    userId: 'u1',
    minutes: 90,
    src: { ver: 8, slot: 1, activityId: 'a1' },
  }),
  'profile with a bin credit’s day shares (garbage boards, statistics, card-burst)': rec('MODIFY', {
    pk: 'USER#u1',
    sk: 'PROFILE',
    type: 'USER',
    id: 'u1',
    name: '张三',
    communityId: 'c1',
    balance: 12,
    src: { ver: 9, days: [{ day: '2026-12-01', slot: 2, binId: 'b1', binCommunityId: 'c1', marks: ['1|C1'] }] },
  }),
  'scan dedupe item (bin-burst)': rec('INSERT', {
    pk: 'SCAN#s1',
    sk: 'SCAN',
    type: 'SCAN',
    scanId: 's1',
    binId: 'b1',
    communityId: 'c1',
    scannedAt: '2026-12-01T08:00:00.000Z',
  }),
  'audit entry (large-adjustment, large-credit)': rec('INSERT', {
    pk: 'AUDIT#c1',
    sk: 'A#1',
    type: 'AUDIT',
    id: 'x1',
    action: 'points.adjust',
    actorId: 'o1',
    target: 'user:u1',
    detail: { delta: 5000 },
  }),
  'self check-in (shared-device)': rec('INSERT', {
    pk: 'ACT#a1',
    sk: 'ATT#u1',
    type: 'ATTENDANCE',
    userId: 'u1',
    activityId: 'a1',
    communityId: 'c1',
    deviceId: 'd1',
    checkedInAt: '2026-12-01T08:00:00.000Z',
  }),
};

// The projector's own writes (the echoes) and the request's items it has no use for.
const echoes: Record<string, StreamRecordLike> = {
  'person TOTALS (guard and board values)': rec('MODIFY', {
    pk: 'LB#USER#u1',
    sk: 'TOTALS',
    type: 'LBP',
    subjectId: 'u1',
    ver: 9,
    slots: [2],
    n: 3,
  }),
  'community TOTALS': rec('MODIFY', { pk: 'LB#COMMUNITY#c1', sk: 'TOTALS', type: 'LBC', subjectId: 'c1' }),
  'a board’s top list (LBTOP)': rec('MODIFY', { pk: 'LBTOP#garbage_points#city#all#3', sk: 'TOP', type: 'LBTOP' }),
  'a statistics counter (GSTAT, no type)': rec('MODIFY', { pk: 'GSTAT#c1#2026-12', sk: 'DAY#01#3', scans: 25 }),
  'liability (LIAB, no type)': rec('MODIFY', { pk: 'LIAB#c1', sk: 'TOTAL#0', points: 100 }),
  'a distinct-participant marker (MPART)': rec('INSERT', {
    pk: 'MPART#c1#2026-12',
    sk: 'u1',
    type: 'MPART',
    userId: 'u1',
  }),
  'a review flag': rec('INSERT', { pk: 'FLAG#f1', sk: 'FLAG', type: 'FLAG', id: 'f1' }),
  'a flag’s once-guard': rec('INSERT', { pk: 'FLAGONCE#x', sk: 'ONCE', type: 'FLAG_ONCE', flagId: 'f1' }),
  'a burst window (FLAGWIN, no type)': rec('MODIFY', { pk: 'FLAGWIN#bin-burst#bin:b1', sk: '123', m: ['1|c1|s1'] }),
  'an activity’s credited totals': rec('MODIFY', { pk: 'ACT#a1', sk: 'META', type: 'ACTIVITY', creditedPoints: 40 }),
  'a team’s minutes': rec('MODIFY', { pk: 'TEAM#t1', sk: 'META', type: 'TEAM', serviceMinutes: 90 }),
  'a profile a redemption debited (src removed)': rec('MODIFY', {
    pk: 'USER#u1',
    sk: 'PROFILE',
    type: 'USER',
    id: 'u1',
    balance: 2,
  }),
  'a scan dedupe item expiring (TTL REMOVE)': rec('REMOVE', {
    pk: 'SCAN#s1',
    sk: 'SCAN',
    type: 'SCAN',
    scanId: 's1',
  }),
};

describe('the projector’s event filter (functions/jobs/projector-filter.ts)', () => {
  it.each(Object.entries(wanted))('passes a record the handler reads: %s', (_name, r) => {
    expect(projectorWants(r)).toBe(true);
  });

  it.each(Object.entries(echoes))('drops a record the handler has no use for: %s', (_name, r) => {
    expect(projectorWants(r)).toBe(false);
  });

  it('the handler’s own gates read exactly what passes: every source event and flag input is a passed record', () => {
    const all = [...Object.values(wanted), ...Object.values(echoes)];
    const read = new Set<StreamRecordLike>();
    for (const r of all) if (toSourceEvents(r).length > 0) read.add(r);
    for (const t of FLAG_INPUT_TYPES) {
      for (const r of all) if (insertedOfType([r], t).length > 0) read.add(r);
    }
    // Each wanted record is read by the handler (the fixtures are realistic), none of the dropped ones is.
    expect([...read].sort((a, b) => Number(a.dynamodb!.SequenceNumber) - Number(b.dynamodb!.SequenceNumber))).toEqual(
      Object.values(wanted),
    );
  });

  it('matches like Lambda: a leaf rule lists values (OR), keys AND, exists only on a leaf, absent paths fail', () => {
    const p = { dynamodb: { NewImage: { type: { S: ['A', 'B'] }, src: { M: { ver: { N: [{ exists: true }] } } } } } };
    const img = (NewImage: Record<string, unknown>) => ({ dynamodb: { NewImage } });
    expect(matchesPattern(p, img({ type: { S: 'B' }, src: { M: { ver: { N: '3' } } } }))).toBe(true);
    expect(matchesPattern(p, img({ type: { S: 'C' }, src: { M: { ver: { N: '3' } } } }))).toBe(false);
    expect(matchesPattern(p, img({ type: { S: 'A' } }))).toBe(false);
    // `src.ver` as a map is not a leaf: exists does not hold for it.
    expect(matchesPattern(p, img({ type: { S: 'A' }, src: { M: { ver: { N: { x: 1 } } } } }))).toBe(false);
    expect(matchesPattern(p, {})).toBe(false);
    expect(matchesPattern({ a: { b: [{ exists: false }] } }, {})).toBe(true);
    // A rule the local matcher does not implement is refused rather than silently disagreeing with the cloud.
    expect(() => matchesPattern({ a: [{ prefix: 'x' } as never] }, { a: 'xy' })).toThrow(/unsupported rule/);
  });

  it('fits Lambda’s limits: at most 5 filters, each pattern ≤ 4,096 characters, only the dynamodb key', () => {
    expect(PROJECTOR_FILTERS.length).toBeLessThanOrEqual(5);
    for (const p of PROJECTOR_FILTERS) {
      expect(JSON.stringify(p).length).toBeLessThanOrEqual(4096);
      expect(Object.keys(p)).toEqual(['dynamodb']);
    }
  });
});
