import { sql } from 'drizzle-orm';
import { check, index, integer, pgTable, text, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { MAX_CART_ITEM_QUANTITY } from '../../lib/cart-limits';
import { variants } from './catalog';
import { currency, id, timestamps, timestamptz } from './columns';
import { customers } from './customers';
import { orders } from './orders';
import { cartStatus } from './enums';
import { shippingRates } from './shipping';
import { storeId } from './tenancy';

/**
 * A shopping cart (seed 004's carrito_compra). A signed-in customer's cart
 * carries `customerId`; a guest's cart is reached with its id plus a random
 * token whose hash is `tokenHash`. Carts hold no prices: totals are always
 * computed from current prices, and checkout turns the cart into an order
 * (status `converted`). The (status, expires_at) index serves the cleanup job.
 */
export const carts = pgTable(
  'carts',
  {
    id: id(),
    storeId: storeId(),
    customerId: uuid().references(() => customers.id, { onDelete: 'cascade' }),
    tokenHash: text(),
    currency: currency().notNull(),
    /** The market the cart is priced in (`default`: the home market); its currency is `currency`. */
    market: text().notNull().default('default'),
    /** Where the cart would ship, for its tax estimate: the shopper's country at creation unless set. */
    country: text(),
    region: text(),
    /** The promotion code the shopper entered, upper case; shown as applying or not. */
    promotionCode: text(),
    status: cartStatus().notNull().default('active'),
    email: text(),
    shippingRateId: uuid().references(() => shippingRates.id, { onDelete: 'set null' }),
    /** The order checkout made of this cart (status `converted`). */
    orderId: uuid().references(() => orders.id, { onDelete: 'set null' }),
    expiresAt: timestamptz(),
    ...timestamps(),
  },
  (t) => [
    index('carts_store_created_idx').on(t.storeId, t.createdAt),
    index('carts_customer_idx').on(t.customerId),
    index('carts_shipping_rate_idx').on(t.shippingRateId),
    index('carts_order_idx').on(t.orderId),
    index('carts_expiry_idx').on(t.status, t.expiresAt),
  ],
);

/**
 * One variant in a cart. Adding the same variant again raises the quantity
 * (upsert on the unique pair). A line goes with its cart, and with its
 * variant: a cart is no record worth keeping a deleted variant for.
 */
export const cartItems = pgTable(
  'cart_items',
  {
    id: id(),
    storeId: storeId(),
    cartId: uuid()
      .notNull()
      .references(() => carts.id, { onDelete: 'cascade' }),
    variantId: uuid()
      .notNull()
      .references(() => variants.id, { onDelete: 'cascade' }),
    quantity: integer().notNull(),
    ...timestamps(),
  },
  (t) => [
    uniqueIndex('cart_items_cart_variant_unique').on(t.cartId, t.variantId),
    index('cart_items_variant_idx').on(t.variantId),
    index('cart_items_store_idx').on(t.storeId),
    check('cart_items_quantity_check', sql`${t.quantity} BETWEEN 1 AND ${sql.raw(String(MAX_CART_ITEM_QUANTITY))}`),
  ],
);
