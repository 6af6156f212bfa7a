import { sql } from 'drizzle-orm';
import { boolean, check, index, integer, pgTable, text, uuid } from 'drizzle-orm/pg-core';
import { currency, id, money, timestamps, timestamptz } from './columns';
import { shipmentStatus } from './enums';
import { orders } from './orders';
import { storeId } from './tenancy';

/**
 * A flat shipping fee a store offers (seed 000), for the countries listed
 * (ISO 3166-1 alpha-2; an empty list means everywhere). Above
 * `freeOverAmount` of subtotal, shipping is free. Orders keep a snapshot of
 * the rate's name and amount, so editing or deleting a rate changes no order.
 */
export const shippingRates = pgTable(
  'shipping_rates',
  {
    id: id(),
    storeId: storeId(),
    name: text().notNull(),
    description: text(),
    countries: text().array().notNull().default(sql`'{}'::text[]`),
    amount: money().notNull(),
    currency: currency().notNull(),
    freeOverAmount: money(),
    /** The delivery estimate shown to shoppers, in days; both optional. */
    minDeliveryDays: integer(),
    maxDeliveryDays: integer(),
    active: boolean().notNull().default(true),
    position: integer().notNull().default(0),
    ...timestamps(),
  },
  (t) => [
    index('shipping_rates_store_idx').on(t.storeId, t.active, t.position),
    check(
      'shipping_rates_amount_check',
      sql`${t.amount} >= 0 AND (${t.freeOverAmount} IS NULL OR ${t.freeOverAmount} >= 0)`,
    ),
    check(
      'shipping_rates_delivery_days_check',
      sql`${t.minDeliveryDays} >= 0 AND ${t.maxDeliveryDays} >= coalesce(${t.minDeliveryDays}, 0)`,
    ),
  ],
);

/** A parcel sent for an order (seed 002): carrier, tracking number, label. */
export const shipments = pgTable(
  'shipments',
  {
    id: id(),
    storeId: storeId(),
    orderId: uuid()
      .notNull()
      .references(() => orders.id, { onDelete: 'cascade' }),
    carrier: text().notNull(),
    trackingNumber: text(),
    labelUrl: text(),
    status: shipmentStatus().notNull().default('created'),
    shippedAt: timestamptz(),
    deliveredAt: timestamptz(),
    ...timestamps(),
  },
  (t) => [
    index('shipments_order_idx').on(t.orderId),
    index('shipments_store_created_idx').on(t.storeId, t.createdAt),
    index('shipments_store_tracking_idx').on(t.storeId, t.trackingNumber),
  ],
);
