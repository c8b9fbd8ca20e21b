import { createRoute, z } from '@hono/zod-openapi';
import { notFound } from '../../../shared/errors.js';
import { IdParam, page } from '../../../shared/schemas/common.js';
import {
  IdempotencyHeader,
  RedeemInput,
  RedeemResult,
  Redemption,
  RedemptionListQuery,
  Reward,
  RewardInput,
  RewardListQuery,
  RewardPatch,
} from '../../../shared/schemas/rewards.js';
import { listRewardRedemptions, redeem, viewOf } from '../../services/redemptions.js';
import { redeemByCard } from '../../services/staff-redemption.js';
import {
  assertManagesReward,
  createReward,
  getRewardImage,
  getRewardOr404,
  listRewards,
  patchReward,
} from '../../services/rewards.js';
import { currentUser } from '../middleware/auth.js';
import { bearerAuth, json, jsonBody, newRouter, problems, problemResponses } from '../openapi.js';

const conflictProblems = {
  ...problems[409],
  description:
    '`insufficient-points`, `out-of-stock`, `limit-reached`, `outside-window`, or `conflict` (the Idempotency-Key was used for another request)',
};

export const rewardsRoutes = newRouter()
  .openapi(
    createRoute({
      method: 'post',
      path: '/rewards',
      tags: ['Rewards'],
      summary: 'Offer a gift (organizer, staff of the community)',
      description:
        '`imageUrl` may be a same-origin path, an https URL, or an uploaded PNG/JPEG/WebP data URL (≤ 48,000 characters), which is stored and served from `/api/rewards/{id}/image`.',
      security: bearerAuth,
      request: jsonBody(RewardInput),
      responses: {
        201: json(Reward, 'The gift'),
        ...problemResponses(400, 401, 403, 404),
      },
    }),
    async (c) => c.json(await createReward(await currentUser(c), c.req.valid('json')), 201),
  )
  .openapi(
    createRoute({
      method: 'get',
      path: '/rewards',
      tags: ['Rewards'],
      summary: 'Gifts of a community with their remaining stock (public)',
      request: { query: RewardListQuery },
      responses: { 200: json(page(Reward)), ...problemResponses(400) },
    }),
    async (c) => {
      const q = c.req.valid('query');
      return c.json(await listRewards(q.communityId, q.limit, q.cursor), 200);
    },
  )
  .openapi(
    createRoute({
      method: 'get',
      path: '/rewards/{id}',
      tags: ['Rewards'],
      summary: 'One gift (public)',
      request: { params: IdParam },
      responses: { 200: json(Reward), ...problemResponses(400, 404) },
    }),
    async (c) => c.json(await getRewardOr404(c.req.valid('param').id), 200),
  )
  .openapi(
    createRoute({
      method: 'patch',
      path: '/rewards/{id}',
      tags: ['Rewards'],
      summary: 'Restock or change a gift (organizer, staff)',
      description: '`stockDelta` is added to the stock; a decrease below 0 is 409 `conflict` and changes nothing.',
      security: bearerAuth,
      request: { params: IdParam, ...jsonBody(RewardPatch) },
      responses: {
        200: json(Reward, 'The gift'),
        ...problemResponses(400, 401, 403, 404, 409),
      },
    }),
    async (c) => c.json(await patchReward(await currentUser(c), c.req.valid('param').id, c.req.valid('json')), 200),
  )
  .openapi(
    createRoute({
      method: 'get',
      path: '/rewards/{id}/image',
      tags: ['Rewards'],
      summary: 'The uploaded picture of a gift (public)',
      request: { params: IdParam },
      responses: {
        200: {
          description: 'The picture',
          content: { 'image/*': { schema: z.string().meta({ format: 'binary' }) } },
        },
        ...problemResponses(404),
      },
    }),
    async (c) => {
      const img = await getRewardImage(c.req.valid('param').id);
      if (!img) throw notFound('Image');
      return c.body(new Uint8Array(Buffer.from(img.data, 'base64')), 200, {
        'Content-Type': img.contentType,
        // The URL carries a content hash (`?v=`), so a long cache is safe.
        'Cache-Control': 'public, max-age=86400',
        'X-Content-Type-Options': 'nosniff',
        'Content-Security-Policy': "default-src 'none'",
      });
    },
  )
  .openapi(
    createRoute({
      method: 'post',
      path: '/rewards/{id}/redemptions',
      tags: ['Rewards'],
      summary: 'Redeem a gift (residents of its community)',
      description:
        'One transaction: points debited (ledger `redeem`), stock reserved, per-person limit and availability checked. ' +
        'Send a fresh `Idempotency-Key` per tap and the same one on retries: the same key with the same body returns ' +
        'the first answer and charges nothing; with another body it is 409 `conflict`. Keys are remembered 48 h. ' +
        'Staff of the gift’s community may send `cardNo`: they redeem for the card’s holder and hand the gift over ' +
        'at once (`status: "fulfilled"`), idempotent the same way.',
      security: bearerAuth,
      request: {
        params: IdParam,
        headers: IdempotencyHeader,
        body: { content: { 'application/json': { schema: RedeemInput } }, required: false },
      },
      responses: {
        201: json(
          RedeemResult.extend({ status: z.enum(['reserved', 'fulfilled']) }),
          'Reserved (show the pickup code at the service station), or fulfilled when staff redeemed by card',
        ),
        ...problemResponses(400, 401, 403, 404),
        409: conflictProblems,
      },
    }),
    async (c) => {
      const me = await currentUser(c);
      const { quantity, cardNo } = c.req.valid('json') ?? { quantity: 1 };
      const key = c.req.valid('header')['idempotency-key'];
      const id = c.req.valid('param').id;
      if (cardNo) return c.json(await redeemByCard(me, id, cardNo, quantity ?? 1, key), 201);
      return c.json(await redeem(me, id, quantity ?? 1, key), 201);
    },
  )
  .openapi(
    createRoute({
      method: 'get',
      path: '/rewards/{id}/redemptions',
      tags: ['Rewards'],
      summary: 'Redemptions of a gift, newest first (organizer, staff)',
      security: bearerAuth,
      request: { params: IdParam, query: RedemptionListQuery },
      responses: {
        200: json(page(Redemption)),
        ...problemResponses(400, 401, 403, 404),
      },
    }),
    async (c) => {
      const me = await currentUser(c);
      const reward = await getRewardOr404(c.req.valid('param').id);
      await assertManagesReward(me, reward);
      const r = await listRewardRedemptions(reward.id, c.req.valid('query'));
      return c.json({ items: r.items.map((x) => viewOf(x, me.id)), nextCursor: r.nextCursor }, 200);
    },
  );
