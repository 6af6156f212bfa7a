import { type SQL, sql } from 'drizzle-orm';
import { lockAndChangeStock } from '../../db/sql/stock';
import type { AddressSnapshot } from '../../db/schema';
import { insertEvents, insertMovements, insertStatusHistory } from '../../db/sql/ledgers';
import { type MarketChoice, store, storeCte } from '../../db/sql/store-scope';
import { uuidv7 } from '../../lib/ids';
import { cartAccess, NO_CART } from '../carts/cart-view';
import { addressSnapshotJson } from '../customers/address-view';
import { refuseBlockedBuyer } from '../customers/blocked';
import { customerByEmail, linkCustomer } from '../customers/link-customer';
import { pricedLines, rateUsable } from '../pricing/pricing';
import { priceOrder } from './order-pricing';
import type { Shopper, ShopperAccess } from '../shopper';
import { methodOffered, type PaymentMethod, reservationMinutes } from '../store-settings';

/**
 * The statements of one checkout, a single batch (one transaction, one round
 * trip). None needs another's result in the Worker: ids are made here, each
 * statement finds what earlier ones wrote by the order's id, and every one
 * after the order's INSERT acts only if that INSERT happened (`placed`).
 * The INSERT does nothing when the store already has an order under this
 * Idempotency-Key (it waits for a concurrent one to commit first), so a
 * replay runs the same batch, changes nothing, and its last statement
 * answers the existing order.
 */

export type { PaymentMethod } from '../store-settings';

export interface CheckoutOrder {
  orderId: string;
  slug: string;
  idempotencyKey: string;
  fingerprint: string;
  email: string;
  /** The address typed in, or (signed in) the id of one of the shopper's saved addresses in this store. */
  shippingAddress?: AddressSnapshot;
  shippingAddressId?: string;
  shippingRateId: string;
  paymentMethod: PaymentMethod;
  notes?: string;
  shopper?: Shopper;
  /** Hash of a guest's order access token. */
  accessTokenHash?: string;
  /** The market the order sells in: a cart's, or the one the request picks (none: the home market). */
  market?: MarketChoice;
  /** The promotion code given with the checkout, upper case. */
  promotionCode?: string;
  /**
   * Until when the order holds its stock unpaid, when not for the store's
   * reservation time from now: an expression over the order's store, alias
   * `s` (a campaign's end).
   */
  reservationEnd?: SQL;
}

/**
 * Where the lines come from: the shopper's cart, items listed in the
 * request, or a campaign (its variant, units per participant, at its price).
 */
export type LineSource =
  | { cartId: string; access: ShopperAccess }
  | { items: { variantId: string; quantity: number }[] }
  | { campaignId: string };

/** The request field that names where the lines come from, for a problem with them all. */
export function sourceField(source: LineSource): 'items' | 'cartId' | 'campaignId' {
  if ('items' in source) return 'items';
  return 'cartId' in source ? 'cartId' : 'campaignId';
}

/**
 * The wanted lines as a relation `(variant_id, quantity, position)`, for the
 * caller to alias; a campaign's has its `price` too. The statement must
 * begin with the `store` CTE.
 */
export function wantedLines(source: LineSource): SQL {
  if ('campaignId' in source) {
    return sql`(
    SELECT variant_id, units_per_participant AS quantity, 0 AS position, price
    FROM campaigns
    WHERE id = ${source.campaignId} AND store_id = ${store.id})`;
  }
  if ('items' in source) {
    const rows = source.items.map((item, position) => ({
      variant_id: item.variantId,
      quantity: item.quantity,
      position,
    }));
    return sql`(SELECT * FROM jsonb_to_recordset(${JSON.stringify(rows)}::jsonb) AS r (variant_id uuid, quantity int, position int))`;
  }
  return sql`(
    SELECT variant_id, quantity, (row_number() OVER (ORDER BY created_at, id) - 1)::int AS position
    FROM cart_items
    WHERE cart_id = ${source.cartId})`;
}

/**
 * The order's delivery address: the one typed in, or a copy of the saved
 * one, which must be the shopper's own in store alias `s` (else null, which
 * `validate` refuses).
 */
