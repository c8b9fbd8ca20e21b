import { createRoute, z } from '@hono/zod-openapi';
import { AppError } from '../../../shared/errors.js';
import { OtpRequest, OutboxItem, TokenRequest, TokenResponse } from '../../../shared/schemas/auth.js';
import { Phone } from '../../../shared/schemas/common.js';
import { config } from '../../config.js';
import { listOutbox } from '../../services/sms.js';
import { exchangeCode, requestOtp, toMe } from '../../services/auth.js';
import { clientAddress } from '../client-address.js';
import { json, jsonBody, newRouter, problemResponses } from '../openapi.js';

export const authRoutes = newRouter()
  .openapi(
    createRoute({
      method: 'post',
      path: '/auth/otp',
      tags: ['Auth'],
      summary: 'Text a sign-in code to a phone',
      request: jsonBody(OtpRequest),
      responses: {
        202: json(z.object({ sent: z.literal(true) }), 'Sent'),
        ...problemResponses(400),
        429: { description: 'More than 5 codes for this phone from one address, or 20 from all, in 10 minutes' },
      },
    }),
    async (c) => {
      await requestOtp(c.req.valid('json').phone, clientAddress(c));
      return c.json({ sent: true as const }, 202);
    },
  )
  .openapi(
    createRoute({
      method: 'post',
      path: '/auth/token',
      tags: ['Auth'],
      summary: 'Exchange a code for a 12-hour token',
      request: jsonBody(TokenRequest),
      responses: { 200: json(TokenResponse), ...problemResponses(400, 401) },
    }),
    async (c) => {
      const { phone, code } = c.req.valid('json');
      const r = await exchangeCode(phone, code);
      return c.json({ token: r.token, expiresAt: r.expiresAt, user: toMe(r.user) }, 200);
    },
  )
  .openapi(
    createRoute({
      method: 'get',
      path: '/dev/outbox',
      tags: ['Auth'],
      summary: 'Local only: the texts that would have been sent',
      request: { query: z.object({ phone: Phone }) },
      responses: { 200: json(z.object({ items: z.array(OutboxItem) })), ...problemResponses(404) },
    }),
    async (c) => {
      if (config().appEnv !== 'local') throw new AppError('not-found', 'Not found');
      return c.json({ items: await listOutbox(c.req.valid('query').phone) }, 200);
    },
  );
