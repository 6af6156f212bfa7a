import { type SQL, sql } from 'drizzle-orm';
import type { Database } from '../../db/client';
import type { AddressSnapshot } from '../../db/schema';
import { type BatchResult, runBatch, runStatement } from '../../db/sql/batch';
import { constraintViolation } from '../../db/sql/errors';
import { insertEvents } from '../../db/sql/ledgers';
import { type Statement, statement } from '../../db/sql/statement';
import { type MarketChoice, store, storeCte } from '../../db/sql/store-scope';
import { defineView, type ViewJson, type ViewValue } from '../../db/sql/views';
import { ApiError, noSuchStore } from '../../lib/api-error';
import { canonicalJson } from '../../lib/canonical-json';
import { uuidv7 } from '../../lib/ids';
import { hmacSha256, sha256 } from '../../lib/secrets';
import { PlacedOrderSchema } from '../../schemas/checkout';
import { cartMarket } from '../carts/cart-view';
import { buyerOrderView } from '../orders/order-view';
import type { StripeSettings } from '../payments/stripe-api';
import type { Shopper } from '../shopper';
import { withFields } from '../view-fields';
import { type CardSession, type PendingCardPayment, pendingCardPaymentJson, startCardPayment } from './card-payment';
import {
  type CheckoutOrder,
  checkoutStatements,
  type LineSource,
  type PaymentMethod,
  sourceField,
  wantedLines,
} from './order-statements';

/**
 * The checkout answer: the order as its buyer sees it (built by the SQL),
 * with what only the Worker knows: a guest's access token, and for a card
 * payment what Stripe.js needs.
 */
export const placedOrderView = defineView(PlacedOrderSchema, buyerOrderView.json);

export type PlacedOrderValue = ViewValue<typeof placedOrderView>;

/** What every order asks for, whatever its lines come from: who, where to, how to pay. */
export interface OrderInput {
  email: string;
  shippingAddress?: AddressSnapshot;
  shippingAddressId?: string;
  shippingRateId: string;
  paymentMethod: PaymentMethod;
  notes?: string;
}

export interface CheckoutInput extends OrderInput {
  cartId?: string;
  cartToken?: string;
  items?: { variantId: string; quantity: number }[];
  /** Upper case; for a cart, replaces the cart's code. */
  promotionCode?: string;
}

/** The usage CHECKs that refuse a checkout past a promotion's, a code's or a customer's limit of uses. */
const USAGE_CHECKS = new Set([
  'promotions_usage_limit_check',
  'promotion_codes_usage_limit_check',
  'promotion_customer_uses_limit_check',
]);

/**
 * The redemption's references to its promotion and code: violated when staff
 * deleted the promotion (or the code) while the order was priced with it.
 */
const WITHDRAWN_PROMOTION = new Set([
  'promotion_redemptions_promotion_id_promotions_id_fk',
  'promotion_redemptions_code_id_promotion_codes_id_fk',
]);

export interface CheckoutResult {
  /** The order as its buyer sees it, with a guest's key to it (the same on a replay) and a card payment's session. */
  json: ViewJson<PlacedOrderValue>;
  replayed: boolean;
}

/** What the checkout batch ends with: the store, and the order under the key (null columns when there is none). */
type AnswerRow = {
  store_id: string;
  order_id: string | null;
  request_fingerprint: string | null;
  guest: boolean | null;
  json: ViewJson<PlacedOrderValue> | null;
  card: PendingCardPayment | null;
};

/** The statement answering the order under the Idempotency-Key in store `slug`: no row when there is no such store. */
function answerStatement(slug: string, idempotencyKey: string): Statement<AnswerRow> {
  return statement(sql`SELECT s.id AS store_id, o.id AS order_id, o.request_fingerprint,
      o.access_token_hash IS NOT NULL AS guest,
      CASE WHEN o.id IS NOT NULL THEN (${placedOrderView.json('o')})::text END AS json,
      CASE WHEN o.id IS NOT NULL THEN ${pendingCardPaymentJson('o')} END AS card
    FROM stores s
    LEFT JOIN orders o ON o.store_id = s.id AND o.idempotency_key = ${idempotencyKey}
    WHERE s.slug = ${slug} AND s.status = 'active'`);
}