function shippingAddress(order: CheckoutOrder, _store: 's'): SQL {
  if (order.shippingAddress) return sql`${JSON.stringify(order.shippingAddress)}::jsonb`;
  return sql`(
    SELECT ${addressSnapshotJson('a')}
    FROM addresses a
    JOIN customers c ON c.id = a.customer_id
    WHERE a.id = ${order.shippingAddressId ?? null} AND c.store_id = s.id AND c.user_id = ${order.shopper?.userId ?? null})`;
}

/** The order's customer in store alias `s`: the shopper's, else the one of the order's email (made by `customerByEmail`). */
function customerOf(order: CheckoutOrder, _store: 's'): SQL {
  return order.shopper
    ? sql`(SELECT id FROM customers WHERE store_id = s.id AND user_id = ${order.shopper.userId})`
    : sql`(SELECT id FROM customers WHERE store_id = s.id AND email = ${order.email})`;
}

/**
 * The order row in its market's currency, with zero totals that the pricing
 * fills from its items; nothing on a used Idempotency-Key. A market the
 * store does not sell in stops the batch (422).
 */
function insertOrder(order: CheckoutOrder): SQL {
  return sql`WITH ${storeCte(order.slug, order.market)}
    INSERT INTO orders (id, store_id, customer_id, email, market, currency, subtotal, total, shipping_address, shipping_rate_id,
      shipping_rate_name, notes, idempotency_key, request_fingerprint, access_token_hash, reservation_expires_at)
    SELECT ${order.orderId}, s.id, ${customerOf(order, 's')}, ${order.email}, m.market, m.currency, 0, 0, ${shippingAddress(order, 's')},
      r.id, r.name, ${order.notes ?? null}, ${order.idempotencyKey}, ${order.fingerprint}, ${order.accessTokenHash ?? null},
      ${order.reservationEnd ?? sql`now() + make_interval(mins => ${reservationMinutes('s')})`}
    FROM store m
    JOIN stores s ON s.id = m.id
    LEFT JOIN shipping_rates r ON r.id = ${order.shippingRateId} AND r.store_id = s.id
    WHERE m.refused IS NULL
    ON CONFLICT (store_id, idempotency_key) DO NOTHING`;
}

/**
 * Converts the cart, once: the UPDATE locks it, so of two checkouts of one
 * cart under different keys the second finds it converted and stops (409).
 */
function convertCart(order: CheckoutOrder, cartId: string, access: ShopperAccess, placed: SQL): SQL {
  const cart = sql`c.id = ${cartId} AND c.store_id = ${store.id} AND ${cartAccess(access, 'c')}`;
  return sql`WITH ${storeCte(order.slug)},
    converted AS (
      UPDATE carts c
      SET status = 'converted', order_id = ${order.orderId}, updated_at = now(),
        promotion_code = coalesce(${order.promotionCode ?? null}, c.promotion_code)
      WHERE ${cart} AND c.status = 'active' AND c.expires_at > now() AND ${placed}
      RETURNING c.id)
    SELECT CASE WHEN NOT EXISTS (SELECT 1 FROM carts c WHERE ${cart}) THEN api_error('not_found', ${NO_CART}, 'cartId')
      ELSE api_error('cart_not_active', 'This cart has expired or has already been checked out.', 'cartId') END
    WHERE ${placed} AND NOT EXISTS (SELECT 1 FROM converted)`;
}

/**
 * Stops the batch with a 422 on the first problem: no lines, a line that
 * cannot be bought, a shipping rate that does not serve the address, a
 * payment method the store does not offer.
 */
function validate(order: CheckoutOrder, source: LineSource, placed: SQL): SQL {
  const unbuyable =
    'items' in source ? sql`'items.' || bad.position || '.variantId'` : sql`${sourceField(source)}::text`;
  const country = sql`(SELECT shipping_address ->> 'country' FROM orders WHERE id = ${order.orderId})`;
  return sql`WITH ${storeCte(order.slug, order.market)},
    lines AS (${pricedLines(wantedLines(source), store)}),
    bad AS (SELECT position FROM lines WHERE NOT purchasable ORDER BY position LIMIT 1)
    SELECT CASE
      WHEN NOT EXISTS (SELECT 1 FROM lines) THEN api_error('validation_failed', 'The cart is empty.', ${sourceField(source)})
      WHEN EXISTS (SELECT 1 FROM bad)
        THEN api_error('validation_failed', 'An item can no longer be bought; remove it and try again.', (SELECT ${unbuyable} FROM bad))
      WHEN (SELECT shipping_address FROM orders WHERE id = ${order.orderId}) IS NULL
        THEN api_error('validation_failed', 'You have no saved address with that id in this store.', 'shippingAddressId')
      WHEN NOT EXISTS (SELECT 1 FROM shipping_rates r WHERE r.id = ${order.shippingRateId} AND ${rateUsable('r', store, country)})
        THEN api_error('validation_failed', 'This store has no shipping rate with that id for the address’s country.', 'shippingRateId')
      WHEN NOT (SELECT ${methodOffered(order.paymentMethod, 's')} FROM stores s WHERE s.id = ${store.id})
        THEN api_error('validation_failed', 'This store does not take that payment method.', 'paymentMethod')
      ELSE true END
    WHERE ${placed}`;
}

