import { type SQL, sql } from 'drizzle-orm';
import { availability, currentPrice } from '../../db/sql/prices';
import { store } from '../../db/sql/store-scope';
import { variantLabel } from '../catalog/variant-label';
import { promotionCtes } from './promotions';
import { taxCtes } from './taxes';

/**
 * How an order's money adds up: the one rule that carts show and checkout
 * charges, all in integer minor units of the market's currency, every price
 * read from the database at the moment of the statement (the rules are in
 * docs/guide.md, "Promotions" and "Taxes"):
 *
 *   subtotal = Σ line totals (current unit price × quantity), over purchasable lines
 *   discount = Σ per-line discounts: at most one automatic promotion (the one
 *              of the largest value), then one code on what is left; a
 *              percentage per line rounded half up, a fixed amount spread by
 *              THE ALLOCATION RULE (allocation.ts)
 *   shipping = 0 when a free-shipping promotion applied; else the chosen
 *              rate's amount, or 0 once subtotal − discount reaches its
 *              free-over amount
 *   tax      = per rate the line pays at the destination (taxes.ts; the
 *              store's flat rate where the country has no rates), on lines
 *              after discounts, rounded half up once per rate over the order;
 *              shipping is not taxed. Added (tax) or, in a tax-inclusive
 *              market, contained in the prices (taxIncluded)
 *   total    = subtotal − discount + shipping + tax
 *
 * `pricingCtes` is the chain of CTEs that computes it, named `pr_*`; carts
 * and checkout read its results. Fragments that read the market's currency,
 * tax mode or rate take them from the `store` CTE (db/sql/store-scope.ts):
 * the statement must begin with it. Those that read a row of the caller's
 * take its alias.
 */

/** What the pricing chain prices: lines and the context they are bought in. */
export interface PricingInput {
  /** A relation of (position, product_id, tax_class, purchasable, unit_price, quantity), e.g. `pricedLines`'. */
  lines: SQL;
  /** The buyer's customer id, or null. */
  customerId: SQL;
  /** The promotion code asked for, upper case, or null. */
  code: SQL;
  shippingRateId: SQL;
  /** The destination. */
  country: SQL;
  region: SQL;
  /** The order being placed, which is not a prior order of its customer. */
  orderId?: SQL;
  /** false: no promotion applies (a campaign's price is the deal). */
  promotions?: boolean;
}

/**
 * The pricing chain, after the `store` CTE: `pr_discounts` and
 * `pr_line_tax` per line, `pr_applied` promotions, `pr_code` (the code's
 * status), `pr_rate_tax` (tax lines), `pr_rate` (the chosen shipping rate)
 * and `pr_totals`, one row.
 */
export function pricingCtes(input: PricingInput): SQL {
  return sql`pr_ctx AS (
      SELECT ${input.customerId}::uuid AS customer_id, ${input.code}::text AS code, ${input.shippingRateId}::uuid AS rate_id,
        ${input.country}::text AS country, upper(trim(${input.region}::text)) AS region, ${input.orderId ?? null}::uuid AS order_id),
    pr_lines AS (
      SELECT position, product_id, tax_class, coalesce(purchasable, false) AS purchasable,
        CASE WHEN purchasable THEN unit_price * quantity ELSE 0 END::bigint AS amount
      FROM ${input.lines} l),
    pr_sum AS (SELECT coalesce(sum(amount), 0)::bigint AS s FROM pr_lines),
    pr_rate AS (
      SELECT r.id, r.name, r.amount, r.free_over_amount FROM shipping_rates r
      WHERE r.id = (SELECT rate_id FROM pr_ctx) AND ${rateUsable('r', store)}),
    ${promotionCtes(input.promotions ?? true, sql`(SELECT ${shippingAmount('r', sql`(SELECT s FROM pr_sum)`)} FROM pr_rate r)`)},
    ${taxCtes()},
    ${totalsCte()}`;
}

/** `pr_totals`: the order's money, one row, with the fee a free-shipping promotion waived. */
function totalsCte(): SQL {
  return sql`pr_totals AS (
      SELECT t.*, m.shipping, m.tax, m.tax_included, t.subtotal - t.discount + m.shipping + m.tax AS total
      FROM (
        SELECT sums.s AS subtotal, d.discount, coalesce(${store.taxInclusive}, false) AS inclusive,
          coalesce((SELECT ${shippingAmount('r', sql`sums.s - d.discount`)} FROM pr_rate r), 0)::bigint AS fee,
          EXISTS (SELECT 1 FROM pr_applied WHERE type = 'free_shipping') AS free_shipping,
          coalesce((SELECT sum(amount) FROM pr_rate_tax), 0)::bigint AS tax_sum
        FROM pr_sum sums, (SELECT coalesce(sum(discount), 0)::bigint AS discount FROM pr_discounts) d) t
      CROSS JOIN LATERAL (
        SELECT CASE WHEN t.free_shipping THEN 0 ELSE t.fee END AS shipping,
          CASE WHEN t.inclusive THEN 0 ELSE t.tax_sum END AS tax,
          CASE WHEN t.inclusive THEN t.tax_sum ELSE 0 END AS tax_included) m)`;
}

/** The promotions of `pr_applied` as JSON, the automatic one first; the first free-shipping one waived the fee. */
export function appliedPromotionsJson(): SQL {
  return sql`coalesce((
    SELECT json_agg(json_build_object('promotionId', a.promotion_id, 'name', a.name, 'code', a.code, 'type', a.type,
      'amount', a.amount, 'shippingAmount', ${waivedFee('a')}) ORDER BY a.rank)
    FROM pr_applied a), '[]')`;
}

/** What applied promotion alias `a` took off the shipping: the fee, for the first free-shipping promotion. */
export function waivedFee(_applied: 'a'): SQL {
  return sql`CASE WHEN a.type = 'free_shipping' AND NOT EXISTS (
      SELECT 1 FROM pr_applied f WHERE f.type = 'free_shipping' AND f.rank < a.rank)
    THEN (SELECT fee FROM pr_totals) ELSE 0 END`;
}

/** The code asked for (`pr_code`) as the cart shows it, or null. */
export function codeStatusJson(): SQL {
  return sql`(SELECT json_build_object('code', c.code, 'applies', c.reason IS NULL, 'reason', c.reason) FROM pr_code c)`;
}

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
      v.sku, ${variantLabel('v')} AS variant_label, p.tax_class,
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

/**
 * Whether shipping rate alias `r` may be chosen in the store: active, in the
 * store's currency, and, when `country` is given, serving it (a rate with no
 * countries serves everywhere).
 */
export function rateUsable(_rate: 'r', scope: StoreValues<'id' | 'currency'>, country?: SQL): SQL {
  const serves = country ? sql` AND (cardinality(r.countries) = 0 OR ${country} = ANY (r.countries))` : sql``;
  return sql`(r.store_id = ${scope.id} AND r.active AND r.currency = ${scope.currency}${serves})`;
}
