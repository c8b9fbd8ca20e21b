import { createRoute, z } from '@hono/zod-openapi';
import { forbidden } from '../../../shared/errors.js';
import { Community, CommunityInput, Org, RoleGrantInput, Street, StreetInput } from '../../../shared/schemas/org.js';
import { UserSearchItem, UserSearchQuery } from '../../../shared/schemas/residents.js';
import { searchResidents } from '../../services/residents.js';
import { RoleGrant } from '../../../shared/schemas/auth.js';
import { createCommunity, createStreet, getUserIdByPhoneSafe, loadOrg } from '../../services/org.js';
import { assertCan, can, hasAnyRole, isAdmin } from '../../services/authz.js';
import { getUser } from '../../services/users.js';
import { communityTarget } from '../../services/org.js';
import { grantRoleAs, revokeRoleAs } from '../../services/roles.js';
import { currentUser } from '../middleware/auth.js';
import { bearerAuth, json, jsonBody, newRouter, problemResponses } from '../openapi.js';

export const orgRoutes = newRouter()
  .openapi(
    createRoute({
      method: 'get',
      path: '/org',
      tags: ['Organisation'],
      summary: 'Streets and their communities',
      responses: { 200: json(Org) },
    }),
    async (c) => {
      const org = await loadOrg();
      return c.json(
        {
          streets: org.streets.map((s) => ({
            id: s.id,
            name: s.name,
            communities: org.communities.filter((x) => x.streetId === s.id).map((x) => ({ id: x.id, name: x.name })),
          })),
        },
        200,
      );
    },
  )
  .openapi(
    createRoute({
      method: 'post',
      path: '/streets',
      tags: ['Organisation'],
      security: bearerAuth,
      request: jsonBody(StreetInput),
      responses: { 201: json(Street, 'Created'), ...problemResponses(400, 401, 403) },
    }),
    async (c) => {
      const me = await currentUser(c);
      if (!isAdmin(me)) throw forbidden('Only the city admin creates streets');
      return c.json(await createStreet(c.req.valid('json').name), 201);
    },
  )
  .openapi(
    createRoute({
      method: 'post',
      path: '/communities',
      tags: ['Organisation'],
      security: bearerAuth,
      request: jsonBody(CommunityInput),
      responses: { 201: json(Community, 'Created'), ...problemResponses(400, 401, 403) },
    }),
    async (c) => {
      const me = await currentUser(c);
      const { streetId, name } = c.req.valid('json');
      assertCan(me, ['organizer'], { streetId });
      return c.json(await createCommunity(streetId, name), 201);
    },
  )
  .openapi(
    createRoute({
      method: 'post',
      path: '/roles',
      tags: ['Organisation'],
      summary: 'Grant a role. Admin grants any; a street organizer grants organizer/staff in its communities.',
      security: bearerAuth,
      request: jsonBody(RoleGrantInput),
      responses: {
        201: json(RoleGrant.extend({ userId: z.string() }), 'Granted'),
        ...problemResponses(400, 401, 403, 404),
      },
    }),
    async (c) => {
      const me = await currentUser(c);
      const { userId, role, scope } = c.req.valid('json');
      await grantRoleAs(me, userId, { role, scope });
      return c.json({ userId, role, scope }, 201);
    },
  )
  .openapi(
    createRoute({
      method: 'delete',
      path: '/roles',
      tags: ['Organisation'],
      summary: 'Revoke a role, by whoever may grant it there. The person’s tokens lose it at once.',
      security: bearerAuth,
      request: jsonBody(RoleGrantInput),
      responses: {
        204: { description: 'Revoked' },
        ...problemResponses(400, 401, 403, 404),
      },
    }),
    async (c) => {
      const me = await currentUser(c);
      const { userId, role, scope } = c.req.valid('json');
      await revokeRoleAs(me, userId, { role, scope });
      return c.body(null, 204);
    },
  )
  .openapi(
    createRoute({
      method: 'get',
      path: '/users',
      tags: ['Organisation'],
      summary: 'Find a resident by phone, or by a name prefix in a community (admin, organizers, staff)',
      description:
        '`?communityId=&q=` lists residents of the community whose name starts with `q` (managed residents too), ' +
        'for its organisers, staff and the admin; staff see phones masked (`138****0000`).',
      security: bearerAuth,
      request: { query: UserSearchQuery },
      responses: {
        200: json(z.object({ items: z.array(UserSearchItem) })),
        ...problemResponses(400, 401, 403),
      },
    }),
    async (c) => {
      const me = await currentUser(c);
      if (!hasAnyRole(me, ['organizer', 'staff'])) throw forbidden('Only organisers and staff look up residents');
      const query = c.req.valid('query');
      if (query.communityId && !query.phone) {
        return c.json({ items: await searchResidents(me, query.communityId, query.q ?? '', query.limit) }, 200);
      }
      const id = query.phone ? await getUserIdByPhoneSafe(query.phone) : undefined;
      const found = id ? await getUser(id) : undefined;
      // Within the caller's scope only: the admin city-wide, an organiser or staff member only residents
      // of communities it serves (else an empty list, so a phone outside tells nothing).
      const u =
        found &&
        (isAdmin(me) ||
          (found.communityId && can(me, ['organizer', 'staff'], await communityTarget(found.communityId))))
          ? found
          : undefined;
      return c.json(
        {
          items: u
            ? [{ id: u.id, name: u.name, phone: u.phone, communityId: u.communityId, managed: u.managed === true }]
            : [],
        },
        200,
      );
    },
  );
