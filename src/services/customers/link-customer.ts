import { sql, type SQL } from 'drizzle-orm';
import type { Shopper } from '../../http/shopper';
import { uuidv7 } from '../../lib/ids';

/**
 * A statement that gives a signed-in shopper a customer record in store
 * `slug`, once: it does nothing when one is linked to the user already;
 * otherwise it links the store's customer of the same email, but only when
 * the user has proved that email (or anyone could register a guest's address
 * and read their orders); otherwise it creates one. Any unique collision
 * left (an unverified user whose email a guest customer has) creates the
 * record without the email rather than fail the request.
 */
export function linkCustomer(slug: string, shopper: Shopper): SQL {
  return sql`WITH store AS (SELECT id FROM stores WHERE slug = ${slug} AND status = 'active'),
    existing AS (SELECT 1 FROM customers WHERE store_id = (SELECT id FROM store) AND user_id = ${shopper.userId}),
    linked AS (
      UPDATE customers SET user_id = ${shopper.userId}, updated_at = now()
      WHERE store_id = (SELECT id FROM store) AND email = ${shopper.email} AND user_id IS NULL AND NOT EXISTS (SELECT 1 FROM existing)
        AND EXISTS (SELECT 1 FROM users WHERE id = ${shopper.userId} AND email_verified)
      RETURNING id)
    INSERT INTO customers (id, store_id, user_id, email)
    SELECT ${uuidv7()}, id, ${shopper.userId},
      CASE WHEN EXISTS (SELECT 1 FROM customers c WHERE c.store_id = store.id AND c.email = ${shopper.email}) THEN NULL ELSE ${shopper.email} END
    FROM store WHERE NOT EXISTS (SELECT 1 FROM existing) AND NOT EXISTS (SELECT 1 FROM linked)
    ON CONFLICT DO NOTHING`;
}
