import { createRoute, z } from '@hono/zod-openapi';
import { IdParam, Phone } from '../../../shared/schemas/common.js';
import { Resident, ResidentInput, UserPhonePatch } from '../../../shared/schemas/residents.js';
import { givePhoneTo, registerManagedResident } from '../../services/residents.js';
import { currentUser } from '../middleware/auth.js';
import { bearerAuth, json, jsonBody, newRouter, problemResponses } from '../openapi.js';

/** Residents without a phone (代管居民, API.md): registered, found by name, and later given a phone by staff. */
export const residentRoutes = newRouter()
  .openapi(
    createRoute({
      method: 'post',
      path: '/residents',
      tags: ['Organisation'],
      summary: 'Register a resident without a phone (organizer, staff of the community)',
      description:
        'The community keeps the account: staff check them in by proxy, bind their card and redeem for them. ' +
        'They are found by name with `GET /api/users?communityId=&q=`.',
      security: bearerAuth,
      request: jsonBody(ResidentInput),
      responses: { 201: json(Resident, 'Registered'), ...problemResponses(400, 401, 403) },
    }),
    async (c) => c.json(await registerManagedResident(await currentUser(c), c.req.valid('json')), 201),
  )
  .openapi(
    createRoute({
      method: 'patch',
      path: '/users/{id}',
      tags: ['Organisation'],
      summary: 'Give a managed resident a phone (organizer, staff of the community)',
      description:
        'From then on they sign in with it and keep their record. A phone that already has an account, or a ' +
        'resident who already has a phone, is 409 `conflict`.',
      security: bearerAuth,
      request: { params: IdParam, ...jsonBody(UserPhonePatch) },
      responses: {
        200: json(
          z.object({
            id: z.string(),
            name: z.string(),
            phone: Phone,
            communityId: z.string().nullable(),
            managed: z.boolean(),
          }),
        ),
        ...problemResponses(400, 401, 403, 404, 409),
      },
    }),
    async (c) =>
      c.json(await givePhoneTo(await currentUser(c), c.req.valid('param').id, c.req.valid('json').phone), 200),
  );
