import { type SQL, sql } from 'drizzle-orm';

/**
 * THE ALLOCATION RULE (docs/guide.md), for fixed-amount discounts and each
 * tax rate's share of the lines: an integer A ≥ 0 over lines of weights
 * w ≥ 0 (W = Σ w > 0) gives each line floor(A × w / W), and the units left
 * over go one each to the lines with the largest (A × w) mod W, ties to the
 * lower position. In `numeric`, since A × w can pass 2^63.
 *
 * `shares` is a relation with `grp` (what is allocated: a promotion, a tax
 * rate), `position`, `amount` (A, the same on every row of a group) and
 * `weight`; the answer has `grp`, `position` and `share`. A group whose
 * weights add up to 0 gets nothing.
 */
export function allocate(shares: SQL): SQL {
  return sql`SELECT grp, position, (floor(a * w / total_w)
      + CASE WHEN row_number() OVER (PARTITION BY grp ORDER BY mod(a * w, total_w) DESC, position)
        <= a - sum(floor(a * w / total_w)) OVER (PARTITION BY grp) THEN 1 ELSE 0 END)::bigint AS share
    FROM (
      SELECT grp, position, amount::numeric AS a, weight::numeric AS w, sum(weight) OVER (PARTITION BY grp)::numeric AS total_w
      FROM ${shares} x) weighted
    WHERE total_w > 0`;
}
