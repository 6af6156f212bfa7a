import type { z } from '@hono/zod-openapi';
import type { TotalsSchema } from '../../schemas/carts';
import type { CheckoutBody, OrderItemSchema, OrderSchema, PlacedOrderSchema } from '../../schemas/checkout';
import { NamedExamples } from '../../schemas/common';
import { cartLines } from './carts';
import { problemExample } from './common';
import { pageExample } from './pagination';
import { BUYER_EMAIL, ORDER_NUMBER, amounts, at, buyerAddress, ids, tokens } from './story';

/** Whole-body examples of src/schemas/checkout.ts, for the OpenAPI document (the story is in story.ts). */

type Checkout = z.input<typeof CheckoutBody>;

export const checkouts = new NamedExamples<Checkout>({
  fromCart: {
    summary: 'A guest checks out their cart, delivered to a new address',
    value: {
      cartId: ids.cart,
      cartToken: tokens.cart,
      email: BUYER_EMAIL,
      shippingAddress: buyerAddress,
      shippingRateId: ids.rateStandard,
      paymentMethod: 'bank_transfer',
      notes: 'Timbre 5B; si no estoy, dejar en portería.',
    },
  },
  fromItems: {
    summary: 'A signed-in customer buys items, delivered to a saved address',
    value: {
      items: [{ variantId: ids.hoodieNegroL, quantity: 1 }],
      email: BUYER_EMAIL,
      shippingAddressId: ids.address,
      shippingRateId: ids.rateExpress,
      paymentMethod: 'cod',
    },
  },
});

type OrderItem = z.output<typeof OrderItemSchema>;

/** A cart line as the order keeps it. */
function asBought(line: (typeof cartLines)['hoodie'], id: string): OrderItem {
  const { variantId, productId, productName, sku, variantLabel, unitPrice, quantity, lineTotal } = line;
  const paid = { discount: 0, tax: 0, total: lineTotal };
  return { id, variantId, productId, productName, sku, variantLabel, unitPrice, quantity, lineTotal, ...paid };
}

/** The order's lines: the hoodie and the t-shirt, as bought. */
export const orderItems = {
  hoodie: asBought(cartLines.hoodie, ids.orderItemHoodie),
  remera: asBought(cartLines.remera, ids.orderItemRemera),
};

export const orderTotals = {
  subtotal: amounts.subtotal,
  discount: 0,
  shipping: amounts.standardShipping,
  tax: 0,
  taxIncluded: 0,
  total: amounts.total,
} satisfies z.output<typeof TotalsSchema>;

/** Lucía's order as she sees it, awaiting her transfer. */
export const order = {
  id: ids.order,
  number: ORDER_NUMBER,
  status: 'pending_payment',
  store: { slug: 'balsamoa', name: 'Balsamoa' },
  email: BUYER_EMAIL,
  currency: 'ARS',
  market: 'default',
  taxLines: [],
  promotions: [],
  items: [orderItems.hoodie, orderItems.remera],
  totals: orderTotals,
  shippingAddress: buyerAddress,
  shippingRate: { id: ids.rateStandard, name: 'Envío estándar' },
  payment: {
    id: ids.payment,
    method: 'bank_transfer',
    status: 'pending',
    amount: amounts.total,
    currency: 'ARS',
    reference: ORDER_NUMBER,
    instructions: {
      text: 'Transferí el total al alias BALSAMOA.ROPA (CBU 0000003100000000000001) e indicá el número de pedido.',
      amount: amounts.total,
      currency: 'ARS',
      reference: ORDER_NUMBER,
    },
  },
  shipments: [],
  notes: 'Timbre 5B; si no estoy, dejar en portería.',
  reservationExpiresAt: at.reservationExpires,
  cancelReason: null,
  createdAt: at.ordered,
  paidAt: null,
  preparingAt: null,
  shippedAt: null,
  deliveredAt: null,
  cancelledAt: null,
} satisfies z.output<typeof OrderSchema>;

export const placedOrder = { ...order, accessToken: tokens.order } satisfies z.output<typeof PlacedOrderSchema>;

/** The cart's hoodie sold out before Lucía paid for it. */
export const insufficientStock = problemExample(
  'insufficient_stock',
  'Not enough stock for some items; nothing was ordered.',
  [{ path: 'cartId', message: '0 available.', variantId: ids.hoodieNegroM, requested: 1, available: 0 }],
);

export const checkoutRefusals = new NamedExamples({
  validationFailed: {
    summary: 'Fields that are invalid',
    value: problemExample('validation_failed', 'The request body has 2 invalid field(s).', [
      { in: 'json', path: 'email', message: 'Invalid email address', code: 'invalid_format' },
      {
        in: 'json',
        path: 'shippingAddress.country',
        message: 'An ISO 3166-1 alpha-2 country code.',
        code: 'invalid_format',
      },
    ]),
  },
  idempotencyKeyReuse: {
    summary: 'An Idempotency-Key already used for another body',
    value: problemExample(
      'idempotency_key_reuse',
      'This Idempotency-Key was used for a different request; use a new key for a new order.',
    ),
  },
});

/** Lucía's orders, signed in: the one above. */
export const orderPage = pageExample(order);