/**
 * The order's lines at the prices in effect now (a campaign's at its own
 * price), with a snapshot of what was bought.
 */
function insertItems(order: CheckoutOrder, source: LineSource, placed: SQL): SQL {
  const [extra, price] =
    'campaignId' in source ? [sql`, w.price AS campaign_price`, sql`l.campaign_price`] : [sql``, sql`l.unit_price`];
  return sql`WITH ${storeCte(order.slug, order.market)}
    INSERT INTO order_items (id, store_id, order_id, variant_id, product_id, product_name, sku, variant_label, unit_price,
      quantity, line_total, position)
    SELECT uuid_v7(), ${store.id}, ${order.orderId}, l.variant_id, l.product_id, l.product_name, l.sku, l.variant_label,
      ${price}, l.quantity, ${price} * l.quantity, l.position
    FROM (${pricedLines(wantedLines(source), store, extra)}) l
    WHERE ${placed}`;
}

/** The promotion code an order asks for: a cart's (which convertCart set to the checkout's, when given), or the request's. */
function promotionCode(order: CheckoutOrder, source: LineSource): SQL {
  if ('cartId' in source) return sql`(SELECT promotion_code FROM carts WHERE id = ${source.cartId})`;
  return sql`${'items' in source ? (order.promotionCode ?? null) : null}::text`;
}

/** The actor of rows written on the shopper's behalf: the customer when signed in, else the system. */
function actorOf(order: CheckoutOrder) {
  return order.shopper
    ? { actorType: 'customer' as const, actorId: sql`(SELECT customer_id FROM orders WHERE id = ${order.orderId})` }
    : { actorType: 'system' as const, actorId: null };
}

/**
 * Holds the stock: locks the variants in id order (two checkouts sharing
 * variants then queue instead of deadlocking), raises `reserved`, and writes
 * a reservation and a `reservation` movement per line, with the before and
 * after of the row as locked. Stock that is not there makes the UPDATE break
 * `variants_stock_check` (reserved <= on_hand): that CHECK is what stops an
 * oversell, and the whole batch rolls back.
 */
function reserveStock(order: CheckoutOrder): SQL {
  const movements = insertMovements(
    {
      storeId: sql`store_id`,
      variantId: sql`id`,
      type: 'reservation',
      reservedDelta: sql`quantity`,
      onHandBefore: sql`on_hand`,
      onHandAfter: sql`on_hand`,
      reservedBefore: sql`reserved - quantity`,
      reservedAfter: sql`reserved`,
      referenceType: 'order',
      referenceId: order.orderId,
      ...actorOf(order),
    },
    sql`raised`,
  );
  return sql`WITH lines AS (SELECT variant_id, quantity FROM order_items WHERE order_id = ${order.orderId}),
    ${lockAndChangeStock({ lines: 'lines', changed: 'raised', set: sql`reserved = v.reserved + l.quantity` })},
    held AS (
      INSERT INTO inventory_reservations (id, store_id, order_id, variant_id, quantity, expires_at)
      SELECT uuid_v7(), r.store_id, ${order.orderId}, r.id, r.quantity, o.reservation_expires_at
      FROM raised r, orders o
      WHERE o.id = ${order.orderId})
    ${movements}`;
}

/** The order's first history row: placed, awaiting payment. */
function insertHistory(order: CheckoutOrder): SQL {
  return insertStatusHistory(
    {
      id: uuidv7(),
      storeId: sql`store_id`,
      orderId: sql`id`,
      toStatus: 'pending_payment',
      reason: 'checkout',
      ...actorOf(order),
    },
    sql`orders WHERE id = ${order.orderId}`,
  );
}

