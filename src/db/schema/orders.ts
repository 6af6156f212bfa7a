import { sql } from 'drizzle-orm';
import {
  check,
  index,
  integer,
  jsonb,
  pgSequence,
  pgTable,
  text,
  uniqueIndex,
  uuid,
  varchar,
} from 'drizzle-orm/pg-core';
import { products, variants } from './catalog';
import { createdAt, currency, id, money, refuseDelete, timestamps, timestamptz } from './columns';
import { customers } from './customers';
import { actorType, orderStatus } from './enums';
import type { OrderTaxLine } from './selling';
import { shippingRates } from './shipping';
import { type StoreAddress, storeId } from './tenancy';

/** The delivery address as it was at checkout; never rewritten by later address edits. */
export interface AddressSnapshot extends StoreAddress {
  name: string;
  phone?: string | null;
}

/**
 * Source of order numbers, shared by all stores. One global sequence never
 * contends (nextval is not transactional and takes no row lock), unlike a
 * per-store counter row every checkout would have to update. Numbers are
 * therefore unique and increasing but not gap-free, and a store's own
 * numbers skip the values other stores took.
 */
export const orderNumberSeq = pgSequence('order_number_seq', { startWith: 1 });

/**
 * The database assigns `number` itself: `ORD-<UTC year>-<sequence>`, the
 * sequence zero-padded to at least 6 digits (to_char's 9s print only needed
 * digits, its 0s always print), so ORD-2026-000123, and after 999999 simply
 * ORD-2026-1000000: no ceiling, no retry loop.
 */
const orderNumberDefault = sql`('ORD-' || to_char(now() AT TIME ZONE 'UTC', 'YYYY') || '-' || to_char(nextval('order_number_seq'), 'FM9999999999999000000'))`;

/**
 * An order (seed 003/000). Amounts are integer minor units of `currency`,
 * computed by the service from database prices, and the total formula is a
 * CHECK so no code path can store an inconsistent order.
 *
 * `idempotencyKey` is the checkout's Idempotency-Key header, unique per
 * store; `requestFingerprint` is a hash of the request body, so the same key
 * with a different body can be told apart and refused. Guests read their
 * order with a token whose hash is `accessTokenHash`.
 *
 * Email is stored lower-cased; it and the number have `text_pattern_ops`
 * indexes so the admin search can do prefix matches (`number LIKE 'ORD-2026-00%'`)
 * without extensions such as pg_trgm.
 */
export const orders = pgTable(
  'orders',
  {
    id: id(),
    storeId: storeId(),
    number: text().notNull().default(orderNumberDefault),
    customerId: uuid().references(() => customers.id, { onDelete: 'set null' }),
    email: text().notNull(),
    status: orderStatus().notNull().default('pending_payment'),
    currency: currency().notNull(),
    subtotal: money().notNull(),
    discountTotal: money().notNull().default(0),
    shippingTotal: money().notNull().default(0),
    taxTotal: money().notNull().default(0),
    /** The tax the prices already contain, in a tax-inclusive market (then `taxTotal`, the tax added, is 0). */
    taxIncluded: money().notNull().default(0),
    /** One entry per tax rate applied (OrderTaxLine). */
    taxLines: jsonb().$type<OrderTaxLine[]>().notNull().default([]),
    /** The market the order was placed in (`default`: the home market); its currency is `currency`. */
    market: text().notNull().default('default'),
    total: money().notNull(),
    shippingAddress: jsonb().$type<AddressSnapshot>(),
    shippingRateId: uuid().references(() => shippingRates.id, { onDelete: 'set null' }),
    shippingRateName: text(),
    notes: text(),
    internalNotes: text(),
    idempotencyKey: varchar({ length: 255 }),
    requestFingerprint: text(),
    accessTokenHash: text(),
    cancelReason: text(),
    reservationExpiresAt: timestamptz(),
    paidAt: timestamptz(),
    preparingAt: timestamptz(),
    shippedAt: timestamptz(),
    deliveredAt: timestamptz(),
    cancelledAt: timestamptz(),
    ...timestamps(),
  },
  (t) => [
    uniqueIndex('orders_store_number_unique').on(t.storeId, t.number.op('text_pattern_ops')),
    uniqueIndex('orders_store_idempotency_key_unique').on(t.storeId, t.idempotencyKey),
    // The admin list walks these newest first: ids are time-ordered UUIDv7.
    index('orders_store_status_id_idx').on(t.storeId, t.status, t.id),
    index('orders_store_id_idx').on(t.storeId, t.id),
    index('orders_store_email_idx').on(t.storeId, t.email.op('text_pattern_ops')),
    index('orders_customer_idx').on(t.customerId, t.createdAt),
    index('orders_shipping_rate_idx').on(t.shippingRateId),
    index('orders_reservation_expiry_idx').on(t.reservationExpiresAt).where(sql`${t.status} = 'pending_payment'`),
    check(
      'orders_amounts_check',
      sql`${t.subtotal} >= 0 AND ${t.discountTotal} >= 0 AND ${t.shippingTotal} >= 0 AND ${t.taxTotal} >= 0 AND ${t.total} >= 0`,
    ),
    check(
      'orders_total_check',
      sql`${t.total} = ${t.subtotal} + ${t.shippingTotal} + ${t.taxTotal} - ${t.discountTotal}`,
    ),
    check('orders_tax_included_check', sql`${t.taxIncluded} >= 0 AND (${t.taxIncluded} = 0 OR ${t.taxTotal} = 0)`),
    check('orders_email_lowercase_check', sql`${t.email} = lower(${t.email})`),
  ],
);

