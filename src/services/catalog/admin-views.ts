import { sql, type SQL } from 'drizzle-orm';
import type { BatchItem } from 'drizzle-orm/batch';
import type { Database } from '../../db/client';
import { ApiError } from '../../lib/api-error';
import { encodeCursor } from '../../lib/cursor';
import { currentPrice, latestPrice } from '../../db/sql/prices';
import { store } from '../../db/sql/store-scope';

/**
 * The admin API's views of catalog rows, built as JSON in Postgres so that a
 * write batch can end with the view of what it wrote and still be one round
 * trip. Staff see everything a shopper does not: drafts, stock, cost prices,
 * inactive variants. Each expects the `store` CTE (storeByIdCte).
 */

/** The current price row (own, else its product's) of variant alias `v`, as JSON or null. */
const variantPrice = sql`(SELECT json_build_object('amount', pr.amount, 'compareAtAmount', pr.compare_at_amount, 'currency', (SELECT currency FROM store))
  FROM (${currentPrice(sql`v.id`, sql`v.product_id`, store.currency)}) pr)`;

/** Variant alias `v` as the admin API shows it. */
export const adminVariantJson = sql`json_build_object(
  'id', v.id, 'productId', v.product_id, 'sku', v.sku, 'barcode', v.barcode,
  'options', coalesce((SELECT json_agg(json_build_object('optionTypeId', ot.id, 'name', ot.name, 'optionValueId', ov.id, 'value', ov.value)
      ORDER BY ot.position, ot.name)
    FROM variant_option_values vov JOIN option_values ov ON ov.id = vov.option_value_id JOIN option_types ot ON ot.id = ov.option_type_id
    WHERE vov.variant_id = v.id), '[]'),
  'costPrice', v.cost_price, 'onHand', v.on_hand, 'reserved', v.reserved, 'available', v.on_hand - v.reserved,
  'reorderLevel', v.reorder_level, 'active', v.active, 'position', v.position, 'version', v.version,
  'price', ${variantPrice},
  'createdAt', v.created_at, 'updatedAt', v.updated_at)`;

/** Product alias `p` as the admin API shows it, with its categories, images and every variant. */
export const adminProductJson = sql`json_build_object(
  'id', p.id, 'slug', p.slug, 'name', p.name, 'description', p.description, 'status', p.status, 'featured', p.featured,
  'tags', p.tags, 'metadata', p.metadata,
  'categories', coalesce((SELECT json_agg(json_build_object('id', c.id, 'slug', c.slug, 'name', c.name) ORDER BY c.position, c.name)
    FROM product_categories pc JOIN categories c ON c.id = pc.category_id WHERE pc.product_id = p.id), '[]'),
  'images', coalesce((SELECT json_agg(json_build_object('id', i.id, 'url', i.url, 'alt', i.alt, 'position', i.position) ORDER BY i.position)
    FROM product_images i WHERE i.product_id = p.id), '[]'),
  'price', (SELECT json_build_object('amount', pr.amount, 'compareAtAmount', pr.compare_at_amount, 'currency', (SELECT currency FROM store))
    FROM (${latestPrice(sql`product_id = p.id`, sql`(SELECT currency FROM store)`)}) pr),
  'variants', coalesce((SELECT json_agg(${adminVariantJson} ORDER BY v.position, v.id) FROM variants v WHERE v.product_id = p.id), '[]'),
  'createdAt', p.created_at, 'updatedAt', p.updated_at)`;

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

/** The 404 details of the rows several services look for. */
export const NO_PRODUCT = 'This store has no product with that id.';
export const NO_VARIANT = 'This product has no variant with that id.';

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
