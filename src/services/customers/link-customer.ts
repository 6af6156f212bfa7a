import { sql, type SQL } from 'drizzle-orm';
import type { AddressSnapshot } from '../../db/schema';
import { insertEvents } from '../../db/sql/ledgers';
import type { Shopper } from '../shopper';
import { uuidv7 } from '../../lib/ids';

/**
 * A statement that gives a signed-in shopper a customer record in store
 * `slug`, once: it does nothing when one is linked to the user already;
 * otherwise it links the store's customer of the same email, but only when
 * the user has proved that email (or anyone could register a guest's address
 * and read their orders); otherwise it creates one. Any unique collision
 * left (an unverified user whose email a guest customer has) creates the
 * record without the email rather than fail the request. A created record
 * emits `customer.created`.
 */
export function linkCustomer(slug: string, shopper: Shopper): SQL {
  return sql`WITH store AS (SELECT id FROM stores WHERE slug = ${slug} AND status = 'active'),
    existing AS (SELECT 1 FROM customers WHERE store_id = (SELECT id FROM store) AND user_id = ${shopper.userId}),
    linked AS (
      UPDATE customers
      SET user_id = ${shopper.userId}, updated_at = now()
      WHERE store_id = (SELECT id FROM store)
        AND email = ${shopper.email}
        AND user_id IS NULL
        AND NOT EXISTS (SELECT 1 FROM existing)
        AND EXISTS (SELECT 1 FROM users WHERE id = ${shopper.userId} AND email_verified)
      RETURNING id),
    made AS (
      INSERT INTO customers (id, store_id, user_id, email)
      SELECT ${uuidv7()}, id, ${shopper.userId},
        CASE WHEN EXISTS (SELECT 1 FROM customers c WHERE c.store_id = store.id AND c.email = ${shopper.email})
          THEN NULL ELSE ${shopper.email} END
      FROM store
      WHERE NOT EXISTS (SELECT 1 FROM existing) AND NOT EXISTS (SELECT 1 FROM linked)
      ON CONFLICT DO NOTHING
      RETURNING id, store_id, email, name, phone)
    ${customerCreatedEvent('checkout')}`;
}

/**
 * `customer.created` for the row CTE `made` returns (none when the customer existed), naming where it came from:
 * a checkout, staff, or a first message on a chat channel.
 */
export function customerCreatedEvent(source: 'checkout' | 'staff' | 'chat'): SQL {
  return insertEvents(
    {
      storeId: sql`store_id`,
      type: 'customer.created',
      aggregateType: 'customer',
      aggregateId: sql`id`,
      payload: sql`jsonb_build_object('customerId', id, 'email', email, 'name', name, 'phone', phone, 'source', ${source}::text)`,
    },
    sql`made`,
  );
}

/**
 * A statement that gives a guest's email a customer record in store `slug`,
 * once: a new one named after the delivery address, or nothing when the
 * store knows the email already (the order then joins that customer's
 * history; only a user who proved the email can see it). DO NOTHING takes
 * no lock on an existing row, so checkout still locks no customer before
 * its variants. A new record emits `customer.created`.
 */
export function customerByEmail(slug: string, email: string, address?: Pick<AddressSnapshot, 'name' | 'phone'>): SQL {
  return sql`WITH made AS (
      INSERT INTO customers (id, store_id, email, name, phone)
      SELECT ${uuidv7()}, id, ${email}, ${address?.name ?? null}, ${address?.phone ?? null}
      FROM stores
      WHERE slug = ${slug} AND status = 'active'
      ON CONFLICT (store_id, email) DO NOTHING
      RETURNING id, store_id, email, name, phone)
    ${customerCreatedEvent('checkout')}`;
}
