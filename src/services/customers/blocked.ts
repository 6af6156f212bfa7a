import { type SQL, sql } from 'drizzle-orm';
import type { Shopper } from '../shopper';

/**
 * A blocked customer (staff's `POST .../customers/{id}/block`) can open no
 * cart and place no order. The checks are guards inside the storefront's
 * own batches, so carts and checkout stay one round trip. The answer is a
 * 403 `customer_blocked` that says no more than that: not why, not since
 * when.
 */

const CUSTOMER_BLOCKED = 'This store does not take carts or orders from this customer; contact the store.';

/** Stops the batch when the signed-in shopper's customer record in store `slug` is blocked. */
export function refuseBlockedShopper(slug: string, shopper: Shopper): SQL {
  return sql`SELECT api_error('customer_blocked', ${CUSTOMER_BLOCKED})
    FROM customers c
    JOIN stores s ON s.id = c.store_id
    WHERE s.slug = ${slug} AND c.user_id = ${shopper.userId} AND c.blocked_at IS NOT NULL`;
}

/**
 * Stops a checkout's batch when the order it has just placed, `orderId`, is
 * for a blocked customer (the signed-in shopper's, or the guest's by email)
 * or under the email of one. A replay places no order, so an order placed
 * before the block still answers under its Idempotency-Key: it changes
 * nothing, and the client retrying it is owed the answer it missed.
 */
export function refuseBlockedBuyer(orderId: string): SQL {
  return sql`SELECT api_error('customer_blocked', ${CUSTOMER_BLOCKED})
    FROM orders o
    WHERE o.id = ${orderId}
      AND (EXISTS (SELECT 1 FROM customers c WHERE c.id = o.customer_id AND c.blocked_at IS NOT NULL)
        OR EXISTS (SELECT 1 FROM customers c WHERE c.store_id = o.store_id AND c.email = o.email AND c.blocked_at IS NOT NULL))`;
}
