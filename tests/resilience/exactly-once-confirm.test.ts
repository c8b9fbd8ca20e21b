import { useTestClock } from '../fixtures/test-clock.js';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { pointsFor } from '../../functions/services/service-time.js';
import { call, useTable, type Call } from '../fixtures/api.js';
import { injectFaults, seeded, type FaultStats } from '../fixtures/faults.js';
import { invariantViolations, scanTable } from '../fixtures/invariants.js';
import { between, insist, pool, size, SUITE_SEED } from '../fixtures/resilience.js';
import { activityBody, newActivity, smallCity, userWith, type City, type Person } from '../fixtures/volunteer.js';

useTable();

const MIN = 60_000;
const ACTIVITIES = size(4, 60);
const PER_ACTIVITY = size(8, 30);
const VOLUNTEERS = size(20, 300);
const LENGTH_MIN = 120;

interface Planned {
  id: string;
  teamId: string | null;
  pointsPerHour: number;
  body: { adjustments?: { userId: string; minutes: number }[] };
  /** Expected minutes per volunteer. */
  expected: Map<string, number>;
  /** Copies sent at once at first (1–5), whether they insist on a 5xx, and copies replayed after the gap. */
  copies: number;
  insisting: boolean;
  replays: number;
}

/**
 * Volunteer confirmation, exactly once. Ended activities with recorded attendance are confirmed by
 * 1–5 copies of the same request at once; the client behind some copies gives up at the first 5xx,
 * others insist; after a gap longer than DynamoDB's 10-minute ClientRequestToken window, copies are
 * replayed. Meanwhile the database client loses the answer of some credit transactions after they
 * were applied (both where the product sees it and where the SDK resends). Every volunteer must end
 * with exactly the points and minutes of the activities they served, once.
 */
