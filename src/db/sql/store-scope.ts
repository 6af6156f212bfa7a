import { type SQL, sql } from 'drizzle-orm';
import { STORE_SETTING_BOUNDS } from '../../lib/store-settings';

/**
 * Store scoping: every statement acts for one store. A statement that
 * needs the store's currency, tax rate or settings starts with the `store`
 * CTE, and reads it through `store` below; fragments that need one of those
 * values take it as an argument, so what a fragment depends on is visible
 * where it is used.
 */

/**
 * The low-stock line that the settings of store alias `alias` give: available
 * stock at or below it is `low_stock`, for variants without a reorder level.
 */
export function lowStockThreshold(alias: 's' | 'stores'): SQL {
  const settings = sql`${sql.raw(alias)}.settings`;
  return sql`CASE WHEN jsonb_typeof(${settings} -> 'lowStockThreshold') = 'number'
    THEN greatest(floor((${settings} ->> 'lowStockThreshold')::numeric), 0)::int
    ELSE ${STORE_SETTING_BOUNDS.lowStockThreshold.default}::int END`;
}

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
    SELECT id, currency, tax_rate_bps, settings, ${lowStockThreshold('stores')} AS low_stock_threshold
    FROM stores WHERE ${condition})`;
}

/** The `store` CTE's values, for statements that begin with `storeCte` or `storeByIdCte`. */
export const store = {
  id: sql`(SELECT id FROM store)`,
  currency: sql`(SELECT currency FROM store)`,
  taxRateBps: sql`(SELECT tax_rate_bps FROM store)`,
  lowStockThreshold: sql`(SELECT low_stock_threshold FROM store)`,
} as const;
