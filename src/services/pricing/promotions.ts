import { type SQL, sql } from 'drizzle-orm';
import { store } from '../../db/sql/store-scope';
import { allocate } from './allocation';

/**
 * Promotions in the pricing chain (see pricing.ts for the order of the
 * CTEs): which promotions are eligible in the context, the automatic one
 * chosen by value, the code after it, and each line's discount, by the
 * STACKING RULE in docs/guide.md, "Promotions". Reads `pr_ctx`, `pr_lines`,
 * `pr_sum` and `pr_rate`; answers `pr_code` (the code asked for, whether it
 * applies and why not), `pr_discounts` (per line) and `pr_applied` (the
 * promotions applied, the automatic one first).
 */

/** The money of promotion alias `p`'s jsonb column (`amounts`, `min_subtotals`) in the market's currency; null if none. */
function inCurrency(column: 'amounts' | 'min_subtotals'): SQL {
  return sql`(p.${sql.raw(column)} ->> ${store.currency})::bigint`;
}

/** Why promotion alias `p` does not apply in the context (null: it does), as the shopper reads it. */
function refusal(): SQL {
  const buyerSegment = sql`coalesce((SELECT segment::text FROM pr_buyer), 'new')`;
  return sql`CASE
    WHEN NOT p.active THEN 'This code is no longer active.'
    WHEN p.starts_at > now() THEN 'This code is not valid yet.'
    WHEN p.ends_at IS NOT NULL AND p.ends_at <= now() THEN 'This code has expired.'
    WHEN cardinality(p.market_codes) > 0 AND NOT ${store.market} = ANY (p.market_codes)
      THEN 'This code is not valid in this market.'
    WHEN p.type = 'fixed_amount' AND ${inCurrency('amounts')} IS NULL THEN 'This code is not valid in this market.'
    WHEN p.min_subtotals <> '{}'::jsonb AND coalesce((SELECT s FROM pr_sum) < ${inCurrency('min_subtotals')}, true)
      THEN 'The cart has not reached this code’s minimum subtotal.'
    WHEN NOT EXISTS (SELECT 1 FROM pr_eligible e WHERE e.promotion_id = p.id) THEN 'No item in the cart is eligible for this code.'
    WHEN p.first_order_only AND coalesce((SELECT has_orders FROM pr_buyer), false) THEN 'This code is for a first order only.'
    WHEN cardinality(p.customer_segments) > 0 AND NOT ${buyerSegment} = ANY (p.customer_segments::text[])
      THEN 'This code is not available to this customer.'
    WHEN ${usedUp()} THEN 'This code has been used up.'
    END`;
}

/** Whether promotion alias `p`'s limit, or the buyer's, is reached (a preview: checkout relies on the CHECKs). */
function usedUp(): SQL {
  return sql`(p.usage_limit IS NOT NULL AND p.times_used >= p.usage_limit
    OR p.usage_limit_per_customer IS NOT NULL AND EXISTS (
      SELECT 1 FROM promotion_customer_uses u
      WHERE u.promotion_id = p.id AND u.customer_id = (SELECT id FROM pr_buyer) AND u.times_used >= p.usage_limit_per_customer))`;
}

/**
 * Each promotion of `promos` (id, type, percentage_bps, fixed) on its
 * eligible lines of `bases` (position, base): a percentage per line,
 * rounded half up; a fixed amount, at most the lines' sum, by THE
 * ALLOCATION RULE. Answers (promotion_id, position, d).
 */
function discountsOn(promos: SQL, bases: SQL): SQL {
  const eligible = sql`${promos} p JOIN pr_eligible e ON e.promotion_id = p.id JOIN ${bases} b ON b.position = e.position`;
  const fixed = sql`(SELECT p.id AS grp, b.position, least(p.fixed, sum(b.base) OVER (PARTITION BY p.id)) AS amount, b.base AS weight
    FROM ${eligible} WHERE p.type = 'fixed_amount')`;
  return sql`SELECT p.id AS promotion_id, b.position, round(b.base * p.percentage_bps / 10000.0)::bigint AS d
    FROM ${eligible} WHERE p.type = 'percentage'
    UNION ALL
    SELECT grp, position, share FROM (${allocate(fixed)}) shares`;
}

/**
 * The CTEs of the promotions step, after `pr_ctx`, `pr_lines`, `pr_sum` and
 * `pr_rate`; none applies unless `enabled`. `fee` is the shipping fee before
 * any discount, what a free-shipping promotion is worth in the choice of
 * the automatic one.
 */
