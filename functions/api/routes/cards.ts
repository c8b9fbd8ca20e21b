import { createRoute } from '@hono/zod-openapi';
import {
  BindCardInput,
  Card,
  CardBinding,
  CardHolder,
  CardHolderQuery,
  CardNoParam,
} from '../../../shared/schemas/cards.js';
import { IdParam, ListQuery, page } from '../../../shared/schemas/common.js';
import { bindCardFor, cardsOf, findCardHolder, myCards, unbindCardAs } from '../../services/cards.js';
import { currentUser } from '../middleware/auth.js';
import { bearerAuth, json, jsonBody, newRouter, noContent, problemResponses } from '../openapi.js';

export const cardRoutes = newRouter()
  .openapi(
    createRoute({
      method: 'post',
      path: '/cards',
      tags: ['Cards'],
      summary: 'Bind a points card to a resident (staff, organizer of the resident’s community)',
      description: 'Binding a card again to its current holder changes nothing; bound to someone else → 409.',
      security: bearerAuth,
      request: jsonBody(BindCardInput),
      responses: {
        201: json(CardBinding, 'Bound'),
        ...problemResponses(400, 401, 403, 404, 409),
      },
    }),
    async (c) => {
      const me = await currentUser(c);
      const { cardNo, userId } = c.req.valid('json');
      const card = await bindCardFor(me, cardNo, userId);
      return c.json({ cardNo: card.cardNo, userId: card.userId }, 201);
    },
  )
  .openapi(
    createRoute({
      method: 'delete',
      path: '/cards/{cardNo}',
      tags: ['Cards'],
      summary: 'Unbind a card (its holder, staff or organizer of the holder’s community); later scans are rejected',
      security: bearerAuth,
      request: { params: CardNoParam },
      responses: { 204: noContent, ...problemResponses(400, 401, 403, 404) },
    }),
    async (c) => {
      const me = await currentUser(c);
      const { cardNo } = c.req.valid('param');
      await unbindCardAs(me, cardNo);
      return c.body(null, 204);
    },
  )
  .openapi(
    createRoute({
      method: 'get',
      path: '/me/cards',
      tags: ['Cards'],
      summary: 'My bound points cards',
      security: bearerAuth,
      request: { query: ListQuery },
      responses: { 200: json(page(Card)), ...problemResponses(400, 401) },
    }),
    async (c) => {
      const me = await currentUser(c);
      const q = c.req.valid('query');
      return c.json(await myCards(me, q.limit, q.cursor), 200);
    },
  )
  .openapi(
    createRoute({
      method: 'get',
      path: '/users/{id}/cards',
      tags: ['Cards'],
      summary: 'A resident’s bound cards (staff, organizer of the resident’s community)',
      security: bearerAuth,
      request: { params: IdParam, query: ListQuery },
      responses: {
        200: json(page(Card)),
        ...problemResponses(400, 401, 403, 404),
      },
    }),
    async (c) => {
      const me = await currentUser(c);
      const { id } = c.req.valid('param');
      const q = c.req.valid('query');
      return c.json(await cardsOf(me, id, q.limit, q.cursor), 200);
    },
  )
  .openapi(
    createRoute({
      method: 'get',
      path: '/card-holders',
      tags: ['Cards'],
      summary: 'Find a resident of my community by phone, with their cards (staff, organizer)',
      description:
        'For the service-station counter. A phone that is unknown, or belongs to someone outside the ' +
        'communities the caller serves, is the same 404, so the lookup reveals no one else.',
      security: bearerAuth,
      request: { query: CardHolderQuery },
      responses: { 200: json(CardHolder), ...problemResponses(400, 401, 404) },
    }),
    async (c) => {
      const me = await currentUser(c);
      const { phone } = c.req.valid('query');
      const { holder, cards } = await findCardHolder(me, phone);
      return c.json(
        { id: holder.id, name: holder.name, phone: holder.phone, communityId: holder.communityId, cards },
        200,
      );
    },
  );
