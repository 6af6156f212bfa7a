import { type SQL, sql } from 'drizzle-orm';
import type { Database } from '../../db/client';
import type { AddressSnapshot } from '../../db/schema';
import { runBatch, runStatement } from '../../db/sql/batch';
import { type Statement, statement } from '../../db/sql/statement';
import { type ViewJson, type ViewRow, viewText } from '../../db/sql/views';
import { setList } from '../../db/sql/writes';
import { noSuchStore } from '../../lib/api-error';
import { uuidv7 } from '../../lib/ids';
import type { Shopper } from '../shopper';
import { type AddressListValue, type AddressValue, addressListView, addressView, NO_ADDRESS } from './address-view';
import { linkCustomer } from './link-customer';

/**
 * A signed-in shopper's saved delivery addresses, per store (customers are
 * per store). At most one is the default (a partial unique index says so);
 * the first saved becomes it, marking another moves it, and deleting it
 * passes it to the newest left. Every change first locks the customer row,
 * so concurrent changes of one customer's default queue instead of colliding
 * on that index. One round trip each.
 */

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

/** The user's customer row in store `slug`. */
const customerIn = (slug: string, userId: string) =>
  sql`SELECT c.id
    FROM customers c
    JOIN stores s ON s.id = c.store_id
    WHERE s.slug = ${slug} AND s.status = 'active' AND c.user_id = ${userId}`;

/** The customer row owning address `addressId`, when it is the user's. */
const ownerOf = (addressId: string, userId: string) =>
  sql`SELECT c.id
    FROM customers c
    JOIN addresses a ON a.customer_id = c.id
    WHERE a.id = ${addressId} AND c.user_id = ${userId}`;

const lock = (customer: SQL) => sql`SELECT id FROM customers WHERE id IN (${customer}) FOR UPDATE`;

const addressStatement = (addressId: string): Statement<ViewRow<AddressValue>> =>
  statement(sql`SELECT (SELECT ${addressView.json('a')} FROM addresses a WHERE a.id = ${addressId})::text AS json`);

const clearDefault = (customer: SQL, unless: SQL) =>
  sql`UPDATE addresses
    SET is_default = false, updated_at = now()
    WHERE customer_id IN (${customer}) AND is_default AND ${unless}`;

/** The user's addresses in store `slug`, the default first, then the newest. */
export async function listAddresses(db: Database, userId: string, slug: string) {
  const [row] = await runStatement(
    db,
    statement<{ store: boolean; json: ViewJson<AddressListValue> }>(sql`SELECT
        EXISTS (SELECT 1 FROM stores WHERE slug = ${slug} AND status = 'active') AS store,
        (${addressListView.json(customerIn(slug, userId))})::text AS json`),
  );
  if (!row?.store) throw noSuchStore(slug);
  return row.json;
}

/** Saves an address in store `slug`, making the user a customer there if they were not one. */
export async function createAddress(db: Database, shopper: Shopper, slug: string, input: AddressInput) {
  const addressId = uuidv7();
  const customer = customerIn(slug, shopper.userId);
  const makeDefault = sql`(${input.isDefault ?? false} OR NOT EXISTS (SELECT 1 FROM addresses WHERE customer_id IN (${customer})))`;
  const { view } = await runBatch(db, {
    linkCustomer: linkCustomer(slug, shopper),
    lock: lock(customer),
    requireRoom: sql`SELECT CASE
        WHEN NOT EXISTS (${customer}) THEN api_error('not_found', ${noSuchStore(slug).detail})
        WHEN (SELECT count(*) FROM addresses WHERE customer_id IN (${customer})) >= ${MAX_ADDRESSES}
          THEN api_error('validation_failed', ${`You can keep at most ${MAX_ADDRESSES} addresses in a store; delete one first.`})
        ELSE true END`,
    clearDefault: clearDefault(customer, makeDefault),
    insert: sql`INSERT INTO addresses (id, store_id, customer_id, name, line1, line2, city, region, postal_code, country, phone,
        is_default)
      SELECT ${addressId}, c.store_id, c.id, ${input.name}, ${input.line1}, ${input.line2 ?? null}, ${input.city},
        ${input.region ?? null}, ${input.postalCode ?? null}, ${input.country}, ${input.phone ?? null}, ${makeDefault}
      FROM customers c
      WHERE c.id IN (${customer})`,
    view: addressStatement(addressId),
  });
  return viewText(view, NO_ADDRESS);
}

/** Changes one of the user's addresses; `isDefault: true` moves the default to it. */
export async function updateAddress(db: Database, userId: string, addressId: string, changes: Partial<AddressInput>) {
  const customer = ownerOf(addressId, userId);
  const fields = setList(changes, { ...COLUMNS, isDefault: 'is_default' }, [sql`updated_at = now()`]);
  const { view } = await runBatch(db, {
    lock: lock(customer),
    requireOwn: sql`SELECT api_error('not_found', ${NO_ADDRESS}) WHERE NOT EXISTS (${customer})`,
    clearDefault: changes.isDefault ? [clearDefault(customer, sql`id <> ${addressId}`)] : [],
    update: sql`UPDATE addresses SET ${fields} WHERE id = ${addressId}`,
    view: addressStatement(addressId),
  });
  return viewText(view, NO_ADDRESS);
}

/** Deletes one of the user's addresses; a deleted default passes to the newest left. Orders keep their own copy. */
export async function deleteAddress(db: Database, userId: string, addressId: string): Promise<void> {
  const customer = ownerOf(addressId, userId);
  await runBatch(db, {
    lock: lock(customer),
    requireOwn: sql`SELECT api_error('not_found', ${NO_ADDRESS}) WHERE NOT EXISTS (${customer})`,
    delete: sql`WITH gone AS (DELETE FROM addresses WHERE id = ${addressId} RETURNING customer_id, is_default)
      UPDATE addresses
      SET is_default = true, updated_at = now()
      WHERE id = (
        SELECT a.id
        FROM addresses a
        JOIN gone g ON g.customer_id = a.customer_id AND g.is_default
        WHERE a.id <> ${addressId}
        ORDER BY a.id DESC
        LIMIT 1)`,
  });
}