/**
 * A line of an order, with a snapshot of what was bought (name, sku, option
 * label, unit price), so later catalog edits never change a past order.
 * Something that was sold cannot be deleted (refuseDelete on variant and
 * product; seed 004: the API answers 409 and suggests archiving). The
 * variant's protection alone would already block deleting the product,
 * whose cascade reaches the variant; the product reference makes it explicit
 * and lets reports group sales by product.
 */
export const orderItems = pgTable(
  'order_items',
  {
    id: id(),
    storeId: storeId(),
    orderId: uuid()
      .notNull()
      .references(() => orders.id, { onDelete: 'cascade' }),
    variantId: uuid()
      .notNull()
      .references(() => variants.id, refuseDelete),
    productId: uuid()
      .notNull()
      .references(() => products.id, refuseDelete),
    productName: text().notNull(),
    sku: text().notNull(),
    /** e.g. "M / Negro"; empty for a product without options. */
    variantLabel: text().notNull().default(''),
    unitPrice: money().notNull(),
    quantity: integer().notNull(),
    lineTotal: money().notNull(),
    /** The line's share of the order's discount, so a refund knows what was paid for it. */
    discount: money().notNull().default(0),
    /** The line's share of the order's tax (added or included). */
    tax: money().notNull().default(0),
    /** The line's place in the order, as the shopper listed or added the items. */
    position: integer().notNull().default(0),
    createdAt: createdAt(),
  },
  (t) => [
    index('order_items_order_idx').on(t.orderId),
    index('order_items_variant_idx').on(t.variantId),
    index('order_items_product_idx').on(t.productId),
    index('order_items_store_idx').on(t.storeId),
    check('order_items_quantity_check', sql`${t.quantity} > 0`),
    check('order_items_unit_price_check', sql`${t.unitPrice} >= 0`),
    check('order_items_discount_check', sql`${t.discount} BETWEEN 0 AND ${t.lineTotal} AND ${t.tax} >= 0`),
    check('order_items_line_total_check', sql`${t.lineTotal} = ${t.unitPrice} * ${t.quantity}`),
  ],
);

/** Append-only record of every status change of an order (the first row has no `fromStatus`). */
export const orderStatusHistory = pgTable(
  'order_status_history',
  {
    id: id(),
    storeId: storeId(),
    orderId: uuid()
      .notNull()
      .references(() => orders.id, { onDelete: 'cascade' }),
    fromStatus: orderStatus(),
    toStatus: orderStatus().notNull(),
    reason: text(),
    actorType: actorType().notNull(),
    actorId: uuid(),
    createdAt: createdAt(),
  },
  (t) => [
    index('order_status_history_order_idx').on(t.orderId, t.createdAt),
    index('order_status_history_store_idx').on(t.storeId),
  ],
);
