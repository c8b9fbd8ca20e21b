import { describe, expect, it } from 'vitest';
import { call, newPhone, useTable, type Call } from '../fixtures/api.js';
import { seeded } from '../fixtures/faults.js';
import { between, size, SUITE_SEED } from '../fixtures/resilience.js';
import { gift, makeStreet, redeemCall, resident, staffOf } from '../fixtures/rewards.js';

useTable();

const TRIALS = size(3, 20);
const en = { 'accept-language': 'en' };
const wrongFor = (code: string, i: number): string => String((Number(code) + 1 + i) % 1_000_000).padStart(6, '0');
/** The list of answers, in random order of sending: the right code lands anywhere in the burst. */
const shuffled = <T>(random: () => number, xs: T[]): T[] => {
  const out = [...xs];
  for (let i = out.length - 1; i > 0; i--) {
    const j = between(random, 0, i);
    [out[i], out[j]] = [out[j]!, out[i]!];
  }
  return out;
};
const odd = (answers: Call[], ok: number[]) =>
  answers.filter((a) => !ok.includes(a.status)).map((a) => `${a.status} ${JSON.stringify(a.body)}`);

/**
 * Races on the secrets a guesser attacks (issue 12, defects 1–3): bursts of wrong codes sent at once with
 * the right one hidden among them (at a random place, sometimes twice), and tampered list cursors sent
 * alongside the genuine one. Invariants: a code is compared at most 5 times however the requests
 * interleave, it wins at most once, never a 5xx, a refused cursor is a 400 that leaves the list working.
 */