/**
 * A guest's order access token: an HMAC of the order id under the Worker's
 * secret, so that a replay can answer it again although only its hash is
 * stored.
 */
function orderAccessToken(secret: string, orderId: string): Promise<string> {
  return hmacSha256(secret, `order-access-token:v1:${orderId}`);
}

/**
 * Places an order: one batch (see order-statements.ts), or, under an
 * Idempotency-Key already used with the same request, the same order again
 * from the same single round trip. Only a shortage costs a second round
 * trip, to tell the buyer which items are short.
 */
export async function checkout(
  db: Database,
  settings: { secret: string; card: StripeSettings },
  request: { slug: string; idempotencyKey: string; shopper?: Shopper; input: CheckoutInput; market?: MarketChoice },
): Promise<CheckoutResult> {
  const { shopper, input } = request;
  const source: LineSource = input.cartId
    ? {
        cartId: input.cartId,
        access: { user: shopper, tokenHash: input.cartToken ? await sha256(input.cartToken) : undefined },
      }
    : { items: input.items ?? [] };
  const { json, replayed } = await placeOrder(db, settings, { ...request, source }, (order) =>
    checkoutStatements(order, source, uuidv7()),
  );
  return { json, replayed };
}

/** The statements of an order's batch (without the answer, which `placeOrder` adds), by name. */
type OrderBatch = Record<string, SQL | Statement<unknown> | readonly (SQL | Statement<unknown>)[]>;

/**
 * The order placement that checkout and a campaign join share: the order's
 * ids and fingerprint, `statements`' batch for it ending with the answer
 * under the key, the shortage's 409, the replay's checks, the card step and
 * a guest's token. Answers also the batch's rows, for what the caller's own
 * statements tell (they did nothing on a replay).
 */
export async function placeOrder<const Batch extends OrderBatch>(
  db: Database,
  settings: { secret: string; card: StripeSettings },
  request: {
    slug: string;
    idempotencyKey: string;
    shopper?: Shopper;
    input: OrderInput & { promotionCode?: string };
    source: LineSource;
    market?: MarketChoice;
  },
  statements: (order: CheckoutOrder) => Batch,
): Promise<CheckoutResult & { rows: BatchResult<Batch> }> {
  const { slug, idempotencyKey, shopper, input, source } = request;
  const { secret } = settings;
  if (input.shippingAddressId && !shopper) {
    throw new ApiError('validation_failed', 'Sign in to use a saved address.', [
      { path: 'shippingAddressId', message: 'Needs a signed-in customer.' },
    ]);
  }
  const orderId = uuidv7();
  const accessToken = shopper ? undefined : await orderAccessToken(secret, orderId);
  const order: CheckoutOrder = {
    orderId,
    slug,
    idempotencyKey,
    // Who asks is part of the request: another shopper with the same key and body gets a 422, never this order.
    fingerprint: await sha256(
      canonicalJson({ input, shopper: shopper?.userId ?? null, market: askedMarket(source, request.market) }),
    ),
    email: input.email,
    shippingAddress: input.shippingAddress,
    shippingAddressId: input.shippingAddressId,
    shippingRateId: input.shippingRateId,
    paymentMethod: input.paymentMethod,
    notes: input.notes,
    shopper,
    accessTokenHash: accessToken ? await sha256(accessToken) : undefined,
    market: orderMarket(source, request.market),
    promotionCode: input.promotionCode,
  };

  let rows: BatchResult<Batch & { answer: Statement<AnswerRow> }>;
  try {
    rows = await runBatch(db, { ...statements(order), answer: answerStatement(slug, idempotencyKey) });
  } catch (error) {
    const constraint = constraintViolation(error)?.constraint;
    if (constraint === 'variants_stock_check') throw await shortage(db, order, source);
    if (constraint && USAGE_CHECKS.has(constraint)) {
      throw new ApiError('promotion_used_up', 'A promotion of this order has just been used up; nothing was ordered.', [
        { path: 'promotionCode', message: 'Used up.' },
      ]);
    }
    if (constraint && WITHDRAWN_PROMOTION.has(constraint)) {
      throw new ApiError(
        'conflict',
        'A promotion or code of this order was deleted as the order was placed; nothing was ordered. Try again.',
      );
    }
    throw error;
  }

  const [row] = rows.answer;
  if (!row) throw noSuchStore(slug);
  if (!row.order_id || !row.json) throw new Error('checkout: no order under the key after the batch');
  const replayed = row.order_id !== orderId;
  if (replayed && row.request_fingerprint !== order.fingerprint) {
    throw new ApiError(
      'idempotency_key_reuse',
      'This Idempotency-Key was used for a different request; use a new key for a new order.',
    );
  }
  const placed = row.card ? withCardSession(row.json, await startCardPayment(db, settings.card, row.card)) : row.json;
  const token = !replayed ? accessToken : row.guest ? await orderAccessToken(secret, row.order_id) : undefined;
  return { json: token ? withFields(placed, { accessToken: token }) : placed, replayed, rows };
}