export function promotionCtes(enabled: boolean, fee: SQL): SQL {
  return sql`pr_buyer AS (
      SELECT c.id, c.segment, EXISTS (
          SELECT 1 FROM orders o
          WHERE o.customer_id = c.id AND o.status <> 'cancelled' AND o.id IS DISTINCT FROM (SELECT order_id FROM pr_ctx)
        ) AS has_orders
      FROM customers c
      WHERE c.id = (SELECT customer_id FROM pr_ctx)),
    pr_code_row AS (
      SELECT pc.*, pc.usage_limit IS NOT NULL AND pc.times_used >= pc.usage_limit AS used_up FROM promotion_codes pc
      WHERE pc.store_id = ${store.id} AND pc.code = (SELECT code FROM pr_ctx)),
    pr_candidates AS (
      SELECT p.*, ${inCurrency('amounts')} AS fixed FROM promotions p
      WHERE ${enabled ? sql`true` : sql`false`} AND p.store_id = ${store.id} AND (p.method = 'automatic' AND p.active AND p.starts_at <= now()
        OR p.id = (SELECT promotion_id FROM pr_code_row))),
    pr_eligible AS (
      SELECT p.id AS promotion_id, l.position
      FROM pr_candidates p JOIN pr_lines l ON l.purchasable
      WHERE cardinality(p.product_ids) = 0 AND cardinality(p.category_ids) = 0
        OR l.product_id = ANY (p.product_ids)
        OR EXISTS (SELECT 1 FROM product_categories pc WHERE pc.product_id = l.product_id AND pc.category_id = ANY (p.category_ids))),
    pr_check AS (SELECT p.*, ${refusal()} AS reason, ${usedUp()} AS used_up FROM pr_candidates p),
    pr_offers AS (${discountsOn(sql`(SELECT * FROM pr_check WHERE method = 'automatic' AND reason IS NULL)`, sql`(SELECT position, amount AS base FROM pr_lines)`)}),
    pr_auto AS (
      SELECT p.id, p.name, p.type, v.value
      FROM pr_check p
      CROSS JOIN LATERAL (SELECT CASE WHEN p.type = 'free_shipping' THEN coalesce(${fee}, 0)
        ELSE coalesce((SELECT sum(d) FROM pr_offers o WHERE o.promotion_id = p.id), 0) END AS value) v
      WHERE p.method = 'automatic' AND p.reason IS NULL AND v.value > 0
      ORDER BY v.value DESC, p.created_at, p.id
      LIMIT 1),
    pr_base AS (
      SELECT l.position, l.amount, coalesce(o.d, 0) AS auto_d, l.amount - coalesce(o.d, 0) AS base
      FROM pr_lines l LEFT JOIN pr_offers o ON o.position = l.position AND o.promotion_id = (SELECT id FROM pr_auto)),
    pr_code AS (
      SELECT x.code, c.id AS code_id, p.id AS promotion_id, p.name, p.type,
        CASE WHEN p.id IS NULL OR p.method <> 'code' THEN 'There is no such code.'
          WHEN c.used_up THEN 'This code has been used up.'
          ELSE p.reason END AS reason,
        p.id IS NOT NULL AND p.method = 'code' AND (p.used_up OR c.used_up) AS used_up
      FROM pr_ctx x
      LEFT JOIN pr_code_row c ON true
      LEFT JOIN pr_check p ON p.id = c.promotion_id
      WHERE x.code IS NOT NULL),
    pr_code_d AS (${discountsOn(sql`(SELECT * FROM pr_check WHERE id = (SELECT promotion_id FROM pr_code WHERE reason IS NULL))`, sql`pr_base`)}),
    pr_discounts AS (
      SELECT b.position, b.amount, b.auto_d, coalesce(c.d, 0) AS code_d, b.auto_d + coalesce(c.d, 0) AS discount
      FROM pr_base b LEFT JOIN pr_code_d c ON c.position = b.position),
    pr_applied AS (
      SELECT 0 AS rank, a.id AS promotion_id, a.name, NULL::text AS code, NULL::uuid AS code_id, a.type::text AS type,
        (SELECT coalesce(sum(auto_d), 0) FROM pr_discounts)::bigint AS amount
      FROM pr_auto a
      UNION ALL
      SELECT 1, c.promotion_id, c.name, c.code, c.code_id, c.type::text, (SELECT coalesce(sum(code_d), 0) FROM pr_discounts)::bigint
      FROM pr_code c WHERE c.reason IS NULL)`;
}

/**
 * Stops the statement when the code asked for does not apply (`pr_code`
 * with a reason): 409 `promotion_used_up` when a limit is reached, else 422
 * `promotion_not_applicable`, on request field `field`; `when` narrows it.
 */
export function refuseCode(field: string, when: SQL = sql`true`): SQL {
  return sql`SELECT CASE WHEN c.used_up THEN api_error('promotion_used_up', c.reason, ${field})
      ELSE api_error('promotion_not_applicable', c.reason, ${field}) END
    FROM pr_code c
    WHERE c.reason IS NOT NULL AND ${when}`;
}
