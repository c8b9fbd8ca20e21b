import { describe, expect, it } from 'vitest';
import { call, useTable, userWith } from '../../fixtures/api.js';
import { makeStreet, organizerOf, resident } from '../../fixtures/rewards.js';

useTable();

const revoke = (token: string, body: unknown) => call('DELETE', '/api/roles', { token, body });

describe('role revocation (issue 12, defect 6)', () => {
  it('a revoked organiser’s existing token loses the role on its next call', async () => {
    const { streetId, communityId } = await makeStreet();
    const street = await userWith({ roles: [{ role: 'organizer', scope: `street:${streetId}` }] });
    const org = await organizerOf(communityId);
    const someone = await resident(communityId);
    const adjust = () =>
      call('POST', '/api/points/adjustments', {
        token: org.token,
        body: { userId: someone.userId, delta: 1, note: '补录' },
      });
    expect((await adjust()).status).toBe(201);

    const r = await revoke(street.token, { userId: org.userId, role: 'organizer', scope: `community:${communityId}` });
    expect(r.status).toBe(204);
    expect((await adjust()).status).toBe(403);
    expect((await call('GET', '/api/me', { token: org.token })).body.roles).toEqual([]);
    // Gone already: revoking again finds no such grant.
    const again = await revoke(street.token, {
      userId: org.userId,
      role: 'organizer',
      scope: `community:${communityId}`,
    });
    expect(again.status).toBe(404);
  });

  it('follows the granting rules: a street organiser cannot revoke the admin, a resident nothing', async () => {
    const { streetId, communityId } = await makeStreet();
    const street = await userWith({ roles: [{ role: 'organizer', scope: `street:${streetId}` }] });
    const admin = await userWith({ roles: [{ role: 'admin', scope: 'city' }] });
    const org = await organizerOf(communityId);
    const someone = await resident(communityId);

    const adminGrant = { userId: admin.userId, role: 'admin', scope: 'city' };
    expect((await revoke(street.token, adminGrant)).status).toBe(403);
    const orgGrant = { userId: org.userId, role: 'organizer', scope: `community:${communityId}` };
    const byResident = await revoke(someone.token, orgGrant);
    expect(byResident.status).toBe(403);
    expect(byResident.body.type).toBe('/problems/forbidden');
    // Nothing changed for either.
    expect((await call('GET', '/api/me', { token: admin.token })).body.roles).toEqual([
      { role: 'admin', scope: 'city' },
    ]);
    expect((await call('GET', '/api/me', { token: org.token })).body.roles).toHaveLength(1);
    // The admin may take back what a street organiser may not.
    const other = await userWith({ roles: [{ role: 'organizer', scope: `street:${streetId}` }] });
    expect(
      (await revoke(admin.token, { userId: other.userId, role: 'organizer', scope: `street:${streetId}` })).status,
    ).toBe(204);
  });

  it('an unknown role is a 400 validation; a grant the person does not hold is 404', async () => {
    const admin = await userWith({ roles: [{ role: 'admin', scope: 'city' }] });
    const { communityId } = await makeStreet();
    const someone = await resident(communityId);
    const bad = await revoke(admin.token, { userId: someone.userId, role: 'mayor', scope: `community:${communityId}` });
    expect(bad.status).toBe(400);
    expect(bad.body.type).toBe('/problems/validation');
    const none = await revoke(admin.token, {
      userId: someone.userId,
      role: 'staff',
      scope: `community:${communityId}`,
    });
    expect(none.status).toBe(404);
    expect(none.body.type).toBe('/problems/not-found');
  });
});
