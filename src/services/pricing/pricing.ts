import { type SQL, sql } from 'drizzle-orm';
import { availability, currentPrice } from '../../db/sql/prices';
import type { store } from '../../db/sql/store-scope';
import { variantLabel } from '../catalog/variant-label';

/**
 * How an order's money adds up: the one rule that carts show and checkout
 * charges, all in integer minor units of the store's currency, every price
 * read from the database at the moment of the statement:
 *
 *   subtotal = Σ current unit price × quantity, over purchasable lines
 *   discount = 0 (the data model has no promotions yet)
 *   shipping = the chosen rate's amount, or 0 once subtotal − discount
 *              reaches the rate's free-over amount
 *   tax      = (subtotal − discount) × the store's rate in basis points
 *              / 10,000, rounded half up, once per order (not per line);
 *              shipping is not taxed
 *   total    = subtotal − discount + shipping + tax
 *
 * Fragments that read the store's currency, tax rate or low-stock threshold
 * take them as `store` (db/sql/store-scope.ts): the statement must begin
 * with the `store` CTE. Those that read a row of the caller's take its alias.
 */

/** The `store` CTE's values a fragment reads. */
export type StoreValues<K extends keyof typeof store> = Pick<typeof store, K>;

/**
 * The lines of `wanted` (a relation with `variant_id`, `quantity` and
 * `position`, which this fragment calls `w`; the caller may select more of
 * its columns through `extra`) with what the shopper buys: product, SKU,
 * label, current price, whether it can be bought now, and availability in
 * words. A variant of another store joins nothing, so it is simply not
 * purchasable. Variant and product are looked up by id for each line (a
 * LATERAL with LIMIT, which the planner cannot turn into a join): it
 * guesses a hundred wanted lines where there are a few, and would otherwise
 * hash the store's whole catalog to join them.
 */
export function pricedLines(
  wanted: SQL,
  scope: StoreValues<'id' | 'currency' | 'lowStockThreshold'>,
  extra: SQL = sql``,
): SQL {
  return sql`SELECT w.position, w.variant_id, w.quantity, v.product_id, p.slug AS product_slug, p.name AS product_name,
      v.sku, ${variantLabel('v')} AS variant_label,
      price.amount AS unit_price, price.compare_at_amount AS compare_at_price,
      (v.active AND p.status = 'active' AND price.amount IS NOT NULL) AS purchasable,
      v.on_hand - v.reserved AS available, ${availability('v', scope.lowStockThreshold)} AS availability,
      (SELECT url FROM product_images WHERE product_id = p.id ORDER BY position LIMIT 1) AS image_url${extra}
    FROM ${wanted} w
    LEFT JOIN LATERAL (SELECT * FROM variants WHERE id = w.variant_id AND store_id = ${scope.id} LIMIT 1) v ON true
    LEFT JOIN LATERAL (SELECT * FROM products WHERE id = v.product_id LIMIT 1) p ON true
    LEFT JOIN LATERAL (${currentPrice(sql`v.id`, sql`v.product_id`, scope.currency)}) price ON true`;
}

/** Shipping for shipping rate alias `r` (none chosen, a null row: 0) on `merchandise` (subtotal − discount). */
export function shippingAmount(_rate: 'r', merchandise: SQL): SQL {
  return sql`CASE WHEN r.id IS NULL THEN 0
    WHEN r.free_over_amount IS NOT NULL AND ${merchandise} >= r.free_over_amount THEN 0
    ELSE r.amount END`;
}

/** Tax on `taxable` at `rateBps` basis points, rounded half up (amounts are never negative, so integer division floors). */
export function taxAmount(taxable: SQL, rateBps: SQL): SQL {
  return sql`((${taxable}) * (${rateBps}) + 5000) / 10000`;
}

/**
 * Whether shipping rate alias `r` may be chosen in the store: active, in the
 * store's currency, and, when `country` is given, serving it (a rate with no
 * countries serves everywhere).
 */
export function rateUsable(_rate: 'r', scope: StoreValues<'id' | 'currency'>, country?: SQL): SQL {
  const serves = country ? sql` AND (cardinality(r.countries) = 0 OR ${country} = ANY (r.countries))` : sql``;
  return sql`(r.store_id = ${scope.id} AND r.active AND r.currency = ${scope.currency}${serves})`;
}
