import { createRoute } from '@hono/zod-openapi';
import type { MiddlewareHandler } from 'hono';
import { AppError } from '../../../shared/errors.js';
import {
  Bin,
  BinCreated,
  BinInput,
  BinSignatureHeaders,
  ScanBatch,
  ScanBatchResult,
} from '../../../shared/schemas/bins.js';
import { Id, IdParam, ListQuery, page, Problem } from '../../../shared/schemas/common.js';
import { communityBins, findBin, registerBin } from '../../services/bins.js';
import { binSecret, verifyBinSignature } from '../../services/bin-secrets.js';
import { ingestScans } from '../../services/garbage.js';
import type { AppEnv } from '../env.js';
import { currentUser } from '../middleware/auth.js';
import { bearerAuth, json, jsonBody, newRouter, problemResponses } from '../openapi.js';

const problemOf = (description: string) => ({
  content: { 'application/problem+json': { schema: Problem } },
  description,
});

const badSignature = () =>
  new AppError('invalid-signature', 'X-Bin-Signature does not match, or X-Bin-Timestamp is more than 300 s off');

/**
 * Authenticates a bin upload over the RAW body bytes, before anything parses them: the body is read
 * once here (Hono caches it, so the JSON validator after this parses the same bytes).
 */
const signedByBin: MiddlewareHandler<AppEnv> = async (c, next) => {
  const id = c.req.param('id') ?? '';
  const bin = Id.safeParse(id).success ? await findBin(id) : undefined;
  const body = new Uint8Array(await c.req.arrayBuffer());
  // An unknown bin gets the same answer as a bad signature: uploads reveal nothing about ids.
  if (!bin) throw badSignature();
  const ok = verifyBinSignature({
    secret: await binSecret(bin.id, bin.keyVersion),
    timestamp: c.req.header('x-bin-timestamp'),
    signature: c.req.header('x-bin-signature'),
    body,
  });
  if (!ok) throw badSignature();
  await next();
};

export const binRoutes = newRouter()
  .openapi(
    createRoute({
      method: 'post',
      path: '/bins',
      tags: ['Smart bins'],
      summary: 'Register a smart bin (organizer, staff of the community); its secret is shown only here',
      security: bearerAuth,
      request: jsonBody(BinInput),
      responses: {
        201: json(BinCreated, 'Registered; keep the secret in the bin, it is not shown again'),
        ...problemResponses(400, 401, 403),
      },
    }),
    async (c) => {
      const me = await currentUser(c);
      const { communityId, name } = c.req.valid('json');
      const { bin, secret } = await registerBin(me, communityId, name);
      return c.json({ id: bin.id, communityId: bin.communityId, name: bin.name, secret }, 201);
    },
  )
  .openapi(
    createRoute({
      method: 'get',
      path: '/communities/{id}/bins',
      tags: ['Smart bins'],
      summary: 'The bins of a community (organizer, staff), oldest first; no secrets',
      security: bearerAuth,
      request: { params: IdParam, query: ListQuery },
      responses: {
        200: json(page(Bin)),
        ...problemResponses(400, 401, 403, 404),
      },
    }),
    async (c) => {
      const me = await currentUser(c);
      const { id } = c.req.valid('param');
      const q = c.req.valid('query');
      return c.json(await communityBins(me, id, q.limit, q.cursor), 200);
    },
  )
  .openapi(
    createRoute({
      method: 'post',
      path: '/bins/{id}/scans',
      tags: ['Smart bins'],
      summary: 'Upload a batch of scans (the bin itself, signed)',
      description:
        'Sign `<X-Bin-Timestamp>.<raw body>` with HMAC-SHA256 keyed by the bin secret (its UTF-8 bytes) and send ' +
        'the hex digest as X-Bin-Signature. Bodies up to 256 KiB, 1–100 scans. Each scan is judged on its own; a ' +
        'scanId this bin already sent is a duplicate forever. A body that breaks the schema is rejected whole.',
      middleware: [signedByBin] as const,
      request: { params: IdParam, headers: BinSignatureHeaders, ...jsonBody(ScanBatch) },
      responses: {
        200: json(ScanBatchResult, 'Judged scan by scan'),
        ...problemResponses(400),
        401: problemOf('invalid-signature: a wrong signature, an unknown bin, or a timestamp more than 300 s off'),
        413: problemOf('payload-too-large: over 256 KiB'),
        503: problemOf('Busy; send the same batch again (scans already credited come back as duplicates)'),
      },
    }),
    async (c) => {
      const { id } = c.req.valid('param');
      const bin = (await findBin(id))!;
      const { scans } = c.req.valid('json');
      return c.json(await ingestScans(bin, scans), 200);
    },
  );
