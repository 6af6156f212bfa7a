import { type SQL, sql } from 'drizzle-orm';

/**
 * Prices and availability as every read and write decides them, at the
 * moment of the statement, so that carts, checkout, the catalog and the
 * admin views can never disagree.
 */

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

/** The current price of variant `variantId` (of product `productId`) in `currency`: the variant's own, else its product's. */
export function currentPrice(variantId: SQL, productId: SQL, currency: SQL): SQL {
  return sql`(${latestPrice(sql`variant_id = ${variantId}`, currency)})
    UNION ALL (${latestPrice(sql`product_id = ${productId}`, currency)})
    LIMIT 1`;
}

/**
 * Variant alias `variant`'s stock in words (seed 004's "Disponible", "Últimas
 * unidades", "Agotado"), never as a count. Its reorder level, when set, is
 * its low-stock line; otherwise `storeThreshold`.
 */
export function availability(variant: string, storeThreshold: SQL): SQL {
  const v = sql.raw(variant);
  return sql`CASE WHEN ${v}.on_hand - ${v}.reserved <= 0 THEN 'out_of_stock'
  WHEN ${v}.on_hand - ${v}.reserved <= CASE WHEN ${v}.reorder_level > 0 THEN ${v}.reorder_level ELSE ${storeThreshold} END THEN 'low_stock'
  ELSE 'in_stock' END`;
}
