import { z } from 'zod';
import { Id, IsoTime } from './common.js';

/** Largest uploaded picture as a data URL (~36 KB of JPEG), inside the 64 KiB body limit. */
export const MAX_IMAGE_DATA_URL = 48_000;

/**
 * A gift's picture: a same-origin path (`/gifts/rice.svg`), an https URL, or an uploaded PNG/JPEG/WebP
 * as a data URL (stored apart from the gift and served from `/api/rewards/{id}/image`). SVG uploads are
 * refused: served from our origin they could run script.
 */
export const ImageUrl = z
  .string()
  .max(MAX_IMAGE_DATA_URL)
  .refine(
    (s) =>
      /^\/[A-Za-z0-9/_.?=&-]{1,300}$/.test(s) ||
      /^https:\/\/[^\s"'<>]{1,500}$/.test(s) ||
      /^data:image\/(png|jpeg|webp);base64,[A-Za-z0-9+/]+=*$/.test(s),
    'must be a /path, an https URL, or a PNG/JPEG/WebP data URL',
  );

const Name = z.string().trim().min(1).max(40);
const Description = z.string().trim().max(200);
const Cost = z.number().int().min(1).max(100_000);
const Limit = z.number().int().min(1).max(100_000);

const windowOk = (v: { availableFrom?: string | null; availableUntil?: string | null }) =>
  !v.availableFrom || !v.availableUntil || Date.parse(v.availableUntil) > Date.parse(v.availableFrom);
const windowIssue = { message: 'must be after availableFrom', path: ['availableUntil'] };

export const RewardInput = z
  .object({
    communityId: Id,
    name: Name,
    cost: Cost,
    stock: z.number().int().min(0).max(100_000),
    description: Description.optional(),
    limitPerUser: Limit.optional(),
    imageUrl: ImageUrl.optional(),
    availableFrom: IsoTime.optional(),
    availableUntil: IsoTime.optional(),
  })
  .refine(windowOk, windowIssue);
export type RewardInput = z.infer<typeof RewardInput>;

export const RewardPatch = z
  .object({
    stockDelta: z.number().int().min(-100_000).max(100_000).optional(),
    name: Name.optional(),
    cost: Cost.optional(),
    active: z.boolean().optional(),
    description: Description.optional(),
    limitPerUser: Limit.nullable().optional(),
    imageUrl: ImageUrl.nullable().optional(),
    availableFrom: IsoTime.nullable().optional(),
    availableUntil: IsoTime.nullable().optional(),
  })
  .strict()
  .refine((v) => Object.keys(v).length > 0, 'name at least one field to change')
  .refine(windowOk, windowIssue);
export type RewardPatch = z.infer<typeof RewardPatch>;

export const Reward = z
  .object({
    id: Id,
    communityId: Id,
    name: z.string(),
    description: z.string().nullable(),
    cost: z.number().int(),
    stock: z.number().int().describe('Remaining stock'),
    limitPerUser: z.number().int().nullable(),
    imageUrl: z.string().nullable(),
    availableFrom: z.string().nullable(),
    availableUntil: z.string().nullable(),
    active: z.boolean(),
    redeemed: z.number().int().describe('Units reserved or collected so far (cancelled ones given back)'),
    createdAt: z.string(),
  })
  .meta({ id: 'Reward' });
export type Reward = z.infer<typeof Reward>;

export const RewardListQuery = z.object({
  communityId: Id,
  limit: z.coerce.number().int().min(1).max(100).default(20),
  cursor: z.string().max(2048).optional(),
});

export const RedeemInput = z
  .object({
    quantity: z.number().int().min(1).max(10).default(1),
    /** Staff at the service station redeem for the holder of this card (代管居民 and anyone with a card). */
    cardNo: z
      .string()
      .regex(/^[A-Za-z0-9]{8,20}$/, 'must be 8–20 letters or digits')
      .optional(),
  })
  .strict();

/** The `Idempotency-Key` header: 8–64 visible ASCII characters, chosen by the client per redeem tap. */
export const IdempotencyHeader = z.object({
  'idempotency-key': z
    .string()
    .regex(/^[\x21-\x7E]{8,64}$/, 'must be 8–64 visible ASCII characters')
    .meta({ description: 'A new random value per redeem tap, sent again unchanged on retries' }),
});

export const RedemptionStatus = z.enum(['reserved', 'fulfilled', 'cancelled']);
export type RedemptionStatus = z.infer<typeof RedemptionStatus>;

/** Why a reservation was cancelled. */
export const CancelReason = z.enum(['owner', 'staff', 'expired']);
export type CancelReason = z.infer<typeof CancelReason>;

/** 6 digits: unambiguous on a phone screen, typed on a numeric keypad, easy to read aloud. */
export const PICKUP_CODE_PATTERN = /^\d{6}$/;

/** The answer to a redemption (201), replayed unchanged for the same Idempotency-Key. */
export const RedeemResult = z
  .object({
    id: Id,
    rewardId: Id,
    rewardName: z.string(),
    communityId: Id,
    quantity: z.number().int(),
    cost: z.number().int().describe('Points charged: unit cost × quantity'),
    unitCost: z.number().int(),
    status: z.literal('reserved'),
    pickupCode: z.string(),
    balanceAfter: z.number().int(),
    createdAt: z.string(),
    expiresAt: z.string().describe('Not collected by then → cancelled and refunded'),
  })
  .meta({ id: 'RedeemResult' });
export type RedeemResult = z.infer<typeof RedeemResult>;

export const Redemption = z
  .object({
    id: Id,
    rewardId: Id,
    rewardName: z.string(),
    imageUrl: z.string().nullable(),
    communityId: Id,
    userId: Id,
    userName: z.string().optional().describe('Shown to staff and organisers'),
    quantity: z.number().int(),
    cost: z.number().int(),
    unitCost: z.number().int(),
    status: RedemptionStatus,
    pickupCode: z.string().optional().describe('Only shown to its owner'),
    createdAt: z.string(),
    expiresAt: z.string(),
    fulfilledAt: z.string().nullable(),
    cancelledAt: z.string().nullable(),
    cancelReason: CancelReason.nullable(),
  })
  .meta({ id: 'Redemption' });
export type Redemption = z.infer<typeof Redemption>;

export const RedemptionListQuery = z.object({
  status: RedemptionStatus.optional(),
  limit: z.coerce.number().int().min(1).max(100).default(20),
  cursor: z.string().max(2048).optional(),
});

export const FulfilInput = z.object({ pickupCode: z.string().trim().min(1).max(32) });
export const FulfilResult = z.object({ id: Id, status: z.literal('fulfilled'), fulfilledAt: z.string() });
export const CancelResult = z.object({ id: Id, status: z.literal('cancelled'), balanceAfter: z.number().int() });

/** An open reservation in its community's pickup list (what staff hand over). */
export const OpenReservation = z
  .object({
    redemptionId: Id,
    rewardId: Id,
    rewardName: z.string(),
    quantity: z.number().int(),
    userId: Id,
    userName: z.string(),
    createdAt: z.string(),
    expiresAt: z.string(),
  })
  .meta({ id: 'OpenReservation' });
export type OpenReservation = z.infer<typeof OpenReservation>;

export const OpenReservationQuery = z.object({
  pickupCode: z.string().trim().min(1).max(32).optional(),
  limit: z.coerce.number().int().min(1).max(100).default(20),
  cursor: z.string().max(2048).optional(),
});

// ---- points liability -----------------------------------------------------------------------
/** `city`, `street:<id>` or `community:<id>`. */
export const LiabilityScope = z
  .string()
  .regex(/^(city|(street|community):[0-9A-HJKMNP-TV-Z]{26})$/, 'must be city, street:<id> or community:<id>');

export const LiabilityFigures = z.object({
  issued: z.object({
    volunteer: z.number().int(),
    garbage: z.number().int(),
    adjust: z.number().int().describe('Net of manual corrections (may be negative)'),
    total: z.number().int(),
  }),
  redeemed: z.number().int().describe('Points spent on gifts (positive)'),
  refunded: z.number().int().describe('Points given back for cancelled or expired reservations'),
  outstanding: z.number().int().describe('issued − redeemed + refunded: what residents hold'),
});
export type LiabilityFigures = z.infer<typeof LiabilityFigures>;

export const LiabilityRow = LiabilityFigures.extend({ id: Id, name: z.string() });
export type LiabilityRow = z.infer<typeof LiabilityRow>;

export const Liability = z
  .object({
    scope: LiabilityScope,
    month: z.string().nullable().describe('The month the figures cover (moves made in it), or null for all time'),
    name: z.string(),
    totals: LiabilityFigures,
    streets: z.array(LiabilityRow).describe('Each street of the scope (city scope only)'),
    communities: z.array(LiabilityRow.extend({ streetId: Id })),
    unassigned: LiabilityFigures.nullable().describe('Residents without a community (city scope only)'),
  })
  .meta({ id: 'Liability' });
export type Liability = z.infer<typeof Liability>;
