import { z } from '@hono/zod-openapi';
import { ORDER_STATUSES, PAYMENT_METHODS, SHIPMENT_STATUSES } from '../lib/enums';
import { Email } from './auth';
import { AppliedPromotionSchema, LineInputs, PromotionCodeInput, TaxLineSchema, TotalsSchema } from './carts';
import { StoreParams } from './stores';

const text = (max: number) => z.string().trim().min(1).max(max);
const optionalText = (max: number) => z.string().trim().max(max).nullable().optional();

export const AddressInput = z
  .object({
    name: text(200),
    line1: text(200),
    line2: optionalText(200),
    city: text(100),
    region: optionalText(100),
    postalCode: optionalText(20),
    country: z
      .string()
      .trim()
      .toUpperCase()
      .regex(/^[A-Z]{2}$/, 'An ISO 3166-1 alpha-2 country code.')
      .openapi({ example: 'AR' }),
    phone: optionalText(40),
  })
  .strict()
  .openapi('Address');

/** Every order's choice of address: one typed in, or a saved one. */
export const ADDRESS_ALTERNATIVES = [['shippingAddress'], ['shippingAddressId']] as const;

/**
 * The checkout body's two choices, each between groups of fields (the first
 * field of a group is the one that chooses it): a cart or items, and an
 * address or a saved one. The refinement below enforces them; the OpenAPI
 * document shows them as `oneOf` (http/openapi-document.ts).
 */
export const CHECKOUT_ALTERNATIVES = [[['cartId', 'cartToken'], ['items']], ADDRESS_ALTERNATIVES] as const;

/** Who orders, where it goes and how it is paid: the fields of every order, a checkout's or a campaign join's. */
export const OrderFields = {
  email: Email,
  shippingAddress: AddressInput.optional(),
  shippingAddressId: z.uuid().optional(),
  shippingRateId: z.uuid(),
  paymentMethod: z.enum(PAYMENT_METHODS),
  notes: z.string().trim().max(1000).optional(),
};

/** The refinement of `OrderFields`' choice: an address, or a saved one. */
export function refineAddressChoice(
  body: { shippingAddress?: unknown; shippingAddressId?: unknown },
  context: z.RefinementCtx,
): void {
  if ((body.shippingAddress === undefined) === (body.shippingAddressId === undefined)) {
    context.addIssue({
      code: 'custom',
      path: ['shippingAddress'],
      message: 'Give an address (shippingAddress) or a saved one (shippingAddressId), not both.',
    });
  }
}

export const CheckoutBody = z
  .object({
    cartId: z.uuid().optional(),
    cartToken: z.string().min(1).max(100).optional(),
    items: LineInputs.optional(),
    ...OrderFields,
    promotionCode: PromotionCodeInput.optional().openapi({
      description:
        'A promotion code (any case); for a cart, replaces the one entered on it. One that does not apply is refused.',
    }),
  })
  .strict()
  .superRefine((body, context) => {
    if ((body.cartId === undefined) === (body.items === undefined)) {
      context.addIssue({ code: 'custom', path: ['items'], message: 'Name a cart (cartId) or list items, not both.' });
    }
    refineAddressChoice(body, context);
    if (body.cartToken !== undefined && body.cartId === undefined) {
      context.addIssue({ code: 'custom', path: ['cartToken'], message: 'A cart token goes with a cartId.' });
    }
  })
  .openapi('Checkout');

export const CheckoutHeaders = z.object({
  'idempotency-key': z
    .string()
    .regex(/^[\x21-\x7e]{1,255}$/, '1 to 255 visible ASCII characters.')
    .openapi({
      example: '5f0c1b8e-checkout-1',
    }),
});

export const ORDER_TOKEN_HEADER = 'x-order-token';

export const OrderParams = StoreParams.extend({
  orderId: z.uuid().openapi({ param: { name: 'orderId', in: 'path' } }),
});

export const OrderTokenHeaders = z.object({
  'x-order-token': z.string().max(100).optional(),
});

const Money = z.number().int();

/** A line of an order, as bought. */
export const OrderItemSchema = z.object({
  id: z.uuid(),
  variantId: z.uuid(),
  productId: z.uuid(),
  productName: z.string(),
  sku: z.string(),
  variantLabel: z.string(),
  unitPrice: Money,
  quantity: z.number().int(),
  lineTotal: Money,
  discount: Money.openapi({ description: 'Taken off the line by promotions.' }),
  tax: Money.openapi({ description: 'The line’s share of the tax (added, or contained in a tax-inclusive market).' }),
  total: Money.openapi({ description: 'Paid for the line: lineTotal − discount, plus tax when added.' }),
});

/** What every order view adds for its money: the market, the tax lines and the promotions applied. */
export const OrderPricingFields = {
  market: z.string().openapi({ description: 'The market it was sold in (`default`: the home market).' }),
  taxLines: z.array(TaxLineSchema),
  promotions: z.array(AppliedPromotionSchema),
};

export const OrderSchema = z
  .object({
    id: z.uuid(),
    number: z.string().openapi({ example: 'ORD-2026-000123' }),
    status: z.enum(ORDER_STATUSES),
    store: z.object({ slug: z.string(), name: z.string() }),
    email: z.string(),
    currency: z.string().length(3),
    ...OrderPricingFields,
    items: z.array(OrderItemSchema),
    totals: TotalsSchema,
    shippingAddress: AddressInput,
    shippingRate: z.object({ id: z.uuid().nullable(), name: z.string().nullable() }),
    payment: z
      .object({
        id: z.uuid(),
        method: z.enum(PAYMENT_METHODS),
        status: z.string(),
        amount: Money,
        currency: z.string(),
        reference: z.string().nullable(),
        instructions: z.record(z.string(), z.unknown()).nullable(),
        clientSecret: z.string().optional(),
        publishableKey: z.string().optional(),
      })
      .nullable(),
    shipments: z.array(
      z.object({
        carrier: z.string(),
        trackingNumber: z.string().nullable(),
        status: z.enum(SHIPMENT_STATUSES),
        shippedAt: z.string().nullable(),
        deliveredAt: z.string().nullable(),
      }),
    ),
    notes: z.string().nullable(),
    reservationExpiresAt: z.string().nullable(),
    cancelReason: z.string().nullable(),
    createdAt: z.string(),
    paidAt: z.string().nullable(),
    preparingAt: z.string().nullable(),
    shippedAt: z.string().nullable(),
    deliveredAt: z.string().nullable(),
    cancelledAt: z.string().nullable(),
  })
  .openapi('Order');

export const PlacedOrderSchema = OrderSchema.extend({
  accessToken: z.string().optional(),
}).openapi('PlacedOrder');
