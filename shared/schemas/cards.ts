import { z } from 'zod';
import { Id, Phone } from './common.js';

/** A points card (keychain) number: 8–20 letters or digits, as printed. */
export const CardNo = z.string().regex(/^[A-Za-z0-9]{8,20}$/, 'must be 8–20 letters or digits');

export const BindCardInput = z.object({ cardNo: CardNo, userId: Id });
export const CardBinding = z.object({ cardNo: CardNo, userId: Id }).meta({ id: 'CardBinding' });

/** A bound card as its holder and staff see it. */
export const Card = z
  .object({ cardNo: CardNo, userId: Id, boundAt: z.string() })
  .meta({ id: 'Card', description: 'A points card bound to a person' });
export type Card = z.infer<typeof Card>;

export const CardNoParam = z.object({ cardNo: CardNo });
export const CardHolderQuery = z.object({ phone: Phone });

/** A resident found by phone at the service station, with the cards bound to them. */
export const CardHolder = z
  .object({ id: Id, name: z.string(), phone: Phone, communityId: Id.nullable(), cards: z.array(Card) })
  .meta({ id: 'CardHolder' });
