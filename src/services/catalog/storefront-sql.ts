import { sql, type SQL } from 'drizzle-orm';
import type { Database } from '../../db/client';
import type { StoreSettings } from '../../db/schema';
import { noSuchStore } from '../../lib/api-error';
import { availability, currentPrice } from '../../db/sql/prices';
import { store } from '../../db/sql/store-scope';

/**
 * SQL shared by the storefront's catalog reads. Each read is one statement
 * that starts from the `store` CTE (an active store by slug) and builds its
 * JSON answer in Postgres, so the Worker passes the text through unparsed.
 */

/**
 * What a shopper may see of a product's variants: the active ones that have
 * a current price, with availability in words rather than a stock count.
 */
export function visibleVariants(productId: SQL): SQL {
  return sql`SELECT v.id, v.sku, v.position, v.on_hand - v.reserved AS available, price.amount, price.compare_at_amount,
      ${availability('v', store.lowStockThreshold)} AS availability
    FROM variants v CROSS JOIN LATERAL (${currentPrice(sql`v.id`, sql`v.product_id`, store.currency)}) price
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