/**
 * The pending payment for the total, with what the buyer must do: the
 * store's instructions, the amount and the order number to quote. A card
 * payment is Stripe's, its reference the PaymentIntent that checkout creates
 * after this batch (card-payment.ts). A free order has nothing to pay and no
 * payment row.
 */
function insertPayment(order: CheckoutOrder, paymentId: string): SQL {
  const card = order.paymentMethod === 'card';
  return sql`INSERT INTO payments (id, store_id, order_id, method, provider, provider_reference, amount, currency, instructions)
    SELECT ${paymentId}, o.store_id, o.id, ${order.paymentMethod}, ${card ? 'stripe' : 'manual'}, ${card ? null : sql`o.number`},
      o.total, o.currency,
      jsonb_strip_nulls(jsonb_build_object(
        'text', CASE ${order.paymentMethod} WHEN 'bank_transfer' THEN s.settings ->> 'bankTransferInstructions'
          WHEN 'zelle' THEN s.settings ->> 'zelleInstructions' END,
        'amount', o.total, 'currency', o.currency, 'reference', o.number))
    FROM orders o
    JOIN stores s ON s.id = o.store_id
    WHERE o.id = ${order.orderId} AND o.total > 0`;
}

/**
 * `order.created`, `inventory.reserved` and, for an order with something to
 * pay, `payment.created` in the outbox, in the same transaction as the order.
 */
function orderPlacedEvents(order: CheckoutOrder): SQL {
  const lines = sql`(
    SELECT json_agg(json_build_object('variantId', variant_id, 'sku', sku, 'quantity', quantity) ORDER BY position)
    FROM order_items
    WHERE order_id = o.id)`;
  return insertEvents(
    {
      id: sql`e.id`,
      storeId: sql`o.store_id`,
      type: sql`e.type`,
      aggregateType: sql`e.aggregate_type`,
      aggregateId: sql`e.aggregate_id`,
      payload: sql`e.payload`,
    },
    sql`orders o
    CROSS JOIN LATERAL (VALUES
      (${uuidv7()}::uuid, 'order.created', 'order', o.id, jsonb_build_object('orderId', o.id, 'number', o.number,
        'customerId', o.customer_id, 'email', o.email, 'currency', o.currency, 'total', o.total, 'items', ${lines})),
      (${uuidv7()}::uuid, 'inventory.reserved', 'order', o.id, jsonb_build_object('orderId', o.id,
        'expiresAt', o.reservation_expires_at, 'items', ${lines}))
      UNION ALL
      SELECT ${uuidv7()}::uuid, 'payment.created', 'payment', p.id, jsonb_build_object('paymentId', p.id, 'orderId', o.id,
        'method', p.method, 'provider', p.provider, 'status', p.status, 'amount', p.amount, 'currency', p.currency)
      FROM payments p
      WHERE p.order_id = o.id
    ) AS e (id, type, aggregate_type, aggregate_id, payload)
    WHERE o.id = ${order.orderId}`,
  );
}

/**
 * Every statement of the checkout, by name, in the order they run; the
 * caller ends the batch with the statement that answers the order under
 * the key (new or replayed).
 */
export function checkoutStatements(order: CheckoutOrder, source: LineSource, paymentId: string) {
  const placed = sql`EXISTS (SELECT 1 FROM orders WHERE id = ${order.orderId})`;
  return {
    customer: order.shopper
      ? linkCustomer(order.slug, order.shopper)
      : customerByEmail(order.slug, order.email, order.shippingAddress),
    order: insertOrder(order),
    refuseBlocked: refuseBlockedBuyer(order.orderId),
    convertCart: 'cartId' in source ? [convertCart(order, source.cartId, source.access, placed)] : [],
    validate: validate(order, source, placed),
    items: insertItems(order, source, placed),
    price: priceOrder(
      {
        slug: order.slug,
        market: order.market,
        orderId: order.orderId,
        code: promotionCode(order, source),
        promotions: !('campaignId' in source),
      },
      placed,
    ),
    reserve: reserveStock(order),
    history: insertHistory(order),
    payment: insertPayment(order, paymentId),
    events: orderPlacedEvents(order),
  };
}
