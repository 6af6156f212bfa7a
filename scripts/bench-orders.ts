/**
 * What the order scenarios of `npm run bench` need: a store with a year of
 * history, 10,000 orders of 1,000 customers in every status, each with its
 * line, its payment and its first history row. Written straight in SQL (a
 * few statements) rather than through 10,000 checkouts: these scenarios
 * measure reading and moving orders, not placing them.
 */
import { sql } from 'drizzle-orm';
import { insertStatusHistory } from '../src/db/sql/ledgers.ts';
import type { DrizzleDatabase } from '../src/db/drizzle.ts';
import { BENCH_ORDERS_SLUG } from './bench-catalog.ts';

export const BENCH_ORDER_COUNT = 10_000;
const CUSTOMERS = 1_000;

/**
 * Writes the history and answers the store's id and its paid orders (40 %
 * of them), for the status-change scenario to move to `preparing`.
 */
export async function seedOrderHistory(db: DrizzleDatabase): Promise<{ storeId: string; paidOrderIds: string[] }> {
  const store = sql`(SELECT id FROM stores WHERE slug = ${BENCH_ORDERS_SLUG})`;
  // Order g is customer g % 1000's, placed (10,000 - g) * 50 minutes ago; its status cycles with g.
  const status = sql`(ARRAY['paid', 'paid', 'paid', 'paid', 'pending_payment', 'preparing', 'shipped', 'delivered', 'delivered', 'cancelled'])[g % 10 + 1]::order_status`;
  await db.batch([
    db.execute(sql`INSERT INTO customers (id, store_id, email, name)
      SELECT uuid_v7(), ${store}, 'customer-' || c || '@bench.test', 'Customer ' || c FROM generate_series(0, ${CUSTOMERS - 1}) c`),
    db.execute(sql`WITH variant AS (SELECT v.id, v.product_id, v.sku, p.name, (row_number() OVER (ORDER BY v.id) - 1)::int AS n,
          (SELECT amount FROM prices WHERE variant_id = v.id OR product_id = v.product_id ORDER BY valid_from DESC LIMIT 1) AS price
        FROM variants v JOIN products p ON p.id = v.product_id WHERE v.store_id = ${store}),
      planned AS (SELECT g, uuid_v7() AS id, ${status} AS status, now() - (${BENCH_ORDER_COUNT} - g) * interval '50 minutes' AS at,
          (SELECT id FROM variant WHERE n = g % (SELECT count(*) FROM variant)) AS variant_id, 1 + g % 3 AS quantity
        FROM generate_series(0, ${BENCH_ORDER_COUNT - 1}) g ORDER BY g),
      placed AS (
        INSERT INTO orders (id, store_id, customer_id, email, status, currency, subtotal, total, shipping_address, created_at, updated_at,
          paid_at, preparing_at, shipped_at, delivered_at, cancelled_at, cancel_reason)
        SELECT pl.id, ${store}, c.id, c.email, pl.status, 'USD', v.price * pl.quantity, v.price * pl.quantity,
          jsonb_build_object('name', c.name, 'line1', pl.g || ' Bench Street', 'city', 'Benchville', 'country', 'US'), pl.at, pl.at,
          CASE WHEN pl.status NOT IN ('pending_payment', 'cancelled') THEN pl.at END,
          CASE WHEN pl.status IN ('preparing', 'shipped', 'delivered') THEN pl.at END,
          CASE WHEN pl.status IN ('shipped', 'delivered') THEN pl.at END,
          CASE WHEN pl.status = 'delivered' THEN pl.at END,
          CASE WHEN pl.status = 'cancelled' THEN pl.at END, CASE WHEN pl.status = 'cancelled' THEN 'reservation_expired' END
        FROM planned pl JOIN variant v ON v.id = pl.variant_id
          JOIN customers c ON c.store_id = ${store} AND c.email = 'customer-' || (pl.g % ${CUSTOMERS}) || '@bench.test'
        RETURNING id, status, subtotal, created_at),
      lines AS (
        INSERT INTO order_items (id, store_id, order_id, variant_id, product_id, product_name, sku, unit_price, quantity, line_total)
        SELECT uuid_v7(), ${store}, pl.id, v.id, v.product_id, v.name, v.sku, v.price, pl.quantity, v.price * pl.quantity
        FROM planned pl JOIN variant v ON v.id = pl.variant_id),
      paying AS (
        INSERT INTO payments (id, store_id, order_id, method, provider, amount, currency, status, confirmed_at)
        SELECT uuid_v7(), ${store}, id, 'cod', 'manual', subtotal, 'USD',
          CASE status WHEN 'pending_payment' THEN 'pending' WHEN 'cancelled' THEN 'expired' ELSE 'confirmed' END::payment_status,
          CASE WHEN status NOT IN ('pending_payment', 'cancelled') THEN created_at END
        FROM placed)
      ${insertStatusHistory(
        {
          storeId: store,
          orderId: sql`id`,
          toStatus: 'pending_payment',
          reason: 'checkout',
          actorType: 'system',
          createdAt: sql`created_at`,
        },
        sql`placed`,
      )}`),
  ]);
  const { rows } = await db.execute<{ id: string; store_id: string }>(
    sql`SELECT id, store_id FROM orders WHERE store_id = ${store} AND status = 'paid'`,
  );
  return { storeId: rows[0]!.store_id, paidOrderIds: rows.map((row) => row.id) };
}