/**
 * The market and currency an items checkout's query asks for, as part of its
 * fingerprint: the same key and body in another market is another request
 * (422), never the first order answered in the wrong currency. None for a
 * cart's checkout (in the cart's market, whatever the query says) or when
 * the query names neither, which leaves the fingerprints of such requests as
 * they were; the shopper's edge country is not the request's, so a retry
 * from elsewhere still finds its order.
 */
function askedMarket(
  source: LineSource,
  requested: MarketChoice = {},
): { market?: string; currency?: string } | undefined {
  if (!('items' in source)) return undefined;
  const market = typeof requested.market === 'string' ? requested.market : undefined;
  return market || requested.currency ? { market, currency: requested.currency } : undefined;
}

/** The market an order sells in: a cart's own, the request's for items, the home market for a campaign. */
function orderMarket(source: LineSource, requested: MarketChoice = {}): MarketChoice {
  if ('cartId' in source) return cartMarket(source.cartId);
  return 'items' in source ? requested : {};
}

/** The order's JSON with what Stripe.js needs to take its pending card payment. */
function withCardSession(json: ViewJson<PlacedOrderValue>, session: CardSession): ViewJson<PlacedOrderValue> {
  const order: PlacedOrderValue = JSON.parse(json);
  return JSON.stringify({ ...order, payment: order.payment && { ...order.payment, ...session } });
}

type ShortRow = { variant_id: string; requested: number; available: number; position: number };

/**
 * The 409 for a checkout the stock CHECK refused: which lines are short and
 * how many are available now, read in a second round trip (the batch rolled
 * back), which also records the unmet demand as an `inventory.insufficient`
 * event for the store.
 */
async function shortage(db: Database, order: CheckoutOrder, source: LineSource): Promise<ApiError> {
  const unmet = insertEvents(
    {
      id: uuidv7(),
      storeId: store.id,
      type: 'inventory.insufficient',
      aggregateType: 'variant',
      aggregateId: sql`(SELECT variant_id FROM short ORDER BY position LIMIT 1)`,
      payload: sql`jsonb_build_object('items', (
        SELECT jsonb_agg(jsonb_build_object('variantId', variant_id, 'requested', requested, 'available', available))
        FROM short))`,
    },
    sql`(SELECT 1) one WHERE EXISTS (SELECT 1 FROM short)`,
  );
  const rows = await runStatement(
    db,
    statement<ShortRow>(sql`WITH ${storeCte(order.slug)},
      short AS (
        SELECT w.variant_id, w.quantity AS requested, greatest(v.on_hand - v.reserved, 0) AS available, w.position
        FROM ${wantedLines(source)} w
        JOIN variants v ON v.id = w.variant_id AND v.store_id = ${store.id}
        WHERE v.on_hand - v.reserved < w.quantity),
      recorded AS (${unmet})
      SELECT variant_id, requested, available, position FROM short ORDER BY position`),
  );
  const errors = rows.map((row) => ({
    path: 'items' in source ? `items.${row.position}.quantity` : sourceField(source),
    message: `${Number(row.available)} available.`,
    variantId: row.variant_id,
    requested: Number(row.requested),
    available: Number(row.available),
  }));
  return new ApiError('insufficient_stock', 'Not enough stock for some items; nothing was ordered.', errors);
}