describe(`exactly-once volunteer credit (seed ${SUITE_SEED})`, () => {
  const random = seeded(SUITE_SEED + 7);
  let city: City;
  let volunteers: Person[];
  let teamId: string;
  const planned: Planned[] = [];
  let faults: { stats: FaultStats; remove(): void } | undefined;

  beforeAll(async () => {
    city = await smallCity();
    volunteers = await pool(Array.from({ length: VOLUNTEERS }), 8, (_, i) =>
      userWith({ communityId: city.community.id, name: `志愿者${i}` }),
    );
    const team = await call('POST', '/api/teams', {
      token: city.organizer.token,
      body: { name: '韧性志愿队', communityId: city.community.id },
    });
    teamId = team.body.id;
    await pool(Array.from({ length: ACTIVITIES }), 4, async (_, k) => {
      const pointsPerHour = k % 5 === 4 ? 0 : between(random, 1, 30);
      const withTeam = k % 2 === 0;
      const a = await newActivity(
        city.organizer.token,
        activityBody(
          city.community.id,
          { pointsPerHour, capacity: 100, ...(withTeam ? { teamId } : {}) },
          -(LENGTH_MIN + 60),
          LENGTH_MIN,
        ),
      );
      const start = Date.parse(a.startsAt);
      const chosen = new Set<number>();
      while (chosen.size < PER_ACTIVITY) chosen.add(between(random, 0, VOLUNTEERS - 1));
      const expected = new Map<string, number>();
      const adjustments: { userId: string; minutes: number }[] = [];
      for (const v of chosen) {
        const p = volunteers[v]!;
        // Present for 0–150 minutes from the start, or never checked out.
        const stayed = random() < 0.15 ? null : between(random, 0, LENGTH_MIN + 30);
        const r = await call('PUT', `/api/activities/${a.id}/attendance/${p.userId}`, {
          token: city.organizer.token,
          body: {
            checkedInAt: new Date(start - 5 * MIN).toISOString(),
            checkedOutAt: stayed === null ? null : new Date(start + stayed * MIN).toISOString(),
          },
        });
        if (r.status !== 200) throw new Error(JSON.stringify(r.body));
        let minutes = stayed === null ? 0 : Math.min(stayed, LENGTH_MIN);
        if (random() < 0.2) {
          minutes = between(random, 0, LENGTH_MIN);
          adjustments.push({ userId: p.userId, minutes });
        }
        expected.set(p.userId, minutes);
      }
      planned[k] = {
        id: a.id,
        teamId: withTeam ? teamId : null,
        pointsPerHour,
        body: adjustments.length ? { adjustments } : {},
        expected,
        copies: between(random, 1, 5),
        insisting: random() < 0.6,
        replays: between(random, 1, 2),
      };
    });
  });
  afterAll(() => {
    faults?.remove();
    useTestClock();
  });

  const confirm = (p: Planned) =>
    call('POST', `/api/activities/${p.id}/confirm`, { token: city.organizer.token, body: p.body });

  it('credits every volunteer once, with copies, lost answers and replays after a 10-minute gap', async () => {
    vi.useFakeTimers({ toFake: ['Date'], shouldAdvanceTime: true });
    const answers = new Map<string, Call[]>();
    // One confirm dies halfway for sure: every credit it writes loses its answer; nobody retries it until after the gap.
    const halfway = planned[0]!;
    const lost = injectFaults({ lostResponse: 1, commands: ['TransactWriteItemsCommand', 'PutItemCommand'] });
    answers.set(halfway.id, [await confirm(halfway)]);
    lost.remove();
    expect(answers.get(halfway.id)![0]!.status).toBe(500);
    const creditsOf = async (id: string) =>
      (await scanTable()).filter((i) => i.type === 'CREDIT' && i.activityId === id).length;
    const halfCredited = await creditsOf(halfway.id);
    expect(halfCredited).toBeGreaterThan(0);
    expect(halfCredited).toBeLessThan(halfway.expected.size);
    expect((await call('GET', `/api/activities/${halfway.id}`)).body.status).toBe('published');

    faults = injectFaults({
      lostResponse: 0.12,
      lostResponseSdk: 0.05,
      commands: ['TransactWriteItemsCommand', 'PutItemCommand'],
      random: seeded(SUITE_SEED + 8),
    });
    const first = await Promise.all(
      planned
        .slice(1)
        .map((p) =>
          Promise.all(
            Array.from({ length: p.copies }, () =>
              p.insisting ? insist(() => confirm(p)) : confirm(p).then((r) => [r]),
            ),
          ),
        ),
    );
    for (const [k, p] of planned.slice(1).entries()) answers.set(p.id, first[k]!.flat());
    expect(faults.stats.lostResponses).toBeGreaterThan(0);

    // Past the ClientRequestToken window: only the product's own guards can tell a replay now.
    vi.setSystemTime(Date.now() + 11 * MIN);
    const later = await Promise.all(
      planned.map((p) => Promise.all(Array.from({ length: p.replays }, () => insist(() => confirm(p))))),
    );
    for (const [k, p] of planned.entries()) answers.get(p.id)!.push(...later[k]!.flat());
    faults.remove();

    for (const p of planned) {
      const all = answers.get(p.id)!;
      for (const r of all) {
        if (r.status === 409) expect(r.body.type).toBe('/problems/already-confirmed');
        else if (r.status >= 500) expect(r.body.type).toBe('/problems/internal');
        else expect(r.status, JSON.stringify(r.body)).toBe(200);
      }
      // Whoever got a 200 was told the same credits, whether they started or resumed the confirm.
      const oks = all.filter((r) => r.status === 200);
      expect(oks.length).toBeGreaterThan(0);
      for (const ok of oks) {
        const got = new Map(
          (ok.body.confirmed as { userId: string; minutes: number; points: number }[]).map((c) => [c.userId, c]),
        );
        expect(got.size).toBe(p.expected.size);
        for (const [userId, minutes] of p.expected) {
          expect(got.get(userId)).toEqual({ userId, minutes, points: pointsFor(minutes, p.pointsPerHour) });
        }
      }
      const act = (await call('GET', `/api/activities/${p.id}`)).body;
      const minutes = [...p.expected.values()];
      expect(act).toMatchObject({
        status: 'confirmed',
        creditedMinutes: minutes.reduce((s, m) => s + m, 0),
        creditedPoints: minutes.reduce((s, m) => s + pointsFor(m, p.pointsPerHour), 0),
        participants: minutes.filter((m) => m > 0).length,
      });
    }

    // Each person: points and minutes = Σ over the activities they served, on the profile and the boards.
    const items = await scanTable();
    const month = (await call('GET', `/api/activities/${planned[0]!.id}`)).body.month as string;
    let teamMinutes = 0;
    const served = new Set<string>();
    for (const v of volunteers) {
      let points = 0;
      let minutes = 0;
      for (const p of planned) {
        const m = p.expected.get(v.userId);
        if (m === undefined) continue;
        minutes += m;
        points += pointsFor(m, p.pointsPerHour);
        if (p.teamId) teamMinutes += m;
        if (m > 0) served.add(v.userId);
      }
      const me = (await call('GET', '/api/me', { token: v.token })).body;
      expect({ balance: me.balance, serviceMinutes: me.serviceMinutes }).toEqual({
        balance: points,
        serviceMinutes: minutes,
      });
      const board = await call('GET', '/api/leaderboards?metric=service_minutes&scope=city&period=all&limit=1', {
        token: v.token,
      });
      expect(board.body.me.value).toBe(minutes);
    }
    const team = (await call('GET', `/api/teams/${teamId}`)).body;
    expect(team.serviceMinutes).toBe(teamMinutes);
    // The 1+N report's distinct participants: one marker and one count per person and scope.
    const stats = items.filter((i) => i.pk === `MSTAT#${month}`);
    expect(stats.find((s) => s.sk === 'CITY')?.participants).toBe(served.size);
    expect(stats.find((s) => s.sk === `STREET#${city.street.id}`)?.participants).toBe(served.size);
    expect(items.filter((i) => i.pk === `MPART#${month}#CITY`)).toHaveLength(served.size);

    expect(await invariantViolations()).toEqual([]);
  }, 600_000);
});
