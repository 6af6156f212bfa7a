import { type SQL, sql } from 'drizzle-orm';
import { store } from '../../db/sql/store-scope';
import { allocate } from './allocation';

/**
 * Taxes in the pricing chain (see pricing.ts): which rates each line pays
 * at the destination, each rate's tax over the whole order rounded once
 * (THE ROUNDING RULE, docs/guide.md "Taxes"), and each line's share of it
 * (THE ALLOCATION RULE). Reads `pr_ctx`, `pr_lines` and `pr_discounts`;
 * answers `pr_rate_tax` (one row per rate) and `pr_line_tax` (per line).
 *
 * A destination country with no rate rows in the store, or none known,
 * pays the store's flat rate on every line, as every store did before
 * tax rates existed.
 */
export function taxCtes(): SQL {
  const inclusive = sql`coalesce(${store.taxInclusive}, false)`;
  return sql`pr_dest_rates AS (
      SELECT t.* FROM tax_rates t, pr_ctx x
      WHERE t.store_id = ${store.id} AND t.country = x.country AND (t.region IS NULL OR t.region = x.region)),
    pr_line_rates AS (
      SELECT d.position, d.amount - d.discount AS base, t.id::text AS rate_key, t.name, t.rate_ppm, t.country, t.region, t.tax_class
      FROM pr_discounts d
      JOIN pr_lines l ON l.position = d.position AND l.purchasable
      JOIN pr_dest_rates t ON t.tax_class IS NOT DISTINCT FROM (CASE WHEN EXISTS (
        SELECT 1 FROM pr_dest_rates c WHERE c.tax_class = l.tax_class) THEN l.tax_class END)
      WHERE t.rate_ppm > 0
      UNION ALL
      SELECT d.position, d.amount - d.discount, 'flat', 'Tax', ${store.taxRateBps} * 100, x.country, NULL, NULL
      FROM pr_discounts d
      JOIN pr_lines l ON l.position = d.position AND l.purchasable
      CROSS JOIN pr_ctx x
      WHERE ${store.taxRateBps} > 0 AND NOT EXISTS (
        SELECT 1 FROM tax_rates t WHERE t.store_id = ${store.id} AND t.country = x.country)),
    pr_line_ppm AS (
      SELECT position, CASE WHEN ${inclusive} THEN sum(rate_ppm) ELSE 0 END AS ppm FROM pr_line_rates GROUP BY position),
    pr_rate_parts AS (
      SELECT r.rate_key, r.name, r.rate_ppm, r.country, r.region, r.tax_class, p.ppm,
        sum(r.base) AS taxable, sum(r.base::numeric * r.rate_ppm) AS numerator
      FROM pr_line_rates r JOIN pr_line_ppm p ON p.position = r.position
      GROUP BY r.rate_key, r.name, r.rate_ppm, r.country, r.region, r.tax_class, p.ppm),
    pr_rate_tax AS (
      SELECT rate_key, name, rate_ppm, country, region, tax_class, sum(taxable)::bigint AS taxable,
        round(sum(numerator::numeric(60, 30) / (1000000 + ppm)))::bigint AS amount
      FROM pr_rate_parts
      GROUP BY rate_key, name, rate_ppm, country, region, tax_class),
    pr_line_tax AS (
      SELECT position, sum(share)::bigint AS tax
      FROM (${allocate(sql`(SELECT r.rate_key AS grp, r.position, t.amount, r.base AS weight
        FROM pr_line_rates r JOIN pr_rate_tax t ON t.rate_key = r.rate_key)`)}) shares
      GROUP BY position)`;
}

/** The tax lines of `pr_rate_tax` as JSON, in their documented order; `included` when the prices contain them. */
export function taxLinesJson(included: SQL): SQL {
  return sql`coalesce((
    SELECT json_agg(json_build_object('name', rt.name, 'percentage', trim_scale(rt.rate_ppm / 10000.0), 'country', rt.country,
      'region', rt.region, 'taxClass', rt.tax_class, 'taxable', rt.taxable, 'amount', rt.amount, 'included', ${included})
      ORDER BY rt.country, rt.region NULLS FIRST, rt.tax_class NULLS FIRST, rt.name)
    FROM pr_rate_tax rt), '[]')`;
}
