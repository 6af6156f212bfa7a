import { type SQL, sql } from 'drizzle-orm';
import { vipSpend } from '../store-settings';

/**
 * A customer's running figures, kept on `customers` so that lists and
 * segments read no order history:
 *
 * - `orderCount`: their orders that were paid and not cancelled;
 * - `totalSpent`: what those orders' payments took, net of refunds;
 * - `lastOrderAt`: when the latest of those orders was placed;
 * - `segment`: `vip` from 5 such orders, or from the store's
 *   `settings.vipTotalSpent` (minor units) when it sets one; `regular` from 2;
 *   else `new`.
 *
 * They are recomputed from the orders, never incremented, by every change
 * that can move them (payment confirmed, order cancelled, refund), in that
 * change's transaction: so they live with the order lifecycle. Recomputing
 * needs the customer row locked before the statement that reads the orders
 * starts (READ COMMITTED gives each statement a new snapshot): otherwise two
 * orders of one customer paid at once could each miss the other. So a batch
 * takes `lockCustomersOf` right after its order lock, before any variant
 * (checkout links customers before reserving stock too: one lock order,
 * order, customer, variants), and ends with `refreshCustomerStats`.
 */

export const VIP_ORDER_COUNT = 5;
export const REGULAR_ORDER_COUNT = 2;

const customersOf = (orderIds: SQL) =>
  sql`SELECT customer_id FROM orders WHERE id IN (${orderIds}) AND customer_id IS NOT NULL`;

/** Locks the customers of the orders `orderIds` lists, in id order. */
export function lockCustomersOf(orderIds: SQL): SQL {
  return sql`SELECT c.id
    FROM customers c
    WHERE c.id IN (${customersOf(orderIds)})
    ORDER BY c.id
    FOR UPDATE`;
}

/** Recomputes the figures and segment of the customers of the orders `orderIds` lists. */
export function refreshCustomerStats(orderIds: SQL): SQL {
  return sql`WITH counted AS (
      SELECT c.id, count(o.id)::int AS order_count, max(o.created_at) AS last_order_at,
        coalesce(sum((SELECT sum(p.amount - p.refunded_amount) FROM payments p
          WHERE p.order_id = o.id AND p.status IN ('confirmed', 'partially_refunded', 'refunded'))), 0)::bigint AS total_spent
      FROM customers c
      LEFT JOIN orders o ON o.customer_id = c.id AND o.paid_at IS NOT NULL AND o.status <> 'cancelled'
      WHERE c.id IN (${customersOf(orderIds)})
      GROUP BY c.id)
    UPDATE customers c
    SET order_count = k.order_count,
      total_spent = k.total_spent,
      last_order_at = k.last_order_at,
      segment = CASE WHEN k.order_count >= ${VIP_ORDER_COUNT} OR k.total_spent >= ${vipSpend('s')} THEN 'vip'
        WHEN k.order_count >= ${REGULAR_ORDER_COUNT} THEN 'regular' ELSE 'new' END::customer_segment,
      updated_at = now()
    FROM counted k, stores s
    WHERE c.id = k.id AND s.id = c.store_id`;
}
