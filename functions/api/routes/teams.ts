import { createRoute, z } from '@hono/zod-openapi';
import { IdParam } from '../../../shared/schemas/common.js';
import {
  MemberStatus,
  MyTeam,
  Team,
  TeamCreated,
  TeamInput,
  TeamListQuery,
  TeamMemberParams,
  TeamSummary,
} from '../../../shared/schemas/teams.js';
import { page } from '../../../shared/schemas/common.js';
import {
  approve,
  createTeamFor,
  joinTeam,
  leaveOrRemove,
  listMyTeams,
  listTeams,
  requireTeam,
  teamView,
} from '../../services/teams.js';
import { currentUser, optionalUser } from '../middleware/auth.js';
import { bearerAuth, json, jsonBody, newRouter, noContent, problemResponses } from '../openapi.js';

export const teamRoutes = newRouter()
  .openapi(
    createRoute({
      method: 'post',
      path: '/teams',
      tags: ['Volunteer teams'],
      summary: 'Create a volunteer team (organizer of the community or its street, admin)',
      security: bearerAuth,
      request: jsonBody(TeamInput),
      responses: { 201: json(TeamCreated, 'Created'), ...problemResponses(400, 401, 403) },
    }),
    async (c) => {
      const t = await createTeamFor(await currentUser(c), c.req.valid('json'));
      return c.json({ id: t.id, name: t.name, communityId: t.communityId, leaderId: t.leaderId }, 201);
    },
  )
  .openapi(
    createRoute({
      method: 'get',
      path: '/teams',
      tags: ['Volunteer teams'],
      summary: 'The teams of a community (public)',
      request: { query: TeamListQuery },
      responses: { 200: json(page(TeamSummary)), ...problemResponses(400) },
    }),
    async (c) => {
      const q = c.req.valid('query');
      const r = await listTeams(q.communityId, q.limit, q.cursor);
      return c.json(
        {
          items: r.items.map((t) => ({
            id: t.id,
            name: t.name,
            communityId: t.communityId,
            memberCount: t.memberCount,
            serviceMinutes: t.serviceMinutes,
          })),
          nextCursor: r.nextCursor,
        },
        200,
      );
    },
  )
  .openapi(
    createRoute({
      method: 'get',
      path: '/teams/{id}',
      tags: ['Volunteer teams'],
      summary: 'A team (public); members only for its leader and organisers',
      request: { params: IdParam },
      responses: { 200: json(Team), ...problemResponses(404) },
    }),
    async (c) => {
      const team = await requireTeam(c.req.valid('param').id);
      return c.json(await teamView(team, await optionalUser(c)), 200);
    },
  )
  .openapi(
    createRoute({
      method: 'post',
      path: '/teams/{id}/members',
      tags: ['Volunteer teams'],
      summary: 'Ask to join a team (self)',
      security: bearerAuth,
      request: { params: IdParam },
      responses: {
        201: json(z.object({ status: z.literal('pending') }), 'Pending approval'),
        ...problemResponses(401, 404, 409),
      },
    }),
    async (c) => {
      await joinTeam(await currentUser(c), c.req.valid('param').id);
      return c.json({ status: 'pending' as const }, 201);
    },
  )
  .openapi(
    createRoute({
      method: 'post',
      path: '/teams/{id}/members/{userId}/approve',
      tags: ['Volunteer teams'],
      summary: 'Approve a pending member (leader, organizer)',
      security: bearerAuth,
      request: { params: TeamMemberParams },
      responses: {
        200: json(z.object({ status: z.literal('active') })),
        ...problemResponses(401, 403, 404),
      },
    }),
    async (c) => {
      const { id, userId } = c.req.valid('param');
      await approve(await currentUser(c), id, userId);
      return c.json({ status: 'active' as const }, 200);
    },
  )
  .openapi(
    createRoute({
      method: 'delete',
      path: '/teams/{id}/members/{userId}',
      tags: ['Volunteer teams'],
      summary: 'Leave a team, or remove a member (self, leader, organizer)',
      security: bearerAuth,
      request: { params: TeamMemberParams },
      responses: { 204: noContent, ...problemResponses(401, 403, 404) },
    }),
    async (c) => {
      const { id, userId } = c.req.valid('param');
      await leaveOrRemove(await currentUser(c), id, userId);
      return c.body(null, 204);
    },
  )
  .openapi(
    createRoute({
      method: 'get',
      path: '/me/teams',
      tags: ['Volunteer teams'],
      summary: 'My team memberships',
      security: bearerAuth,
      responses: { 200: json(z.object({ items: z.array(MyTeam) })), ...problemResponses(401) },
    }),
    async (c) => {
      const me = await currentUser(c);
      const items = (await listMyTeams(me.id)).map((m) => ({
        teamId: m.teamId,
        name: m.teamName,
        communityId: m.communityId,
        status: MemberStatus.parse(m.status),
      }));
      return c.json({ items }, 200);
    },
  );
