import { type SQL, sql } from 'drizzle-orm';
import type { Database } from '../../db/client';
import { runStatement } from '../../db/sql/batch';
import { currentPrice } from '../../db/sql/prices';
import { statement } from '../../db/sql/statement';

/**
 * Products' price-sort keys (`products.sort_price`, see the schema): the
 * lowest current price of a product's active variants, and until when that
 * holds, the next moment one of its prices starts or ends.
 */

/**
 * Recomputes the sort keys of the products `which` selects (a condition over
 * products `p`), each in its store's currency, answering their ids. A
 * statement for the end of a write batch, after the variants and prices it
 * changed.
 */
export function refreshSortPrices(which: SQL): SQL {
  return sql`WITH keys AS (
      SELECT p.id,
        (SELECT min(price.amount)
          FROM variants v
          CROSS JOIN LATERAL (${currentPrice(sql`v.id`, sql`v.product_id`, sql`s.currency`)}) price
          WHERE v.product_id = p.id AND v.active) AS sort_price,
        (SELECT min(change.at)
          FROM prices pr
          CROSS JOIN LATERAL (VALUES (pr.valid_from), (pr.valid_to)) AS change(at)
          WHERE (pr.product_id = p.id OR pr.variant_id IN (SELECT id FROM variants WHERE product_id = p.id))
            AND pr.currency = s.currency AND change.at > now()) AS sort_price_until
      FROM products p
      JOIN stores s ON s.id = p.store_id
      WHERE ${which})
    UPDATE products p SET sort_price = keys.sort_price, sort_price_at = now(), sort_price_until = keys.sort_price_until
    FROM keys
    WHERE p.id = keys.id
    RETURNING p.id`;
}

/** Whether product alias `p`'s sort key holds now. */
export function sortPriceIsFresh(_p: 'p'): SQL {
  return sql`(p.sort_price_at IS NOT NULL AND (p.sort_price_until IS NULL OR p.sort_price_until > now()))`;
}

/**
 * Recomputes stale keys (never computed, or past a scheduled price change),
 * at most `limit` a call, across stores: the cron job that keeps price-sorted
 * pages on their index. Answers how many it refreshed.
 */
export async function refreshStaleSortPrices(db: Database, limit: number): Promise<number> {
  const refreshed = await runStatement(
    db,
    statement<{ id: string }>(
      refreshSortPrices(sql`p.id IN (
        SELECT id FROM products WHERE sort_price_at IS NULL
        UNION SELECT id FROM products WHERE sort_price_until <= now()
        LIMIT ${limit})`),
    ),
  );
  return refreshed.length;
}
