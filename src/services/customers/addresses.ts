import { sql, type SQL } from 'drizzle-orm';
import type { Database } from '../../db/client';
import type { AddressSnapshot } from '../../db/schema';
import { noSuchStore } from '../../lib/api-error';
import type { Shopper } from '../shopper';
import { uuidv7 } from '../../lib/ids';
import { lastView, runBatch, setList } from '../catalog/admin-views';
import { linkCustomer } from './link-customer';

/**
 * A signed-in shopper's saved delivery addresses, per store (customers are
 * per store). At most one is the default (a partial unique index says so);
 * the first saved becomes it, marking another moves it, and deleting it
 * passes it to the newest left. Every change first locks the customer row,
 * so concurrent changes of one customer's default queue instead of colliding
 * on that index. One round trip each.
 */

export const NO_ADDRESS = 'You have no saved address with that id.';
export const MAX_ADDRESSES = 20;

export interface AddressInput extends AddressSnapshot {
  isDefault?: boolean;
}

const COLUMNS = {
  name: 'name',
  line1: 'line1',
  line2: 'line2',
  city: 'city',
  region: 'region',
  postalCode: 'postal_code',
  country: 'country',
  phone: 'phone',
} as const;

/** Address alias `a` as an order's shipping address snapshot. */
export const addressSnapshotJson = sql`jsonb_build_object('name', a.name, 'line1', a.line1, 'line2', a.line2, 'city', a.city,
  'region', a.region, 'postalCode', a.postal_code, 'country', a.country, 'phone', a.phone)`;

/** Address alias `a` as saved: the snapshot's fields, with its id, store slug and default flag. */
export const addressJson = sql`(${addressSnapshotJson} || jsonb_build_object('id', a.id, 'store', (SELECT slug FROM stores WHERE id = a.store_id),
  'isDefault', a.is_default, 'createdAt', a.created_at, 'updatedAt', a.updated_at))`;

/** The user's customer row in store `slug`. */
const customerIn = (slug: string, userId: string) =>
  sql`SELECT c.id FROM customers c JOIN stores s ON s.id = c.store_id WHERE s.slug = ${slug} AND s.status = 'active' AND c.user_id = ${userId}`;

/** The customer row owning address `addressId`, when it is the user's. */
const ownerOf = (addressId: string, userId: string) =>
  sql`SELECT c.id FROM customers c JOIN addresses a ON a.customer_id = c.id WHERE a.id = ${addressId} AND c.user_id = ${userId}`;

const lock = (customer: SQL) => sql`SELECT id FROM customers WHERE id IN (${customer}) FOR UPDATE`;
const view = (addressId: string) =>
  sql`SELECT (SELECT ${addressJson} FROM addresses a WHERE a.id = ${addressId})::text AS json`;
const clearDefault = (customer: SQL, unless: SQL) =>
  sql`UPDATE addresses SET is_default = false, updated_at = now() WHERE customer_id IN (${customer}) AND is_default AND ${unless}`;

/** The user's addresses in store `slug`, the default first, then the newest. */
export async function listAddresses(db: Database, userId: string, slug: string): Promise<string> {
  const { rows } = await db.execute<{
    store: boolean;
    json: string;
  }>(sql`SELECT EXISTS (SELECT 1 FROM stores WHERE slug = ${slug} AND status = 'active') AS store,
    json_build_object('data', coalesce((SELECT jsonb_agg(${addressJson} ORDER BY a.is_default DESC, a.id DESC)
      FROM addresses a WHERE a.customer_id IN (${customerIn(slug, userId)})), '[]'))::text AS json`);
  if (!rows[0]?.store) throw noSuchStore(slug);
  return rows[0].json;
}

/** Saves an address in store `slug`, making the user a customer there if they were not one. */
export async function createAddress(
  db: Database,
  shopper: Shopper,
  slug: string,
  input: AddressInput,
): Promise<string> {
  const addressId = uuidv7();
  const customer = customerIn(slug, shopper.userId);
  const makeDefault = sql`(${input.isDefault ?? false} OR NOT EXISTS (SELECT 1 FROM addresses WHERE customer_id IN (${customer})))`;
  const results = await runBatch(db, [
    db.execute(linkCustomer(slug, shopper)),
    db.execute(lock(customer)),
    db.execute(sql`SELECT CASE
        WHEN NOT EXISTS (${customer}) THEN api_error('not_found', ${noSuchStore(slug).detail})
        WHEN (SELECT count(*) FROM addresses WHERE customer_id IN (${customer})) >= ${MAX_ADDRESSES}
          THEN api_error('validation_failed', ${`You can keep at most ${MAX_ADDRESSES} addresses in a store; delete one first.`})
        ELSE true END`),
    db.execute(clearDefault(customer, makeDefault)),
    db.execute(sql`INSERT INTO addresses (id, store_id, customer_id, name, line1, line2, city, region, postal_code, country, phone, is_default)
      SELECT ${addressId}, c.store_id, c.id, ${input.name}, ${input.line1}, ${input.line2 ?? null}, ${input.city}, ${input.region ?? null},
        ${input.postalCode ?? null}, ${input.country}, ${input.phone ?? null}, ${makeDefault}
      FROM customers c WHERE c.id IN (${customer})`),
    db.execute(view(addressId)),
  ]);
  return lastView(results, NO_ADDRESS);
}

/** Changes one of the user's addresses; `isDefault: true` moves the default to it. */
export async function updateAddress(
  db: Database,
  userId: string,
  addressId: string,
  changes: Partial<AddressInput>,
): Promise<string> {
  const customer = ownerOf(addressId, userId);
  const fields = setList(changes, { ...COLUMNS, isDefault: 'is_default' }, [sql`updated_at = now()`]);
  const results = await runBatch(db, [
    db.execute(lock(customer)),
    db.execute(sql`SELECT api_error('not_found', ${NO_ADDRESS}) WHERE NOT EXISTS (${customer})`),
    ...(changes.isDefault ? [db.execute(clearDefault(customer, sql`id <> ${addressId}`))] : []),
    db.execute(sql`UPDATE addresses SET ${fields} WHERE id = ${addressId}`),
    db.execute(view(addressId)),
  ]);
  return lastView(results, NO_ADDRESS);
}

/** Deletes one of the user's addresses; a deleted default passes to the newest left. Orders keep their own copy. */
export async function deleteAddress(db: Database, userId: string, addressId: string): Promise<void> {
  const customer = ownerOf(addressId, userId);
  await runBatch(db, [
    db.execute(lock(customer)),
    db.execute(sql`SELECT api_error('not_found', ${NO_ADDRESS}) WHERE NOT EXISTS (${customer})`),
    db.execute(sql`WITH gone AS (DELETE FROM addresses WHERE id = ${addressId} RETURNING customer_id, is_default)
      UPDATE addresses SET is_default = true, updated_at = now()
      WHERE id = (SELECT a.id FROM addresses a JOIN gone g ON g.customer_id = a.customer_id AND g.is_default
        WHERE a.id <> ${addressId} ORDER BY a.id DESC LIMIT 1)`),
  ]);
}
