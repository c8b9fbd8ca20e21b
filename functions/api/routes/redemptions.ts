import { createRoute } from '@hono/zod-openapi';
import { IdParam, page } from '../../../shared/schemas/common.js';
import {
  CancelResult,
  FulfilInput,
  FulfilResult,
  OpenReservation,
  OpenReservationQuery,
  Redemption,
  RedemptionListQuery,
} from '../../../shared/schemas/rewards.js';
import { assertCan } from '../../services/authz.js';
import { communityTarget } from '../../services/org.js';
import {
  cancelRedemption,
  fulfilRedemption,
  getRedemptionFor,
  listOpenReservations,
  listUserRedemptions,
  viewOf,
} from '../../services/redemptions.js';
import { currentUser } from '../middleware/auth.js';
import { bearerAuth, json, jsonBody, newRouter, problemResponses } from '../openapi.js';

export const redemptionsRoutes = newRouter()
  .openapi(
    createRoute({
      method: 'get',
      path: '/me/redemptions',
      tags: ['Rewards'],
      summary: 'My redemptions, newest first, with pickup codes',
      security: bearerAuth,
      request: { query: RedemptionListQuery },
      responses: { 200: json(page(Redemption)), ...problemResponses(400, 401) },
    }),
    async (c) => {
      const me = await currentUser(c);
      const r = await listUserRedemptions(me.id, c.req.valid('query'));
      return c.json({ items: r.items.map((x) => viewOf(x, me.id)), nextCursor: r.nextCursor }, 200);
    },
  )
  .openapi(
    createRoute({
      method: 'get',
      path: '/redemptions/{id}',
      tags: ['Rewards'],
      summary: 'One redemption (its owner; staff and organisers of its community)',
      security: bearerAuth,
      request: { params: IdParam },
      responses: {
        200: json(Redemption),
        ...problemResponses(400, 401, 403, 404),
      },
    }),
    async (c) => c.json(await getRedemptionFor(await currentUser(c), c.req.valid('param').id), 200),
  )
  .openapi(
    createRoute({
      method: 'post',
      path: '/redemptions/{id}/fulfil',
      tags: ['Rewards'],
      summary: 'Hand over a reserved gift (staff, organizer of the community)',
      description: 'A wrong code is 400 `invalid-code`; a redemption no longer reserved is 409 `conflict`.',
      security: bearerAuth,
      request: { params: IdParam, ...jsonBody(FulfilInput) },
      responses: {
        200: json(FulfilResult),
        ...problemResponses(400, 401, 403, 404, 409),
      },
    }),
    async (c) => {
      const id = c.req.valid('param').id;
      const r = await fulfilRedemption(await currentUser(c), id, c.req.valid('json').pickupCode);
      return c.json({ id, status: 'fulfilled' as const, fulfilledAt: r.fulfilledAt }, 200);
    },
  )
  .openapi(
    createRoute({
      method: 'post',
      path: '/redemptions/{id}/cancel',
      tags: ['Rewards'],
      summary: 'Cancel a reservation: points (ledger `refund`) and stock come back (owner, staff, organizer)',
      description: 'Only while reserved, else 409 `conflict`.',
      security: bearerAuth,
      request: { params: IdParam },
      responses: {
        200: json(CancelResult),
        ...problemResponses(400, 401, 403, 404, 409),
      },
    }),
    async (c) => {
      const id = c.req.valid('param').id;
      const r = await cancelRedemption(await currentUser(c), id);
      return c.json({ id, status: 'cancelled' as const, balanceAfter: r.balanceAfter }, 200);
    },
  )
  .openapi(
    createRoute({
      method: 'get',
      path: '/communities/{id}/reservations',
      tags: ['Rewards'],
      summary: 'Open reservations waiting at the service station; `?pickupCode=` finds one (staff, organizer)',
      security: bearerAuth,
      request: { params: IdParam, query: OpenReservationQuery },
      responses: {
        200: json(page(OpenReservation)),
        ...problemResponses(400, 401, 403, 404),
      },
    }),
    async (c) => {
      const me = await currentUser(c);
      const communityId = c.req.valid('param').id;
      assertCan(me, ['staff', 'organizer'], await communityTarget(communityId));
      const q = c.req.valid('query');
      return c.json(
        await listOpenReservations(communityId, { code: q.pickupCode, limit: q.limit, cursor: q.cursor }),
        200,
      );
    },
  );
