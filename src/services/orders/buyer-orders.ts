import { sql } from 'drizzle-orm';
import type { Database } from '../../db/client';
import { runStatement } from '../../db/sql/batch';
import { statement } from '../../db/sql/statement';
import { idPageJson, idPageStatement, type ViewJson } from '../../db/sql/views';
import { ApiError, noSuchStore } from '../../lib/api-error';
import type { ShopperAccess } from '../shopper';
import { type BuyerOrderValue, buyerOrderView, orderAccess } from './order-view';

/**
 * One order for its buyer, in one statement: a guest with the order's token,
 * or the signed-in customer who placed it. Any other caller gets the 404 an
 * unknown order gets.
 */
export async function getBuyerOrder(
  db: Database,
  slug: string,
  orderId: string,
  access: ShopperAccess,
): Promise<ViewJson<BuyerOrderValue>> {
  const [row] = await runStatement(
    db,
    statement<{ store_id: string; json: ViewJson<BuyerOrderValue> | null }>(sql`SELECT s.id AS store_id, (
        SELECT ${buyerOrderView.json('o')}
        FROM orders o
        WHERE o.id = ${orderId} AND o.store_id = s.id AND ${orderAccess(access, 'o')}
      )::text AS json
    FROM stores s
    WHERE s.slug = ${slug} AND s.status = 'active'`),
  );
  if (!row) throw noSuchStore(slug);
  if (!row.json) throw new ApiError('not_found', 'No order with that id opens with these credentials.');
  return row.json;
}

/** The signed-in user's orders in every store where they are a customer, newest first, one page, one statement. */
export async function listMyOrders(db: Database, userId: string, page: { limit: number; after?: string }) {
  const from = sql`orders o WHERE o.customer_id IN (SELECT id FROM customers WHERE user_id = ${userId})`;
  return idPageJson(
    await runStatement(db, idPageStatement<BuyerOrderValue>('o', from, buyerOrderView.json('o'), page)),
  );
}
