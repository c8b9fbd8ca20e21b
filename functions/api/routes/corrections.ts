import { createRoute, z } from '@hono/zod-openapi';
import { IdParam, ListQuery } from '../../../shared/schemas/common.js';
import {
  AcceptCorrection,
  AcceptResult,
  Correction,
  CorrectionInput,
  CorrectionQueueQuery,
  QueuedCorrection,
  RejectCorrection,
  RejectResult,
} from '../../../shared/schemas/corrections.js';
import {
  acceptCorrection,
  correctionQueue,
  fileCorrection,
  myCorrections,
  rejectCorrection,
} from '../../services/corrections.js';
import { currentUser } from '../middleware/auth.js';
import { bearerAuth, json, jsonBody, newRouter, problemResponses } from '../openapi.js';

const tags = ['Correction requests'];

/** 纠错申请: a volunteer asks for a missing or wrong service record to be corrected; the organiser answers. */
export const correctionRoutes = newRouter()
  .openapi(
    createRoute({
      method: 'post',
      path: '/activities/{id}/corrections',
      tags,
      summary: 'Ask for my record of this activity to be corrected (someone who signed up), up to 30 days after it',
      security: bearerAuth,
      request: { params: IdParam, ...jsonBody(CorrectionInput) },
      responses: {
        201: json(Correction, 'Filed; due for an answer in 7 days'),
        ...problemResponses(400, 401, 403, 404, 409),
      },
    }),
    async (c) => c.json(await fileCorrection(await currentUser(c), c.req.valid('param').id, c.req.valid('json')), 201),
  )
  .openapi(
    createRoute({
      method: 'get',
      path: '/me/corrections',
      tags,
      summary: 'My correction requests, newest first',
      security: bearerAuth,
      request: { query: ListQuery },
      responses: {
        200: json(z.object({ items: z.array(Correction), nextCursor: z.string().nullable() })),
        ...problemResponses(401),
      },
    }),
    async (c) => {
      const q = c.req.valid('query');
      return c.json(await myCorrections(await currentUser(c), q.limit, q.cursor), 200);
    },
  )
  .openapi(
    createRoute({
      method: 'get',
      path: '/corrections',
      tags,
      summary: 'The queue (organizer of the community or its street, admin): oldest — so overdue — first',
      security: bearerAuth,
      request: { query: CorrectionQueueQuery },
      responses: {
        200: json(z.object({ items: z.array(QueuedCorrection), nextCursor: z.string().nullable() })),
        ...problemResponses(400, 401, 403),
      },
    }),
    async (c) => c.json(await correctionQueue(await currentUser(c), c.req.valid('query')), 200),
  )
  .openapi(
    createRoute({
      method: 'post',
      path: '/corrections/{id}/accept',
      tags,
      summary: 'Accept (organizer, admin): before confirm it sets the attendance; after, credits the difference once',
      security: bearerAuth,
      request: { params: IdParam, ...jsonBody(AcceptCorrection) },
      responses: {
        200: json(AcceptResult),
        ...problemResponses(400, 401, 403, 404, 409),
      },
    }),
    async (c) =>
      c.json(await acceptCorrection(await currentUser(c), c.req.valid('param').id, c.req.valid('json').minutes), 200),
  )
  .openapi(
    createRoute({
      method: 'post',
      path: '/corrections/{id}/reject',
      tags,
      summary: 'Reject with a reason (organizer, admin)',
      security: bearerAuth,
      request: { params: IdParam, ...jsonBody(RejectCorrection) },
      responses: {
        200: json(RejectResult),
        ...problemResponses(400, 401, 403, 404, 409),
      },
    }),
    async (c) =>
      c.json(await rejectCorrection(await currentUser(c), c.req.valid('param').id, c.req.valid('json').reason), 200),
  );
