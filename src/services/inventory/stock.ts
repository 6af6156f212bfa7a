import { type SQL, sql } from 'drizzle-orm';
import type { Database } from '../../db/client';
import { runStatement } from '../../db/sql/batch';
import { statement } from '../../db/sql/statement';
import { defineView, type Page, type ViewJson, type ViewValue, readIdPage } from '../../db/sql/views';
import { ApiError } from '../../lib/api-error';
import { type CursorPosition, encodeCursor } from '../../lib/cursor';
import { StockSchema } from '../../schemas/admin-inventory';
import { variantLabel } from '../catalog/variant-label';

/**
 * Stock as staff see it. Every stock change, here or at checkout, writes an
 * `inventory_movements` row in the same transaction (ledger.ts), so on_hand
 * and reserved always equal their ledger's sums.
 */

export const NO_VARIANT = 'This store has no variant with that id.';

/** Variant alias `v`'s stock, with its product's name and its option label. */
export const stockView = defineView(
  StockSchema,
  (_v: 'v') => sql`json_build_object(
    'variantId', v.id, 'productId', v.product_id,
    'productName', (SELECT name FROM products WHERE id = v.product_id), 'sku', v.sku, 'variantLabel', ${variantLabel('v')},
    'onHand', v.on_hand, 'reserved', v.reserved, 'available', v.on_hand - v.reserved, 'reorderLevel', v.reorder_level,
    'lowStock', v.on_hand - v.reserved <= v.reorder_level, 'active', v.active, 'version', v.version, 'updatedAt', v.updated_at)`,
);

export type Stock = ViewValue<typeof stockView>;

/** Written exactly as `variants_store_low_stock_idx`'s predicate, so that the planner can use that partial index. */
function lowStockReportRows(_v: 'v'): SQL {
  return sql`v.active AND v.on_hand - v.reserved <= v.reorder_level`;
}

export interface StockFilters {
  productId?: string;
  /** A SKU prefix. */
  q?: string;
  /** Only variants whose `lowStock` flag is this. */
  lowStock?: boolean;
}

/** The store's variants' stock, newest variant first, one page, one statement. */
export async function listStock(
  db: Database,
  storeId: string,
  filters: StockFilters,
  page: { limit: number; after?: string },
) {
  const conditions = [sql`v.store_id = ${storeId}`];
  if (filters.productId) conditions.push(sql`v.product_id = ${filters.productId}`);
  if (filters.q) conditions.push(sql`v.sku LIKE ${filters.q.replace(/[\\%_]/g, '\\$&')} || '%'`);
  if (filters.lowStock !== undefined)
    conditions.push(
      filters.lowStock ? sql`v.on_hand - v.reserved <= v.reorder_level` : sql`v.on_hand - v.reserved > v.reorder_level`,
    );
  const from = sql`variants v WHERE ${sql.join(conditions, sql` AND `)}`;
  return readIdPage<Stock>(db, 'v', from, stockView.json('v'), page);
}

/** The low-stock report's sort: available minus reorder level, lowest (most short) first. */
const LOW_STOCK_SORT = 'shortfall';

/** Where a low-stock cursor says to continue; a cursor of another list is a 400. */
function lowStockPosition(position: CursorPosition | undefined): { id: string; margin: number } | undefined {
  if (!position) return undefined;
  if (position.sort !== LOW_STOCK_SORT || typeof position.value !== 'number' || !Number.isSafeInteger(position.value)) {
    throw new ApiError('bad_request', 'The cursor belongs to another listing; start again without it.', [
      { in: 'query', path: 'cursor', message: 'Cursor of another list.' },
    ]);
  }
  return { id: position.id, margin: position.value };
}

type LowStockRow = { data: ViewJson<Stock[]>; last_id: string | null; last_margin: number | null; has_more: boolean };

/**
 * Active variants at or below their reorder level, the most short first
 * (available − reorder level ascending, then id), one page, one statement.
 * The partial index holds only such variants, so the sort is over the
 * report's rows alone. The key moves with stock, so a page walk while stock
 * changes may show a variant twice or miss one: it is a report, not a ledger.
 */
export async function lowStockReport(
  db: Database,
  storeId: string,
  page: { limit: number; position?: CursorPosition },
): Promise<ViewJson<Page<Stock>>> {
  const after = lowStockPosition(page.position);
  const margin = sql`v.on_hand - v.reserved - v.reorder_level`;
  const past = after ? sql` AND (${margin}, v.id) > (${after.margin}::int, ${after.id}::uuid)` : sql``;
  const rows = await runStatement(
    db,
    statement<LowStockRow>(sql`WITH page AS (
        SELECT v.*, ${margin} AS margin
        FROM variants v
        WHERE v.store_id = ${storeId} AND ${lowStockReportRows('v')}${past}
        ORDER BY margin, v.id
        LIMIT ${page.limit + 1}),
      shown AS (SELECT * FROM page ORDER BY margin, id LIMIT ${page.limit})
      SELECT coalesce((SELECT json_agg(${stockView.json('v')} ORDER BY v.margin, v.id) FROM shown v), '[]')::text AS data,
        (SELECT id FROM shown ORDER BY margin DESC, id DESC LIMIT 1) AS last_id,
        (SELECT margin FROM shown ORDER BY margin DESC, id DESC LIMIT 1) AS last_margin,
        (SELECT count(*) FROM page) > ${page.limit} AS has_more`),
  );
  const row = rows[0]!;
  const nextCursor =
    row.has_more && row.last_id
      ? encodeCursor(row.last_id, { sort: LOW_STOCK_SORT, value: Number(row.last_margin) })
      : null;
  return `{"data":${row.data},"nextCursor":${JSON.stringify(nextCursor)}}`;
}

/** One variant's stock and its version (the ETag of optimistic locking). */
export async function getStock(db: Database, storeId: string, variantId: string) {
  const [row] = await runStatement(
    db,
    statement<{
      json: ViewJson<Stock> | null;
      version: number;
    }>(sql`SELECT (${stockView.json('v')})::text AS json, v.version
      FROM variants v
      WHERE v.id = ${variantId} AND v.store_id = ${storeId}`),
  );
  if (!row?.json) throw new ApiError('not_found', NO_VARIANT);
  return { json: row.json, version: Number(row.version) };
}
