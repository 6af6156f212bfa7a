import { type SQL, sql } from 'drizzle-orm';
import { defineView, type ViewValue } from '../../db/sql/views';
import { SavedAddressListSchema, SavedAddressSchema } from '../../schemas/customers';

export const NO_ADDRESS = 'You have no saved address with that id.';

/** Address alias `a` as an order's shipping address snapshot (jsonb). */
export function addressSnapshotJson(_address: 'a'): SQL {
  return sql`jsonb_build_object('name', a.name, 'line1', a.line1, 'line2', a.line2, 'city', a.city,
    'region', a.region, 'postalCode', a.postal_code, 'country', a.country, 'phone', a.phone)`;
}

/** Address alias `a` as saved: the snapshot's fields, with its id, store slug and default flag. */
export const addressView = defineView(
  SavedAddressSchema,
  (_address: 'a') => sql`(${addressSnapshotJson('a')} || jsonb_build_object(
    'id', a.id, 'store', (SELECT slug FROM stores WHERE id = a.store_id),
    'isDefault', a.is_default, 'createdAt', a.created_at, 'updatedAt', a.updated_at))`,
);

export type AddressValue = ViewValue<typeof addressView>;

/** The addresses of the customers `customerIds` lists, the default first, then the newest, as `{data}`. */
export const addressListView = defineView(
  SavedAddressListSchema,
  (customerIds: SQL) => sql`json_build_object('data', coalesce((
    SELECT jsonb_agg(${addressView.json('a')} ORDER BY a.is_default DESC, a.id DESC)
    FROM addresses a
    WHERE a.customer_id IN (${customerIds})), '[]'))`,
);

export type AddressListValue = ViewValue<typeof addressListView>;
