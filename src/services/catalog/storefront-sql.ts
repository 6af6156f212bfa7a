import { type SQL, sql } from 'drizzle-orm';
import type { Database } from '../../db/client';
import type { StoreSettings } from '../../db/schema';
import { runStatement } from '../../db/sql/batch';
import { availability, currentPrice } from '../../db/sql/prices';
import type { Statement } from '../../db/sql/statement';
import { store } from '../../db/sql/store-scope';
import { noSuchStore } from '../../lib/api-error';

/**
 * SQL shared by the storefront's catalog reads. Each read is one statement
 * that starts from the `store` CTE (an active store by slug) and builds its
 * JSON answer in Postgres, so the Worker passes the text through unparsed.
 * The fragments here take the `store` values they read as arguments (pass
 * store-scope's `store`), and the aliases they read as typed names.
 */

/** The `store` CTE's values the catalog's fragments read: its currency and its low-stock line. */
export type CatalogStore = Pick<typeof store, 'currency' | 'lowStockThreshold'>;

/**
 * What a shopper may see of product `productId`'s variants: the active ones
 * that have a current price in the store's currency, with availability in
 * words rather than a stock count. Select from it as `vv`.
 */
export function visibleVariants(productId: SQL, shop: CatalogStore): SQL {
  return sql`SELECT v.id, v.sku, v.position, v.on_hand - v.reserved AS available, price.amount, price.compare_at_amount,
      ${availability('v', shop.lowStockThreshold)} AS availability
    FROM variants v
    CROSS JOIN LATERAL (${currentPrice(sql`v.id`, sql`v.product_id`, shop.currency)}) price
    WHERE v.product_id = ${productId} AND v.active`;
}

/** A product's availability, an aggregate over its visible variants aliased `vv`: the best any of them has. */
export function productAvailability(_vv: 'vv'): SQL {
  return sql`CASE WHEN bool_or(vv.availability = 'in_stock') THEN 'in_stock'
    WHEN bool_or(vv.availability = 'low_stock') THEN 'low_stock'
    ELSE 'out_of_stock' END`;
}

/**
 * Seconds until store `storeId`'s next scheduled price change (a price
 * starting or ending), or null: no catalog response may be cached past it.
 */
export function secondsUntilNextPriceChange(storeId: SQL): SQL {
  return sql`extract(epoch FROM least(
    (SELECT min(valid_from) FROM prices WHERE store_id = ${storeId} AND valid_from > now()),
    (SELECT min(valid_to) FROM prices WHERE store_id = ${storeId} AND valid_to IS NOT NULL AND valid_to > now())
  ) - now())`;
}

/**
 * The columns every storefront statement answers beside its JSON: whose
 * store it is, for how long the answer holds, and whether the store has
 * markets picked by the shopper's country (then an answer in the market a
 * request did not name depends on where the shopper is).
 */
export type StorefrontRow = {
  store_id: string | null;
  settings: StoreSettings | null;
  fresh_for_seconds: string | null;
  country_markets: boolean | null;
};

/** The `StorefrontRow` columns, from the `store` CTE; `freshForSeconds` as `secondsUntilNextPriceChange` gives it, or NULL. */
export function storefrontRowColumns(freshForSeconds: SQL): SQL {
  return sql`${store.id} AS store_id,
    (SELECT settings FROM store) AS settings,
    ${freshForSeconds} AS fresh_for_seconds,
    EXISTS (
      SELECT 1 FROM markets m
      WHERE m.store_id = ${store.id} AND m.active
        AND EXISTS (SELECT 1 FROM market_countries mc WHERE mc.market_id = m.id)) AS country_markets`;
}

/** Runs a storefront statement; a store that is missing or not active is a 404. */
export async function runStorefrontRead<Row extends StorefrontRow>(db: Database, slug: string, read: Statement<Row>) {
  const [row] = await runStatement(db, read);
  if (!row?.store_id) throw noSuchStore(slug);
  const freshFor = row.fresh_for_seconds === null ? undefined : Math.max(0, Math.floor(Number(row.fresh_for_seconds)));
  return {
    row,
    storeId: row.store_id,
    settings: row.settings ?? {},
    freshForSeconds: freshFor,
    countryMarkets: row.country_markets === true,
  };
}
