import { sql, type SQL } from 'drizzle-orm';
import type { BatchItem } from 'drizzle-orm/batch';
import type { Database } from '../../db/client';
import { ApiError } from '../../lib/api-error';
import { encodeCursor } from '../../lib/cursor';

/**
 * The old SQL toolkit, over drizzle's `db.execute` and `db.batch`, kept only
 * until the domains that still use it (orders, payments, checkout, customers,
 * carts) move onto src/db/sql, whose functions of the same names replace
 * these. The catalog and inventory no longer use it; its product and variant
 * views are in admin-product-views.ts.
 */

type Json = { json: string | null };

/** Runs statements built in a list as one batch (one transaction, one round trip). */
export function runBatch(db: Database, statements: BatchItem<'pg'>[]) {
  if (statements.length === 0) throw new Error('an empty batch');
  return db.batch(statements as unknown as [BatchItem<'pg'>, ...BatchItem<'pg'>[]]);
}

/** A statement answering one row, `json`: the view of the rows `from` picks, or null when it picks none. */
export function viewStatement(db: Database, storeCte: SQL, view: SQL, from: SQL) {
  return db.execute<Json>(sql`WITH ${storeCte} SELECT (SELECT ${view} FROM ${from})::text AS json`);
}

/** The JSON text a view statement answered; none is a 404 with `missing` as its detail. */
export function viewText(result: { rows: Json[] }, missing: string): string {
  const json = result.rows[0]?.json;
  if (!json) throw new ApiError('not_found', missing);
  return json;
}

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

/** `column = value, ...` for the fields of `changes` that are set, then `extra`. */
export function setList<T extends object>(changes: T, columns: { [K in keyof T]?: string }, extra: SQL[] = []): SQL {
  return sql.join(
    [...givenFields(changes, columns).map(({ column, value }) => sql`${column} = ${value}`), ...extra],
    sql`, `,
  );
}

/** Tables whose rows `requireRow` can look for. */
type CatalogTable =
  | 'products'
  | 'variants'
  | 'categories'
  | 'option_types'
  | 'option_values'
  | 'product_images'
  | 'prices';

/**
 * A statement that stops its batch with a 404 unless the store has a row of
 * `table` with this id (and, when given, this parent: `{product_id: ...}`):
 * the first statement of a write batch, so that nothing after it runs for a
 * missing row, another store's, or another product's.
 */
export function requireRow(
  db: Database,
  table: CatalogTable,
  id: string,
  storeId: string,
  missing: string,
  parent?: Record<string, string>,
) {
  const parentMatch = Object.entries(parent ?? {}).map(
    ([column, value]) => sql` AND ${sql.identifier(column)} = ${value}`,
  );
  return db.execute(sql`SELECT api_error('not_found', ${missing})
    WHERE NOT EXISTS (SELECT 1 FROM ${sql.identifier(table)} WHERE id = ${id} AND store_id = ${storeId}${sql.join(parentMatch)})`);
}

/** The JSON text of a batch's last statement, a view statement. */
export function lastView(results: readonly unknown[], missing: string): string {
  return viewText(results[results.length - 1] as { rows: Json[] }, missing);
}

type IdPageRow = { data: string; last_id: string | null; has_more: boolean };

/**
 * One page of rows, newest id first (ids are time-ordered UUIDv7), built as
 * JSON in one statement. `from` names the rows with the table alias `alias`,
 * filters included (`products p WHERE p.store_id = ...`); `item` is the JSON
 * of one row under that alias. Read the answer with `idPageJson`.
 */
export function idPageStatement(
  db: Database,
  alias: string,
  from: SQL,
  item: SQL,
  page: { limit: number; after?: string },
) {
  const a = sql.raw(alias);
  const after = page.after ? sql` AND ${a}.id < ${page.after}` : sql``;
  return db.execute<IdPageRow>(sql`WITH page AS (SELECT ${a}.* FROM ${from}${after} ORDER BY ${a}.id DESC LIMIT ${page.limit + 1})
    SELECT coalesce((SELECT json_agg(${item} ORDER BY ${a}.id DESC) FROM (SELECT * FROM page ORDER BY id DESC LIMIT ${page.limit}) ${a}), '[]')::text AS data,
      (SELECT id FROM page ORDER BY id DESC OFFSET ${page.limit - 1} LIMIT 1) AS last_id,
      (SELECT count(*) FROM page) > ${page.limit} AS has_more`);
}

/** `{data, nextCursor}` from an `idPageStatement`'s answer, the data passed through as text. */
export function idPageJson(result: { rows: IdPageRow[] }): string {
  const row = result.rows[0]!;
  const nextCursor = row.has_more && row.last_id ? encodeCursor(row.last_id) : null;
  return `{"data":${row.data},"nextCursor":${JSON.stringify(nextCursor)}}`;
}
