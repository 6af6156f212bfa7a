import { sql } from 'drizzle-orm';
import type { Database } from '../../db/client';
import type { AddressSnapshot } from '../../db/schema';
import { constraintViolation } from '../../db/sql/errors';
import { ApiError, noSuchStore } from '../../lib/api-error';
import type { Shopper } from '../shopper';
import { canonicalJson } from '../../lib/canonical-json';
import { uuidv7 } from '../../lib/ids';
import { hmacSha256, sha256 } from '../../lib/secrets';
import { runBatch } from '../catalog/admin-views';
import { storeCte } from '../../db/sql/store-scope';
import { buyerOrderJson } from '../orders/order-view';
import type { StripeSettings } from '../payments/stripe-api';
import { cardPaymentColumns, cardPaymentJoin, startCardPayment, type CardPaymentRow } from './card-payment';
import {
  checkoutStatements,
  wantedLines,
  type CheckoutOrder,
  type LineSource,
  type PaymentMethod,
} from './order-statements';

export interface CheckoutInput {
  cartId?: string;
  cartToken?: string;
  items?: { variantId: string; quantity: number }[];
  email: string;
  shippingAddress?: AddressSnapshot;
  shippingAddressId?: string;
  shippingRateId: string;
  paymentMethod: PaymentMethod;
  notes?: string;
}

export interface CheckoutResult {
  /** The order as its buyer sees it, JSON text. */
  json: string;
  replayed: boolean;
  /** A guest's key to the order; the same on a replay. */
  accessToken?: string;
}

type FinalRow = {
  store_id: string | null;
  order_id: string | null;
  request_fingerprint: string | null;
  guest: boolean | null;
  json: string | null;
} & Partial<Nullable<CardPaymentRow>>;
type Nullable<T> = { [K in keyof T]: T[K] | null };

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
  request: { slug: string; idempotencyKey: string; shopper?: Shopper; input: CheckoutInput },
): Promise<CheckoutResult> {
  const { slug, idempotencyKey, shopper, input } = request;
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
    fingerprint: await sha256(canonicalJson({ input, shopper: shopper?.userId ?? null })),
    email: input.email,
    shippingAddress: input.shippingAddress,
    shippingAddressId: input.shippingAddressId,
    shippingRateId: input.shippingRateId,
    paymentMethod: input.paymentMethod,
    notes: input.notes,
    shopper,
    accessTokenHash: accessToken ? await sha256(accessToken) : undefined,
  };
  const source: LineSource = input.cartId
    ? {
        cartId: input.cartId,
        access: { user: shopper, tokenHash: input.cartToken ? await sha256(input.cartToken) : undefined },
      }
    : { items: input.items ?? [] };
  const finalView = sql`SELECT s.id AS store_id, o.id AS order_id, o.request_fingerprint, o.access_token_hash IS NOT NULL AS guest,
      CASE WHEN o.id IS NOT NULL THEN (${buyerOrderJson})::text END AS json, ${cardPaymentColumns}
    FROM stores s LEFT JOIN orders o ON o.store_id = s.id AND o.idempotency_key = ${idempotencyKey} ${cardPaymentJoin}
    WHERE s.slug = ${slug} AND s.status = 'active'`;

  let results: unknown[];
  try {
    results = await runBatch(
      db,
      checkoutStatements(order, source, uuidv7(), finalView).map((statement) => db.execute(statement)),
    );
  } catch (error) {
    if (constraintViolation(error)?.constraint === 'variants_stock_check') throw await shortage(db, order, source);
    throw error;
  }

  const row = (results[results.length - 1] as { rows: FinalRow[] }).rows[0];
  if (!row?.store_id) throw noSuchStore(slug);
  if (!row.order_id || !row.json) throw new Error('checkout: no order under the key after the batch');
  const replayed = row.order_id !== orderId;
  if (replayed && row.request_fingerprint !== order.fingerprint) {
    throw new ApiError(
      'idempotency_key_reuse',
      'This Idempotency-Key was used for a different request; use a new key for a new order.',
    );
  }
  const json = row.payment_id ? await withCardPayment(db, settings.card, row as FinalRow & CardPaymentRow) : row.json;
  if (!replayed) return { json, replayed, accessToken };
  return { json, replayed, accessToken: row.guest ? await orderAccessToken(secret, row.order_id) : undefined };
}

/** The order's JSON with what Stripe.js needs to take its pending card payment. */
async function withCardPayment(db: Database, card: StripeSettings, row: FinalRow & CardPaymentRow): Promise<string> {
  const stripe = await startCardPayment(db, card, row);
  const order = JSON.parse(row.json!) as { payment: Record<string, unknown> };
  return JSON.stringify({ ...order, payment: { ...order.payment, ...stripe } });
}

type ShortRow = { variant_id: string; requested: number; available: number; position: number };

/**
 * The 409 for a checkout the stock CHECK refused: which lines are short and
 * how many are available now, read in a second round trip (the batch rolled
 * back), which also records the unmet demand as an `inventory.insufficient`
 * event for the store.
 */
async function shortage(db: Database, order: CheckoutOrder, source: LineSource): Promise<ApiError> {
  const { rows } = await db.execute<ShortRow>(sql`WITH ${storeCte(order.slug)},
    short AS (SELECT w.variant_id, w.quantity AS requested, greatest(v.on_hand - v.reserved, 0) AS available, w.position
      FROM ${wantedLines(source)} JOIN variants v ON v.id = w.variant_id AND v.store_id = (SELECT id FROM store)
      WHERE v.on_hand - v.reserved < w.quantity),
    recorded AS (INSERT INTO events (id, store_id, type, aggregate_type, aggregate_id, payload)
      SELECT ${uuidv7()}, (SELECT id FROM store), 'inventory.insufficient', 'variant', (SELECT variant_id FROM short ORDER BY position LIMIT 1),
        jsonb_build_object('items', (SELECT jsonb_agg(jsonb_build_object('variantId', variant_id, 'requested', requested, 'available', available)) FROM short))
      WHERE EXISTS (SELECT 1 FROM short))
    SELECT variant_id, requested, available, position FROM short ORDER BY position`);
  const errors = rows.map((row) => ({
    path: 'items' in source ? `items.${row.position}.quantity` : 'cartId',
    message: `${Number(row.available)} available.`,
    variantId: row.variant_id,
    requested: Number(row.requested),
    available: Number(row.available),
  }));
  return new ApiError('insufficient_stock', 'Not enough stock for some items; nothing was ordered.', errors);
}