describe(`races on codes and cursors (seed ${SUITE_SEED})`, () => {
  it('sign-in: at most 5 comparisons per code under concurrent wrong codes, one sign-in at most', async () => {
    const random = seeded(SUITE_SEED + 301);
    for (let trial = 0; trial < TRIALS; trial++) {
      const phone = newPhone();
      expect((await call('POST', '/api/auth/otp', { body: { phone } })).status).toBe(202);
      const code = (await call('GET', `/api/dev/outbox?phone=${phone}`)).body.items[0].code as string;
      const wrong = between(random, 5, 40);
      const rights = between(random, 1, 2);
      const bodies = shuffled(random, [
        ...Array.from({ length: wrong }, (_, i) => wrongFor(code, i)),
        ...Array.from({ length: rights }, () => code),
      ]);
      const answers = await Promise.all(
        bodies.map((c) => call('POST', '/api/auth/token', { body: { phone, code: c }, headers: en })),
      );
      const what = `trial ${trial}: ${wrong} wrong, ${rights} right`;
      expect(odd(answers, [200, 401, 429]), what).toEqual([]);
      const signedIn = answers.filter((a) => a.status === 200).length;
      expect(signedIn, what).toBeLessThanOrEqual(1);
      if (signedIn === 0) {
        // A try is taken before each comparison; "void" answers were never compared. (After a sign-in the
        // code is gone, and later tries say "wrong or has expired" without a comparison: not countable.)
        const compared = answers.filter((a) => /wrong or has expired/.test(a.body.detail));
        expect(compared.length, what).toBeLessThanOrEqual(5);
        expect(answers.filter((a) => /void/.test(a.body.detail)).length, what).toBe(bodies.length - compared.length);
      }
      for (const a of answers.filter((x) => x.status === 401)) {
        expect(a.headers.get('www-authenticate'), what).toMatch(/^Bearer/);
      }
      // Used or void: the code never works again.
      expect((await call('POST', '/api/auth/token', { body: { phone, code } })).status, what).toBe(401);
    }
  });

  it('pickup: at most 5 comparisons per reservation under concurrent wrong codes from two staff, charged once', async () => {
    const random = seeded(SUITE_SEED + 302);
    const { communityId } = await makeStreet();
    const staff = await staffOf(communityId);
    const staff2 = await staffOf(communityId);
    const g = await gift(staff.token, { communityId, cost: 3, stock: 100 });
    for (let trial = 0; trial < TRIALS; trial++) {
      const owner = await resident(communityId, 10);
      const r = await redeemCall(owner.token, g.id);
      expect(r.status).toBe(201);
      const { id, pickupCode } = r.body as { id: string; pickupCode: string };
      const wrong = between(random, 3, 30);
      const codes = shuffled(random, [...Array.from({ length: wrong }, (_, i) => wrongFor(pickupCode, i)), pickupCode]);
      const answers = await Promise.all(
        codes.map((c, i) =>
          call('POST', `/api/redemptions/${id}/fulfil`, {
            token: (i % 2 ? staff2 : staff).token,
            body: { pickupCode: c },
          }),
        ),
      );
      const what = `trial ${trial}: ${wrong} wrong`;
      expect(odd(answers, [200, 400, 409]), what).toEqual([]);
      const handed = answers.filter((a) => a.status === 200);
      const refused = answers.filter((a) => a.status === 400);
      expect(handed.length + refused.length, what).toBeLessThanOrEqual(5);
      expect(handed.length, what).toBeLessThanOrEqual(1);
      for (const a of refused) expect(a.body.type).toBe('/problems/invalid-code');
      const mine = await call('GET', `/api/redemptions/${id}`, { token: owner.token });
      expect(mine.body.status, what).toBe(handed.length ? 'fulfilled' : 'reserved');
      // Points moved once, at the reservation, whatever happened at the counter.
      expect((await call('GET', '/api/me', { token: owner.token })).body.balance, what).toBe(7);
      if (!handed.length && refused.length === 5) {
        // Locked after five wrong codes: the right one no longer hands it over.
        const late = await call('POST', `/api/redemptions/${id}/fulfil`, { token: staff.token, body: { pickupCode } });
        expect(late.status, what).toBe(409);
      }
    }
  });

  it('cursors: tampered, crafted and foreign cursors sent with the genuine one are 400, the genuine one pages on', async () => {
    const random = seeded(SUITE_SEED + 303);
    const { communityId, otherCommunityId } = await makeStreet();
    const staff = await staffOf(communityId);
    const other = await staffOf(otherCommunityId);
    for (let i = 0; i < 3; i++) await gift(staff.token, { communityId, name: `礼品${i}`, cost: 1, stock: 10 });
    for (let i = 0; i < 3; i++) await gift(other.token, { communityId: otherCommunityId, name: `礼品${i}` });
    for (let i = 0; i < 3; i++) {
      const p = await resident(communityId, 5);
      expect(
        (await redeemCall(p.token, (await call('GET', `/api/rewards?communityId=${communityId}`)).body.items[0].id))
          .status,
      ).toBe(201);
    }
    const lists = [
      { path: `/api/rewards?communityId=${communityId}&limit=1`, token: undefined },
      { path: `/api/communities/${communityId}/reservations?limit=1`, token: staff.token },
      {
        path: `/api/rewards/${(await call('GET', `/api/rewards?communityId=${communityId}`)).body.items[0].id}/redemptions?limit=1`,
        token: staff.token,
      },
    ];
    const foreign = (await call('GET', `/api/rewards?communityId=${otherCommunityId}&limit=1`)).body
      .nextCursor as string;
    for (const list of lists) {
      const first = await call('GET', list.path, { token: list.token });
      expect(first.status, list.path).toBe(200);
      const cursor = first.body.nextCursor as string;
      expect(cursor, list.path).toEqual(expect.any(String));
      const raw = Buffer.from(cursor, 'base64url');
      const tampered = Array.from({ length: size(12, 60) }, () => {
        const kind = between(random, 0, 4);
        if (kind === 0) {
          const t = Buffer.from(raw);
          t[between(random, 0, t.length - 1)]! ^= 1 << between(random, 0, 7);
          return t.toString('base64url');
        }
        if (kind === 1) return raw.subarray(0, between(random, 1, raw.length - 1)).toString('base64url');
        if (kind === 2)
          return Buffer.from(JSON.stringify({ pk: `REWARD#${between(random, 0, 9)}`, sk: 'META' })).toString(
            'base64url',
          );
        if (kind === 3) return foreign;
        return Buffer.concat([raw, Buffer.from([between(random, 0, 255)])]).toString('base64url');
      });
      const answers = await Promise.all([
        ...tampered.map((c) => call('GET', `${list.path}&cursor=${c}`, { token: list.token })),
        call('GET', `${list.path}&cursor=${cursor}`, { token: list.token }),
      ]);
      const genuine = answers.pop()!;
      expect(genuine.status, list.path).toBe(200);
      expect(genuine.body.items[0]).not.toEqual(first.body.items[0]);
      for (const [i, a] of answers.entries()) {
        expect(a.status, `${list.path} cursor ${tampered[i]}`).toBe(400);
        expect(a.body.type).toBe('/problems/validation');
        expect(a.headers.get('content-type')).toContain('application/problem+json');
      }
    }
  });
});
