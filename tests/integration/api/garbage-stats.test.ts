import { beforeAll, describe, expect, it } from 'vitest';
import { config } from '../../../functions/config.js';
import { localDay, localMonth } from '../../../shared/time.js';
import { call, userWith, useTable } from '../../fixtures/api.js';
import { communityWithStaff, localNoon, registerBin, residentWithCard, scan, upload } from '../../fixtures/garbage.js';

useTable();

let c: Awaited<ReturnType<typeof communityWithStaff>>;
let binA: { id: string; secret: string };
let binB: { id: string; secret: string };
const tz = () => config().tzName;
// Two days of the same month, so the month totals are the sum of both.
let dayOne: string;
let dayTwo: string;
let month: string;

beforeAll(async () => {
  c = await communityWithStaff();
  binA = await registerBin(c.communityId, c.staff, 'A桶站');
  binB = await registerBin(c.communityId, c.staff, 'B桶站');
  // Pick two recent noons in one month (1–2 days ago, or 3–4 when a month starts in between).
  const pairs = [
    [1, 2],
    [3, 4],
  ];
  const pair = pairs.find(([a, b]) => localMonth(localNoon(a!), tz()) === localMonth(localNoon(b!), tz()))!;
  dayOne = localNoon(pair[0]!);
  dayTwo = localNoon(pair[1]!);
  month = localMonth(dayOne, tz());
});

describe('community garbage statistics', () => {
  it('counts scans, correct, rate, distinct participants and points from the credits, per month, day and bin', async () => {
    const p = await residentWithCard(c.communityId, c.staff);
    const q = await residentWithCard(c.communityId, c.staff);
    // p: 4 correct on day one (3 points, capped) + 1 wrong on day two; q: 1 correct + 1 wrong on day one.
    const batchA = {
      scans: [
        ...Array.from({ length: 4 }, () => scan(p.cardNo, { scannedAt: dayOne })),
        scan(q.cardNo, { scannedAt: dayOne }),
      ],
    };
    await upload(binA, batchA);
    await upload(binB, {
      scans: [
        scan(p.cardNo, { scannedAt: dayTwo, correct: false }),
        scan(q.cardNo, { scannedAt: dayOne, correct: false }),
      ],
    });
    // a resent batch counts nothing again
    expect((await upload(binA, batchA)).body.duplicates).toBe(5);

    const r = await call('GET', `/api/communities/${c.communityId}/garbage?month=${month}`, { token: c.staff });
    expect(r.status).toBe(200);
    expect(r.body).toEqual({
      month,
      scans: 7,
      correct: 5,
      correctRate: 0.7143,
      participants: 2,
      pointsAwarded: 4,
    });

    const daily = await call('GET', `/api/communities/${c.communityId}/garbage/daily?month=${month}`, {
      token: c.staff,
    });
    expect(daily.status).toBe(200);
    const one = daily.body.days.find((d: { day: string }) => d.day === localDay(dayOne, tz()));
    const two = daily.body.days.find((d: { day: string }) => d.day === localDay(dayTwo, tz()));
    expect(one).toMatchObject({ scans: 6, correct: 5, participants: 2, pointsAwarded: 4, correctRate: 0.8333 });
    expect(two).toMatchObject({ scans: 1, correct: 0, participants: 1, pointsAwarded: 0, correctRate: 0 });
    expect(daily.body.days.length).toBeGreaterThanOrEqual(28);
    expect(daily.body.days.reduce((n: number, d: { scans: number }) => n + d.scans, 0)).toBe(7);

    const bins = await call('GET', `/api/communities/${c.communityId}/garbage/bins?month=${month}`, { token: c.staff });
    expect(bins.status).toBe(200);
    expect(bins.body.items).toEqual([
      { binId: binA.id, name: 'A桶站', scans: 5, correct: 5, correctRate: 1, pointsAwarded: 4 },
      { binId: binB.id, name: 'B桶站', scans: 2, correct: 0, correctRate: 0, pointsAwarded: 0 },
    ]);
  });

  it('counts a batch delivered 5 times at once exactly once', async () => {
    const fresh = await communityWithStaff();
    const bin = await registerBin(fresh.communityId, fresh.staff);
    const people = await Promise.all(Array.from({ length: 3 }, () => residentWithCard(fresh.communityId, fresh.staff)));
    const scans = people.flatMap((p) => [
      scan(p.cardNo, { scannedAt: dayOne }),
      scan(p.cardNo, { scannedAt: dayOne, correct: false }),
    ]);
    await Promise.all(Array.from({ length: 5 }, () => upload(bin, { scans })));
    const r = await call('GET', `/api/communities/${fresh.communityId}/garbage?month=${month}`, { token: fresh.staff });
    expect(r.body).toEqual({ month, scans: 6, correct: 3, correctRate: 0.5, participants: 3, pointsAwarded: 3 });
  });

  it('answers an empty month with zeros', async () => {
    const r = await call('GET', `/api/communities/${c.communityId}/garbage?month=2020-01`, { token: c.staff });
    expect(r.body).toEqual({
      month: '2020-01',
      scans: 0,
      correct: 0,
      correctRate: 0,
      participants: 0,
      pointsAwarded: 0,
    });
  });

  it('defaults to the current month and validates month', async () => {
    const r = await call('GET', `/api/communities/${c.communityId}/garbage`, { token: c.staff });
    expect(r.body.month).toBe(localMonth(Date.now(), tz()));
    const bad = await call('GET', `/api/communities/${c.communityId}/garbage?month=2026-13`, { token: c.staff });
    expect(bad.status).toBe(400);
  });

  it('is for organisers and staff of the community only (street organiser covers it)', async () => {
    const other = await communityWithStaff();
    const resident = await userWith({ communityId: c.communityId });
    const path = `/api/communities/${c.communityId}/garbage?month=${month}`;
    expect((await call('GET', path, { token: resident.token })).status).toBe(403);
    expect((await call('GET', path, { token: other.staff })).status).toBe(403);
    expect((await call('GET', path, { token: other.streetOrganizer })).status).toBe(403);
    expect((await call('GET', path, { token: c.streetOrganizer })).status).toBe(200);
    expect((await call('GET', path)).status).toBe(401);
    expect((await call('GET', `/api/communities/01J00000000000000000000000/garbage`, { token: c.staff })).status).toBe(
      404,
    );
  });
});
