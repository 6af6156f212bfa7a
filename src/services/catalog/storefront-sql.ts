import { sql, type SQL } from 'drizzle-orm';
import type { Database } from '../../db/client';
import type { StoreSettings } from '../../db/schema';
import { noSuchStore } from '../../http/problem';

/**
 * SQL shared by the storefront's catalog reads. Each read is one statement
 * that starts from the `store` CTE (an active store by slug) and builds its
 * JSON answer in Postgres, so the Worker passes the text through unparsed.
 */

/** Available stock at or below this is `low_stock`, for variants without a reorder level and stores without a setting. */
export const DEFAULT_LOW_STOCK_THRESHOLD = 5;

/** `store`: the active store of this slug, with its currency, tax rate, settings and low-stock threshold. */
export function storeCte(slug: string): SQL {
  return storeCteWhere(sql`slug = ${slug} AND status = 'active'`);
}

/** `store` for an admin read or write: the store the tenancy guard resolved. */
export function storeByIdCte(storeId: string): SQL {
  return storeCteWhere(sql`id = ${storeId}`);
}

function storeCteWhere(condition: SQL): SQL {
  return sql`store AS (
    SELECT id, currency, tax_rate_bps, settings,
      CASE WHEN jsonb_typeof(settings -> 'lowStockThreshold') = 'number'
        THEN greatest(floor((settings ->> 'lowStockThreshold')::numeric), 0)::int
        ELSE ${DEFAULT_LOW_STOCK_THRESHOLD}::int END AS low_stock_threshold
    FROM stores WHERE ${condition})`;
}

/**
 * The price row in effect among those `target` picks (a condition over
 * `prices`, unqualified) in `currency`: the latest whose window contains now;
 * between rows from the same moment, the later made (ids are time-ordered).
 * A price scheduled for later takes effect at its time with no job, because
 * "current" is decided here, at read time. Answers id, amount and
 * compare_at_amount, or no row.
 */
export function latestPrice(target: SQL, currency: SQL): SQL {
  return sql`SELECT id, amount, compare_at_amount FROM prices
    WHERE ${target} AND currency = ${currency} AND valid_from <= now() AND (valid_to IS NULL OR valid_to > now())
    ORDER BY valid_from DESC, id DESC LIMIT 1`;
}

/**
 * The current price of variant `variantId` (of product `productId`) in the
 * store's currency (the `store` CTE's, unless given): the variant's own,
 * else its product's.
 */
export function currentPrice(variantId: SQL, productId: SQL, currency: SQL = sql`(SELECT currency FROM store)`): SQL {
  return sql`(${latestPrice(sql`variant_id = ${variantId}`, currency)})
    UNION ALL (${latestPrice(sql`product_id = ${productId}`, currency)})
    LIMIT 1`;
}

/**
 * Variant alias `v`'s stock in words (seed 004's "Disponible", "Últimas
 * unidades", "Agotado"), never as a count. Its reorder level, when set, is
 * its low-stock line; otherwise the store's.
 */
export const availability = sql`CASE WHEN v.on_hand - v.reserved <= 0 THEN 'out_of_stock'
  WHEN v.on_hand - v.reserved <= CASE WHEN v.reorder_level > 0 THEN v.reorder_level ELSE (SELECT low_stock_threshold FROM store) END THEN 'low_stock'
  ELSE 'in_stock' END`;

/**
 * What a shopper may see of a product's variants: the active ones that have
 * a current price, with availability in words rather than a stock count.
 */
export function visibleVariants(productId: SQL): SQL {
  return sql`SELECT v.id, v.sku, v.position, v.on_hand - v.reserved AS available, price.amount, price.compare_at_amount,
      ${availability} AS availability
    FROM variants v CROSS JOIN LATERAL (${currentPrice(sql`v.id`, sql`v.product_id`)}) price
    WHERE v.product_id = ${productId} AND v.active`;
}

/** A product's availability from its variants' (aliased `vv`): the best any of them has. */
export const productAvailability = sql`CASE WHEN bool_or(vv.availability = 'in_stock') THEN 'in_stock'
  WHEN bool_or(vv.availability = 'low_stock') THEN 'low_stock' ELSE 'out_of_stock' END`;

/**
 * Seconds until the store's next scheduled price change (a price starting
 * or ending), or null: no catalog response may be cached past it.
 */
export const secondsUntilNextPriceChange = sql`extract(epoch FROM least(
    (SELECT min(valid_from) FROM prices WHERE store_id = (SELECT id FROM store) AND valid_from > now()),
    (SELECT min(valid_to) FROM prices WHERE store_id = (SELECT id FROM store) AND valid_to IS NOT NULL AND valid_to > now())
  ) - now())`;

/** The columns every storefront statement answers beside its JSON: whose store it is, and for how long the answer holds. */
export type StorefrontRow = {
  store_id: string | null;
  settings: StoreSettings | null;
  fresh_for_seconds: string | null;
};

/** Runs a storefront statement; a store that is missing or not active is a 404. */
export async function runStorefrontRead<Row extends StorefrontRow>(db: Database, slug: string, statement: SQL) {
  const { rows } = await db.execute<Row>(statement);
  const row = rows[0];
  if (!row?.store_id) throw noSuchStore(slug);
  const freshFor = row.fresh_for_seconds === null ? undefined : Math.max(0, Math.floor(Number(row.fresh_for_seconds)));
  return { row, storeId: row.store_id, settings: row.settings ?? {}, freshForSeconds: freshFor };
}
