import type { InferResponseType } from 'hono/client';
import type { api } from '../../api.js';

/** A gift as `GET /api/rewards` lists it. */
export type Gift = InferResponseType<typeof api.rewards.$get, 200>['items'][number];
/** The answer to a redemption (201). */
export type RedeemResult = InferResponseType<(typeof api.rewards)[':id']['redemptions']['$post'], 201>;
/** A redemption as its owner (with the pickup code) or staff (with the name) sees it. */
export type Redemption = InferResponseType<typeof api.me.redemptions.$get, 200>['items'][number];
/** An open reservation in a community's pickup list. */
export type OpenReservation = InferResponseType<
  (typeof api.communities)[':id']['reservations']['$get'],
  200
>['items'][number];
/** Points liability of a scope. */
export type Liability = InferResponseType<typeof api.points.liability.$get, 200>;
