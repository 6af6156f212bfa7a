import { z } from '@hono/zod-openapi';
import { MAX_CART_ITEM_QUANTITY, MAX_LINES } from '../lib/cart-limits';
import { CART_STATUSES, PROMOTION_TYPES } from '../lib/enums';
import { Email } from './auth';
import { StoreParams } from './stores';

const Quantity = z.number().int().min(1).max(MAX_CART_ITEM_QUANTITY);

export const LineInput = z
  .object({
    variantId: z.uuid(),
    quantity: Quantity.openapi({ description: `1 to ${MAX_CART_ITEM_QUANTITY}.` }),
  })
  .strict()
  .openapi('LineInput');

/** Lines naming each variant once (an id in any letter case, as the database reads it), at most MAX_LINES of them. */
export const LineInputs = z
  .array(LineInput)
  .min(1)
  .max(MAX_LINES)
  .superRefine((items, context) => {
    const seen = new Set<string>();
    items.forEach((item, index) => {
      const id = item.variantId.toLowerCase();
      if (seen.has(id))
        context.addIssue({
          code: 'custom',
          path: [index, 'variantId'],
          message: 'Name each variant once; give its total quantity.',
        });
      seen.add(id);
    });
  });

export const CartParams = StoreParams.extend({ cartId: z.uuid().openapi({ param: { name: 'cartId', in: 'path' } }) });
export const CartItemParams = CartParams.extend({
  itemId: z.uuid().openapi({ param: { name: 'itemId', in: 'path' } }),
});

export const CART_TOKEN_HEADER = 'x-cart-token';

/** Documents the guest's cart token header on every route that opens a cart. */
export const CartTokenHeaders = z.object({
  'x-cart-token': z.string().max(100).optional(),
});

const Country = z
  .string()
  .trim()
  .toUpperCase()
  .regex(/^[A-Z]{2}$/, 'An ISO 3166-1 alpha-2 country code.');
const Region = z.string().trim().min(1).max(10);

/** A promotion code as a shopper types it: trimmed, upper-cased. */
export const PromotionCodeInput = z
  .string()
  .trim()
  .toUpperCase()
  .min(1)
  .max(40)
  .openapi({ description: '1 to 40 characters, any case.' });

export const PromotionCodeBody = z.object({ code: PromotionCodeInput }).strict().openapi('CartPromotionCode');

export const CreateCartBody = z
  .object({
    items: LineInputs.optional(),
    email: Email.optional(),
    shippingRateId: z.uuid().optional(),
    country: Country.optional().openapi({ description: 'The tax destination; else the shopper’s country.' }),
    region: Region.optional(),
  })
  .strict()
  .openapi('CreateCart');

export const UpdateCartBody = z
  .object({
    email: Email.optional(),
    shippingRateId: z.uuid().nullable().optional(),
    country: Country.nullable().optional(),
    region: Region.nullable().optional(),
  })
  .strict()
  .refine((body) => Object.keys(body).length > 0, 'Give at least one field.')
  .openapi('UpdateCart');

export const SetQuantityBody = z
  .object({
    quantity: z.number().int().min(0).max(MAX_CART_ITEM_QUANTITY),
  })
  .strict()
  .openapi('SetQuantity');

const Money = z.number().int();

export const TotalsSchema = z
  .object({
    subtotal: Money,
    discount: Money,
    shipping: Money,
    tax: Money,
    taxIncluded: Money,
    total: Money,
  })
  .openapi('Totals');

/** A promotion applied to a cart or an order, and what it took off. */
export const AppliedPromotionSchema = z
  .object({
    promotionId: z.uuid(),
    name: z.string(),
    code: z.string().nullable().openapi({ description: 'null: automatic.' }),
    type: z.enum(PROMOTION_TYPES),
    amount: Money.openapi({ description: 'Taken off the lines.' }),
    shippingAmount: Money.openapi({ description: 'The shipping fee it waived.' }),
  })
  .openapi('AppliedPromotion');

/** One tax rate's part of a cart's or an order's tax. */
export const TaxLineSchema = z
  .object({
    name: z.string(),
    percentage: z.number(),
    country: z.string().nullable(),
    region: z.string().nullable(),
    taxClass: z.string().nullable(),
    taxable: Money,
    amount: Money,
    included: z.boolean().openapi({ description: 'true: contained in the prices, not added.' }),
  })
  .openapi('TaxLine');

export const CartSchema = z
  .object({
    id: z.uuid(),
    status: z.enum(CART_STATUSES),
    market: z.string().openapi({ description: 'The market it is priced in (`default`: the home market).' }),
    currency: z.string().length(3),
    email: z.string().nullable(),
    customerId: z.uuid().nullable(),
    orderId: z.uuid().nullable(),
    country: z.string().nullable(),
    region: z.string().nullable(),
    taxInclusive: z.boolean(),
    items: z.array(
      z.object({
        id: z.uuid(),
        variantId: z.uuid(),
        productId: z.uuid().nullable(),
        productSlug: z.string().nullable(),
        productName: z.string().nullable(),
        sku: z.string().nullable(),
        variantLabel: z.string().nullable(),
        imageUrl: z.string().nullable(),
        quantity: z.number().int(),
        unitPrice: Money.nullable(),
        compareAtPrice: Money.nullable(),
        lineTotal: Money,
        discount: Money,
        purchasable: z.boolean(),
        availability: z.enum(['in_stock', 'low_stock', 'out_of_stock', 'unavailable']),
      }),
    ),
    itemCount: z.number().int(),
    shippingRate: z
      .object({ id: z.uuid(), name: z.string(), amount: Money, freeOverAmount: Money.nullable() })
      .nullable(),
    promotionCode: z
      .object({ code: z.string(), applies: z.boolean(), reason: z.string().nullable() })
      .nullable()
      .openapi({ description: 'The code entered; `applies: false` with the `reason` once it stops applying.' }),
    promotions: z.array(AppliedPromotionSchema),
    taxLines: z.array(TaxLineSchema),
    totals: TotalsSchema,
    expiresAt: z.string(),
    createdAt: z.string(),
    updatedAt: z.string(),
  })
  .openapi('Cart');

export const CreatedCartSchema = CartSchema.extend({
  token: z.string().optional(),
}).openapi('CreatedCart');
