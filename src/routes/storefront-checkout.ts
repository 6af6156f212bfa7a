import { createRoute, OpenAPIHono } from '@hono/zod-openapi';
import type { MiddlewareHandler } from 'hono';
import type { AppEnv } from '../env';
import { guestOrCustomer } from '../http/security';
import { privateJsonText } from '../http/json-text';
import { clientAddress, enforceRateLimit } from '../http/rate-limit';
import { optionalShopper, shopperAccess } from '../http/shopper';
import { validationHook } from '../http/validation';
import { CheckoutBody, CheckoutHeaders, ORDER_TOKEN_HEADER, OrderParams, OrderTokenHeaders } from '../schemas/checkout';
import { examples, documenting } from '#examples';
import { jsonContent, malformedBody, problemResponses } from '../schemas/common';
import { MarketQuery } from '../schemas/market-query';
import { StoreParams } from '../schemas/stores';
import { marketChoice } from '../http/market';
import { checkout, placedOrderView } from '../services/checkout/checkout';
import { getBuyerOrder } from '../services/orders/buyer-orders';
import { buyerOrderView } from '../services/orders/order-view';
import { stripeSettings } from '../services/payments/stripe-api';

const tags = documenting && ['Storefront checkout'];

/** Counts every checkout attempt, valid or not: it runs before the request is validated. */
const limitCheckouts: MiddlewareHandler<AppEnv> = async function limitCheckouts(c, next) {
  await enforceRateLimit(c.env.CHECKOUT_RATE_LIMITER, `checkout:${c.req.param('store')}`, clientAddress(c));
  await next();
};

const checkoutRoute = createRoute({
  method: 'post',
  path: '/v1/stores/{store}/checkout',
  operationId: documenting && 'checkout',
  ...guestOrCustomer,
  tags,
  description:
    documenting &&
    [
      'Turns a cart (`cartId`, with `cartToken` for a guest cart) or a list of `items` into an order awaiting payment, and holds its stock until `reservationExpiresAt` (30 minutes unless the store says otherwise).',
      'Prices and totals come from the database at the moment of the transaction. One round trip: one transaction inserts the order, its items, its history, its pending payment, the reservations, the stock movements and the `order.created` event, and raises the variants’ reserved stock; the stock CHECK refuses an oversell.',
      '`Idempotency-Key` is required: the same key and body answer the same order with `Idempotent-Replayed: true` (also one round trip); the same key with another body is a 422. Guests get an `accessToken` to read the order. Limited to 30 a minute per client address and store.',
    ].join('\n\n'),
  middleware: [limitCheckouts] as const,
  request: {
    params: StoreParams,
    query: MarketQuery,
    headers: CheckoutHeaders,
    body: { required: true, ...jsonContent(CheckoutBody, documenting && examples.checkouts) },
  },
  responses: documenting && {
    201: {
      description: 'The order (new, or the one this key placed before)',
      ...jsonContent(placedOrderView.schema, examples.placedOrder),
    },
    ...problemResponses({
      ...malformedBody,
      401: 'An invalid access token',
      403: '`customer_blocked`: the store has blocked the signed-in customer, or the customer of this email (a replay of an order placed before still answers)',
      404: 'No such store, or no cart with that id that these credentials open',
      409: {
        description:
          '`insufficient_stock` (with `errors: [{variantId, requested, available}]`), `promotion_used_up` (a promotion’s, its code’s or your own limit of uses was reached), `conflict` (a promotion or code of the order was deleted as it was placed: try again), or the cart was already checked out',
        example: examples.insufficientStock,
      },
      422: {
        description:
          'A field is invalid (a variant the store does not sell, an address, a rate that does not ship there, a payment method it does not take, a market or currency the store does not sell in), `promotion_not_applicable` (the code does not apply; `detail` says why), or `idempotency_key_reuse`',
        example: examples.checkoutRefusals,
      },
      429: 'Too many checkouts from this address',
      502: '`payment_provider_error`: the card processor could not be reached; the order stands, and a retry with the same key completes it',
    }),
  },
});

const orderRoute = createRoute({
  method: 'get',
  path: '/v1/stores/{store}/orders/{orderId}',
  operationId: documenting && 'getOrder',
  ...guestOrCustomer,
  tags,
  request: { params: OrderParams, headers: OrderTokenHeaders },
  responses: documenting && {
    200: { description: 'The order', ...jsonContent(buyerOrderView.schema, examples.order) },
    ...problemResponses({
      401: 'Neither an order token nor an access token',
      404: 'No such store, or no order these credentials open',
    }),
  },
});

/** Checkout and the buyer's view of an order. */
export const storefrontCheckoutRoutes = new OpenAPIHono<AppEnv>({ defaultHook: validationHook })
  .openapi(checkoutRoute, async (c) => {
    const { store } = c.req.valid('param');
    const result = await checkout(
      c.var.db,
      { secret: c.env.JWT_SECRET, card: stripeSettings(c.env) },
      {
        slug: store,
        idempotencyKey: c.req.valid('header')['idempotency-key'],
        shopper: await optionalShopper(c),
        input: c.req.valid('json'),
        market: marketChoice(c, c.req.valid('query')),
      },
    );
    if (result.replayed) c.header('Idempotent-Replayed', 'true');
    return privateJsonText(c, result.json, 201);
  })
  .openapi(orderRoute, async (c) => {
    const { store, orderId } = c.req.valid('param');
    const json = await getBuyerOrder(c.var.db, store, orderId, await shopperAccess(c, ORDER_TOKEN_HEADER));
    return privateJsonText(c, json);
  });
