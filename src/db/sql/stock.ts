import { type SQL, sql } from 'drizzle-orm';

/**
 * How every change of stock takes its rows: two CTEs, `locked` and then
 * `changed` (named by the caller). The variants that `lines` lists (a CTE
 * with `variant_id` and `quantity`) are locked in id order first, so that
 * two changes sharing variants queue instead of deadlocking; then `set`
 * (over the variant `v` and its line `l`) is applied to each. The second CTE
 * returns the variant's `id`, `store_id`, `on_hand` and `reserved` as
 * changed, the line's `quantity`, and whatever else `carry` names of `l`.
 * The stock CHECK (reserved <= on_hand, both >= 0) refuses an oversell here.
 */
export function lockAndChangeStock(change: { lines: string; changed: string; set: SQL; carry?: SQL }): SQL {
  const lines = sql.raw(change.lines);
  const carry = change.carry ? sql`, ${change.carry}` : sql``;
  return sql`locked AS (
      SELECT v.id
      FROM variants v
      WHERE v.id IN (SELECT variant_id FROM ${lines})
      ORDER BY v.id
      FOR NO KEY UPDATE),
    ${sql.raw(change.changed)} AS (
      UPDATE variants v
      SET ${change.set}
      FROM ${lines} l
      WHERE v.id = l.variant_id AND v.id IN (SELECT id FROM locked)
      RETURNING v.id, v.store_id, v.on_hand, v.reserved, l.quantity${carry})`;
}
