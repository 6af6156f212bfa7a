import { sql } from 'drizzle-orm';
import {
  boolean,
  check,
  index,
  integer,
  jsonb,
  pgTable,
  primaryKey,
  text,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core';
import { createdAt, currency, id, money, timestamps, timestamptz } from './columns';
import { customers } from './customers';
import { customerSegment, promotionMethod, promotionType } from './enums';
import { orders } from './orders';
import { storeId } from './tenancy';

/**
 * Selling worldwide (issue 22): markets, tax rates and promotions. The rules
 * that turn these rows into a cart's or an order's totals live in one place,
 * src/services/pricing/.
 */

/** Lower-case words joined by single hyphens: a market's or a tax class's handle. */
const HANDLE_PATTERN = '^[a-z0-9]+(-[a-z0-9]+)*$';

/**
 * A market: where a store sells in a currency, with its tax mode. The store's
 * own currency and tax mode (`stores.currency`, `stores.prices_include_tax`)
 * make the home market, `default`, which serves every country no market
 * lists. A market's currency never changes (carts and orders are priced in
 * it), and a market is deactivated rather than deleted.
 */
export const markets = pgTable(
  'markets',
  {
    id: id(),
    storeId: storeId(),
    code: text().notNull(),
    name: text().notNull(),
    currency: currency().notNull(),
    /** EU-style: prices include the tax; otherwise (US-style) tax is added on top. */
    taxInclusive: boolean().notNull().default(false),
    active: boolean().notNull().default(true),
    position: integer().notNull().default(0),
    ...timestamps(),
  },
  (t) => [
    uniqueIndex('markets_store_code_unique').on(t.storeId, t.code),
    index('markets_store_currency_idx').on(t.storeId, t.currency),
    check(
      'markets_code_check',
      sql`${t.code} ~ '${sql.raw(HANDLE_PATTERN)}' AND char_length(${t.code}) <= 32 AND ${t.code} <> 'default'`,
    ),
    check('markets_currency_check', sql`${t.currency} ~ '^[A-Z]{3}$'`),
  ],
);

/**
 * The countries (ISO 3166-1 alpha-2) a market serves: a country belongs to
 * at most one market of a store, which the primary key guarantees.
 */
export const marketCountries = pgTable(
  'market_countries',
  {
    storeId: storeId(),
    country: text().notNull(),
    marketId: uuid()
      .notNull()
      .references(() => markets.id, { onDelete: 'cascade' }),
  },
  (t) => [
    primaryKey({ name: 'market_countries_pkey', columns: [t.storeId, t.country] }),
    index('market_countries_market_idx').on(t.marketId),
    check('market_countries_country_check', sql`${t.country} ~ '^[A-Z]{2}$'`),
  ],
);

/**
 * A tax rate for a destination: a country, optionally one of its regions
 * (the address's `region`, upper case), optionally only for products of a
 * tax class. `ratePpm` is the rate in parts per million (8.875 % =
 * 88,750), so that rates like New York's are exact. Which rates a line pays
 * is decided in src/services/pricing/taxes.ts.
 */
export const taxRates = pgTable(
  'tax_rates',
  {
    id: id(),
    storeId: storeId(),
    country: text().notNull(),
    region: text(),
    taxClass: text(),
    name: text().notNull(),
    ratePpm: integer().notNull(),
    ...timestamps(),
  },
  (t) => [
    index('tax_rates_store_country_idx').on(t.storeId, t.country),
    uniqueIndex('tax_rates_destination_unique').on(
      t.storeId,
      t.country,
      sql`coalesce(${t.region}, '')`,
      sql`coalesce(${t.taxClass}, '')`,
      t.name,
    ),
    check('tax_rates_country_check', sql`${t.country} ~ '^[A-Z]{2}$'`),
    check('tax_rates_region_check', sql`${t.region} ~ '^[A-Z0-9-]{1,10}$'`),
    check(
      'tax_rates_class_check',
      sql`${t.taxClass} ~ '${sql.raw(HANDLE_PATTERN)}' AND char_length(${t.taxClass}) <= 32`,
    ),
    check('tax_rates_rate_check', sql`${t.ratePpm} BETWEEN 0 AND 1000000`),
  ],
);

/**
 * A promotion (seed-less; the anchors' discounts): applied with a code or by
 * itself, taking a percentage (basis points) of its eligible lines, a fixed
 * amount per currency (`amounts`, minor units by ISO code), or the shipping
 * fee. Conditions: a minimum subtotal per currency (`minSubtotals`; when
 * given, other currencies are not eligible), products or categories (none:
 * every line), first order, customer segments, market codes (none: every
 * market), and a validity window. `timesUsed` counts the orders it
 * discounted, and the usage CHECK is what holds the limit under any
 * concurrency, as the stock CHECK holds stock: the checkout that would pass
 * it fails and rolls back.
 */
export const promotions = pgTable(
  'promotions',
  {
    id: id(),
    storeId: storeId(),
    name: text().notNull(),
    description: text(),
    method: promotionMethod().notNull(),
    type: promotionType().notNull(),
    percentageBps: integer(),
    amounts: jsonb().$type<Record<string, number>>().notNull().default({}),
    minSubtotals: jsonb().$type<Record<string, number>>().notNull().default({}),
    productIds: uuid().array().notNull().default(sql`'{}'::uuid[]`),
    categoryIds: uuid().array().notNull().default(sql`'{}'::uuid[]`),
    firstOrderOnly: boolean().notNull().default(false),
    customerSegments: customerSegment().array().notNull().default(sql`'{}'::customer_segment[]`),
    marketCodes: text().array().notNull().default(sql`'{}'::text[]`),
    startsAt: timestamptz().notNull().defaultNow(),
    endsAt: timestamptz(),
    usageLimit: integer(),
    usageLimitPerCustomer: integer(),
    timesUsed: integer().notNull().default(0),
    active: boolean().notNull().default(true),
    ...timestamps(),
  },
  (t) => [
    index('promotions_store_method_idx').on(t.storeId, t.method, t.active),
    index('promotions_store_id_idx').on(t.storeId, t.id),
    check('promotions_usage_limit_check', sql`${t.usageLimit} IS NULL OR ${t.timesUsed} <= ${t.usageLimit}`),
    check(
      'promotions_limits_check',
      sql`${t.timesUsed} >= 0 AND ${t.usageLimit} >= 1 AND ${t.usageLimitPerCustomer} >= 1`,
    ),
    check(
      'promotions_percentage_check',
      sql`(${t.type} = 'percentage') = (${t.percentageBps} IS NOT NULL) AND ${t.percentageBps} BETWEEN 1 AND 10000`,
    ),
    check('promotions_window_check', sql`${t.endsAt} IS NULL OR ${t.endsAt} > ${t.startsAt}`),
  ],
);

/**
 * A code of a promotion, upper case, unique in the store. A bulk-made code
 * is single-use (`usageLimit` 1); its own usage CHECK holds under
 * concurrency like the promotion's.
 */
export const promotionCodes = pgTable(
  'promotion_codes',
  {
    id: id(),
    storeId: storeId(),
    promotionId: uuid()
      .notNull()
      .references(() => promotions.id, { onDelete: 'cascade' }),
    code: text().notNull(),
    usageLimit: integer(),
    timesUsed: integer().notNull().default(0),
    createdAt: createdAt(),
  },
  (t) => [
    uniqueIndex('promotion_codes_store_code_unique').on(t.storeId, t.code),
    index('promotion_codes_promotion_idx').on(t.promotionId, t.id),
    check('promotion_codes_code_check', sql`${t.code} ~ '^[A-Z0-9][A-Z0-9_-]{2,39}$'`),
    check('promotion_codes_usage_limit_check', sql`${t.usageLimit} IS NULL OR ${t.timesUsed} <= ${t.usageLimit}`),
    check('promotion_codes_limits_check', sql`${t.timesUsed} >= 0 AND ${t.usageLimit} >= 1`),
  ],
);

/**
 * How often a customer has used a promotion with a per-customer limit. The
 * limit is copied into the row so that its CHECK holds it: two checkouts of
 * one customer at once queue on the row, and the one past the limit fails.
 */
export const promotionCustomerUses = pgTable(
  'promotion_customer_uses',
  {
    promotionId: uuid()
      .notNull()
      .references(() => promotions.id, { onDelete: 'cascade' }),
    customerId: uuid()
      .notNull()
      .references(() => customers.id, { onDelete: 'cascade' }),
    storeId: storeId(),
    timesUsed: integer().notNull(),
    usageLimit: integer().notNull(),
  },
  (t) => [
    primaryKey({ name: 'promotion_customer_uses_pkey', columns: [t.promotionId, t.customerId] }),
    index('promotion_customer_uses_customer_idx').on(t.customerId),
    index('promotion_customer_uses_store_idx').on(t.storeId),
    check('promotion_customer_uses_limit_check', sql`${t.timesUsed} <= ${t.usageLimit}`),
  ],
);

/**
 * A promotion applied to an order: what it took off (`amount`: its share of
 * the lines' discounts, plus the shipping fee it waived), in the order's
 * currency. The usage report reads these.
 */
export const promotionRedemptions = pgTable(
  'promotion_redemptions',
  {
    id: id(),
    storeId: storeId(),
    promotionId: uuid()
      .notNull()
      .references(() => promotions.id, { onDelete: 'cascade' }),
    codeId: uuid().references(() => promotionCodes.id, { onDelete: 'set null' }),
    code: text(),
    orderId: uuid()
      .notNull()
      .references(() => orders.id, { onDelete: 'cascade' }),
    customerId: uuid().references(() => customers.id, { onDelete: 'set null' }),
    currency: currency().notNull(),
    amount: money().notNull(),
    shippingAmount: money().notNull().default(0),
    createdAt: createdAt(),
  },
  (t) => [
    uniqueIndex('promotion_redemptions_order_promotion_unique').on(t.orderId, t.promotionId),
    index('promotion_redemptions_promotion_idx').on(t.promotionId, t.createdAt),
    index('promotion_redemptions_code_idx').on(t.codeId),
    index('promotion_redemptions_customer_idx').on(t.customerId),
    index('promotion_redemptions_store_idx').on(t.storeId),
    check('promotion_redemptions_amount_check', sql`${t.amount} >= 0 AND ${t.shippingAmount} >= 0`),
  ],
);

/** A line's share of an order's tax, as stored on `orders.tax_lines` (one entry per rate). */
export interface OrderTaxLine {
  name: string;
  /** The rate in percent, e.g. 21 or 8.875. */
  percentage: number;
  country: string | null;
  region: string | null;
  taxClass: string | null;
  taxable: number;
  amount: number;
  included: boolean;
}
