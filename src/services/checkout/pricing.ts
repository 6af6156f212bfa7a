import { sql, type SQL } from 'drizzle-orm';
import { availability, currentPrice } from '../../db/sql/prices';
import { store } from '../../db/sql/store-scope';

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
 * The fragments expect the `store` CTE (storeCte) for currency, tax rate and
 * low-stock threshold.
 */

/** Most distinct variants one cart or checkout may hold. */
export const MAX_LINES = 100;

/** Variant alias `v`'s option values as a label, e.g. "M / Negro"; empty without options. */
export const variantLabel = sql`coalesce((SELECT string_agg(ov.value, ' / ' ORDER BY ot.position, ot.name)
  FROM variant_option_values vov JOIN option_values ov ON ov.id = vov.option_value_id JOIN option_types ot ON ot.id = ov.option_type_id
  WHERE vov.variant_id = v.id), '')`;

/**
 * The lines of `wanted` (a relation aliased `w` with `variant_id`,
 * `quantity` and `position`, and whatever else the caller selects through
 * `extra`) with what the shopper buys: product, SKU, label, current price,
 * whether it can be bought now, and availability in words. A variant of
 * another store joins nothing, so it is simply not purchasable.
 */
export function pricedLines(wanted: SQL, extra: SQL = sql``): SQL {
  return sql`SELECT w.position, w.variant_id, w.quantity, v.product_id, p.slug AS product_slug, p.name AS product_name,
      v.sku, ${variantLabel} AS variant_label, price.amount AS unit_price, price.compare_at_amount AS compare_at_price,
      (v.active AND p.status = 'active' AND price.amount IS NOT NULL) AS purchasable,
      v.on_hand - v.reserved AS available, ${availability('v', store.lowStockThreshold)} AS availability,
      (SELECT url FROM product_images WHERE product_id = p.id ORDER BY position LIMIT 1) AS image_url${extra}
    FROM ${wanted}
    LEFT JOIN variants v ON v.id = w.variant_id AND v.store_id = (SELECT id FROM store)
    LEFT JOIN products p ON p.id = v.product_id
    LEFT JOIN LATERAL (${currentPrice(sql`v.id`, sql`v.product_id`, store.currency)}) price ON true`;
}

/** Shipping for rate alias `r` (none chosen: 0) on `merchandise` (subtotal − discount). */
export function shippingAmount(merchandise: SQL): SQL {
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
export function rateUsable(country?: SQL): SQL {
  const serves = country ? sql` AND (cardinality(r.countries) = 0 OR ${country} = ANY (r.countries))` : sql``;
  return sql`(r.store_id = (SELECT id FROM store) AND r.active AND r.currency = (SELECT currency FROM store)${serves})`;
}
