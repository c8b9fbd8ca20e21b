import { createRoute } from '@hono/zod-openapi';
import { Certificate, CertificateCheck, CertificateInput } from '../../../shared/schemas/certificates.js';
import { IdParam } from '../../../shared/schemas/common.js';
import { checkCertificate, issueCertificate } from '../../services/certificates.js';
import { currentUser } from '../middleware/auth.js';
import { bearerAuth, json, newRouter, problemResponses } from '../openapi.js';

/** Proofs of service (志愿服务记录证明): issued to the volunteer, checked by anyone with the paper. */
export const certificateRoutes = newRouter()
  .openapi(
    createRoute({
      method: 'post',
      path: '/me/certificates',
      tags: ['Volunteer service'],
      summary: 'Issue a numbered proof of my confirmed service, in the name of my community',
      description:
        '`from`/`to` (a day or a time) limit the period; without them every confirmed activity counts. No ' +
        'confirmed service in the period, or no community yet, is 409 `conflict`. The printed page carries a QR ' +
        'code of `verifyUrl`.',
      security: bearerAuth,
      request: { body: { content: { 'application/json': { schema: CertificateInput } }, required: false } },
      responses: { 201: json(Certificate, 'Issued'), ...problemResponses(400, 401, 409) },
    }),
    async (c) => {
      const me = await currentUser(c);
      const input = c.req.valid('json') ?? {};
      // The page that verifies is served by the same origin as the API (CloudFront in the cloud, npm start locally).
      const origin = c.req.header('origin') ?? new URL(c.req.url).origin;
      return c.json(await issueCertificate(me, input, origin), 201);
    },
  )
  .openapi(
    createRoute({
      method: 'get',
      path: '/certificates/{id}',
      tags: ['Volunteer service'],
      summary: 'Check a proof of service (public): number, masked name, hours, issuer',
      request: { params: IdParam },
      responses: { 200: json(CertificateCheck), ...problemResponses(400, 404) },
    }),
    async (c) => c.json(await checkCertificate(c.req.valid('param').id), 200),
  );
