import { type SQL, sql } from 'drizzle-orm';
import { type Statement, statement } from './statement';

/**
 * The fields of `changes` that are set, each as its column and its SQL
 * value: for the SET list of an UPDATE, or the columns and values of an
 * INSERT. `value` adapts a field's value where the driver cannot pass it as is.
 */
export function givenFields<T extends object>(
  changes: T,
  columns: { [K in keyof T]?: string },
  value: (field: keyof T, given: unknown) => SQL = (_, given) => sql`${given}`,
) {
  return (Object.keys(columns) as (keyof T)[])
    .filter((field) => changes[field] !== undefined)
    .map((field) => ({ column: sql.identifier(columns[field]!), value: value(field, changes[field]) }));
}

/** `column = value, ...` for the fields of `changes` that are set, then `extra`; `value` as for `givenFields`. */
export function setList<T extends object>(
  changes: T,
  columns: { [K in keyof T]?: string },
  extra: SQL[] = [],
  value?: (field: keyof T, given: unknown) => SQL,
): SQL {
  return sql.join(
    [...givenFields(changes, columns, value).map(({ column, value }) => sql`${column} = ${value}`), ...extra],
    sql`, `,
  );
}

/**
 * A list of strings as a `text[]` value. It travels as JSON, so that an
 * empty list and every element (commas, quotes, braces) keep their text
 * through the driver.
 */
export function textArray(values: readonly string[]): SQL {
  return sql`ARRAY(SELECT jsonb_array_elements_text(${JSON.stringify(values)}::jsonb))`;
}

/** Tables whose rows `requireRow` can look for: each has `id` and `store_id`. */
export type StoreOwnedTable =
  | 'products'
  | 'variants'
  | 'categories'
  | 'option_types'
  | 'option_values'
  | 'product_images'
  | 'prices'
  | 'shipping_rates'
  | 'tax_rates'
  | 'customers'
  | 'webhook_endpoints'
  | 'campaigns'
  | 'promotions'
  | 'promotion_codes'
  | 'markets';

/**
 * A statement that stops its batch with a 404 unless the store has a row of
 * `table` with this id (and, when given, this parent: `{product_id: ...}`):
 * the first statement of a write batch, so that nothing after it runs for a
 * missing row, another store's, or another product's.
 */
export function requireRow(
  table: StoreOwnedTable,
  id: string,
  storeId: string,
  missing: string,
  parent?: Record<string, string>,
): Statement<never> {
  const parentMatch = Object.entries(parent ?? {}).map(
    ([column, value]) => sql` AND ${sql.identifier(column)} = ${value}`,
  );
  return statement(sql`SELECT api_error('not_found', ${missing})
    WHERE NOT EXISTS (SELECT 1 FROM ${sql.identifier(table)} WHERE id = ${id} AND store_id = ${storeId}${sql.join(parentMatch)})`);
}

/**
 * Locks row `id` of the store's `table` until the batch ends (nothing for a
 * missing row or another store's): a write that must not interleave with a
 * checkout or another write of that row takes it first.
 */
export function lockRow(table: StoreOwnedTable, id: string, storeId: string): SQL {
  return sql`SELECT id FROM ${sql.identifier(table)} WHERE id = ${id} AND store_id = ${storeId} FOR UPDATE`;
}

/**
 * A lock on one kind of a store's rows (`scope`: its shipping rates, its
 * category tree, ...), held to the end of the transaction: writers of the
 * same scope in the same store queue on it, other stores never wait.
 */
export function lockStoreScope(scope: string, storeId: string): SQL {
  return sql`SELECT pg_advisory_xact_lock(hashtextextended(${`${scope}:`}::text || ${storeId}, 0))`;
}

/**
 * Stops the batch with a 409 (`detail`) when the store already has `max`
 * rows of `table` (those `counted` holds of, when given). Run it under
 * `lockStoreScope` for the table, so that two creations at once cannot both
 * find room for one.
 */
export function requireRoomFor(
  table: StoreOwnedTable,
  storeId: string,
  max: number,
  detail: string,
  counted: SQL = sql`true`,
): SQL {
  return sql`SELECT api_error('conflict', ${detail})
    WHERE (SELECT count(*) FROM ${sql.identifier(table)} WHERE store_id = ${storeId} AND ${counted}) >= ${max}`;
}
