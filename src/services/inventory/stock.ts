import { sql } from 'drizzle-orm';
import type { Database } from '../../db/client';
import { auditLog } from '../../db/schema';
import { constraintViolation } from '../../http/database-errors';
import { ApiError } from '../../http/problem';
import { uuidv7 } from '../../lib/ids';
import { auditEntry, type AuditContext } from '../audit';
import { idPageJson, idPageStatement, requireRow, runBatch, viewText } from '../catalog/admin-views';
import { variantLabel } from '../checkout/pricing';

/**
 * Stock as staff see it, and its ledger. Every stock change, here or at
 * checkout, writes an `inventory_movements` row in the same transaction, so
 * on_hand and reserved always equal their ledger's sums; `reconcile` proves it.
 */

const NO_VARIANT = 'This store has no variant with that id.';

/** Variant alias `v`'s stock. */
const stockJson = sql`json_build_object('variantId', v.id, 'productId', v.product_id,
  'productName', (SELECT name FROM products WHERE id = v.product_id), 'sku', v.sku, 'variantLabel', ${variantLabel},
  'onHand', v.on_hand, 'reserved', v.reserved, 'available', v.on_hand - v.reserved, 'reorderLevel', v.reorder_level,
  'lowStock', v.on_hand - v.reserved <= v.reorder_level, 'active', v.active, 'version', v.version, 'updatedAt', v.updated_at)`;

/** Movement alias `m`. */
const movementJson = sql`json_build_object('id', m.id, 'variantId', m.variant_id, 'sku', (SELECT sku FROM variants WHERE id = m.variant_id),
  'type', m.type, 'onHandDelta', m.on_hand_delta, 'reservedDelta', m.reserved_delta,
  'onHandBefore', m.on_hand_before, 'onHandAfter', m.on_hand_after, 'reservedBefore', m.reserved_before, 'reservedAfter', m.reserved_after,
  'referenceType', m.reference_type, 'referenceId', m.reference_id, 'reason', m.reason,
  'actorType', m.actor_type, 'actorId', m.actor_id, 'createdAt', m.created_at)`;

/** The low-stock predicate, the one `variants_store_low_stock_idx` indexes. */
const lowStock = sql`v.active AND v.on_hand - v.reserved <= v.reorder_level`;

export interface StockFilters {
  productId?: string;
  /** A SKU prefix. */
  q?: string;
  lowStock?: boolean;
}

/** The store's variants' stock, newest variant first, one page, one statement. */
export async function listStock(db: Database, storeId: string, filters: StockFilters, page: { limit: number; after?: string }): Promise<string> {
  const conditions = [sql`v.store_id = ${storeId}`];
  if (filters.productId) conditions.push(sql`v.product_id = ${filters.productId}`);
  if (filters.q) conditions.push(sql`v.sku LIKE ${filters.q.replace(/[\\%_]/g, '\\$&')} || '%'`);
  if (filters.lowStock) conditions.push(lowStock);
  return idPageJson(await idPageStatement(db, 'v', sql`variants v WHERE ${sql.join(conditions, sql` AND `)}`, stockJson, page));
}

/** One variant's stock and its version (the ETag of optimistic locking). */
export async function getStock(db: Database, storeId: string, variantId: string): Promise<{ json: string; version: number }> {
  const { rows } = await db.execute<{ json: string | null; version: number }>(
    sql`SELECT (${stockJson})::text AS json, v.version FROM variants v WHERE v.id = ${variantId} AND v.store_id = ${storeId}`,
  );
  const row = rows[0];
  if (!row?.json) throw new ApiError('not_found', NO_VARIANT);
  return { json: row.json, version: Number(row.version) };
}

export interface MovementFilters {
  variantId?: string;
  type?: string;
  referenceId?: string;
}

/** The ledger, newest first, one page, one statement. */
export async function listMovements(db: Database, storeId: string, filters: MovementFilters, page: { limit: number; after?: string }): Promise<string> {
  const conditions = [sql`m.store_id = ${storeId}`];
  if (filters.variantId) conditions.push(sql`m.variant_id = ${filters.variantId}`);
  if (filters.type) conditions.push(sql`m.type = ${filters.type}`);
  if (filters.referenceId) conditions.push(sql`m.reference_id = ${filters.referenceId}`);
  return idPageJson(await idPageStatement(db, 'm', sql`inventory_movements m WHERE ${sql.join(conditions, sql` AND `)}`, movementJson, page));
}

export type AdjustmentType = 'inbound' | 'outbound' | 'adjustment' | 'return';

export interface Adjustment {
  type: AdjustmentType;
  /** Units for inbound, outbound and return; a signed change for adjustment. */
  quantity: number;
  reason: string;
  /** The version the caller last read. */
  version: number;
}

/** The signed change to on_hand an adjustment makes. */
function deltaOf(adjustment: Adjustment): number {
  return adjustment.type === 'outbound' ? -adjustment.quantity : adjustment.quantity;
}

/**
 * Changes a variant's on_hand: one batch. The UPDATE checks the version, so
 * of two adjustments from the same version the second is a 409; the
 * movement takes its before/after from the row the UPDATE wrote, so the
 * ledger is exact whatever runs beside it. Answers the stock and the movement.
 */
export async function adjustStock(db: Database, context: AuditContext, variantId: string, adjustment: Adjustment): Promise<{ json: string; version: number }> {
  const { storeId, actor } = context;
  const delta = deltaOf(adjustment);
  const movementId = uuidv7();
  const statements = [
    requireRow(db, 'variants', variantId, storeId, NO_VARIANT),
    db.execute(sql`WITH changed AS (
        UPDATE variants SET on_hand = on_hand + ${delta}, version = version + 1, updated_at = now()
        WHERE id = ${variantId} AND store_id = ${storeId} AND version = ${adjustment.version}
        RETURNING id, store_id, on_hand, reserved),
      moved AS (
        INSERT INTO inventory_movements (id, store_id, variant_id, type, on_hand_delta, on_hand_before, on_hand_after,
          reserved_before, reserved_after, reference_type, reason, actor_type, actor_id)
        SELECT ${movementId}::uuid, store_id, id, ${adjustment.type}::inventory_movement_type, ${delta}::int, on_hand - ${delta}::int, on_hand,
          reserved, reserved, 'adjustment', ${adjustment.reason}::text, ${actor.type}::actor_type, ${actor.id}::uuid FROM changed)
      SELECT api_error('conflict', 'The stock has changed since version ' || ${adjustment.version}::int || ' (it is at ' || version || '); read it again.', 'version')
      FROM variants WHERE id = ${variantId} AND NOT EXISTS (SELECT 1 FROM changed)`),
    db.insert(auditLog).values(auditEntry(context, 'inventory.adjusted', { type: 'variant', id: variantId }, { after: { ...adjustment, delta } })),
    db.execute<{ json: string | null; version: number }>(sql`SELECT json_build_object('stock', ${stockJson}, 'movement', ${movementJson})::text AS json, v.version
      FROM variants v, inventory_movements m WHERE v.id = ${variantId} AND m.id = ${movementId}`),
  ];
  try {
    const results = await runBatch(db, statements);
    const view = results[results.length - 1] as { rows: { json: string | null; version: number }[] };
    return { json: viewText(view, NO_VARIANT), version: Number(view.rows[0]!.version) };
  } catch (error) {
    if (constraintViolation(error)?.constraint === 'variants_stock_check') {
      throw new ApiError('conflict', 'On hand cannot go below zero or below what is reserved for unpaid orders.', [
        { path: 'quantity', message: 'More than the variant can lose.' },
      ]);
    }
    throw error;
  }
}

/**
 * Proves the ledger in one statement: for every variant of the store,
 * on_hand = Σ on_hand_delta, reserved = Σ reserved_delta, and reserved = the
 * units its live reservations hold. Answers the mismatches, if any.
 */
export async function reconcile(db: Database, storeId: string): Promise<string> {
  const { rows } = await db.execute<{ json: string }>(sql`WITH
    ledger AS (SELECT variant_id, sum(on_hand_delta) AS on_hand, sum(reserved_delta) AS reserved
      FROM inventory_movements WHERE store_id = ${storeId} GROUP BY variant_id),
    held AS (SELECT variant_id, sum(quantity) AS quantity
      FROM inventory_reservations WHERE store_id = ${storeId} AND status = 'reserved' GROUP BY variant_id),
    checked AS (SELECT v.id, v.sku, v.on_hand, v.reserved, coalesce(l.on_hand, 0)::int AS ledger_on_hand,
        coalesce(l.reserved, 0)::int AS ledger_reserved, coalesce(h.quantity, 0)::int AS active_reservations
      FROM variants v LEFT JOIN ledger l ON l.variant_id = v.id LEFT JOIN held h ON h.variant_id = v.id
      WHERE v.store_id = ${storeId}),
    mismatched AS (SELECT * FROM checked
      WHERE on_hand <> ledger_on_hand OR reserved <> ledger_reserved OR reserved <> active_reservations)
    SELECT json_build_object('variants', (SELECT count(*) FROM checked), 'reconciled', NOT EXISTS (SELECT 1 FROM mismatched),
      'mismatches', coalesce((SELECT json_agg(json_build_object('variantId', id, 'sku', sku, 'onHand', on_hand, 'ledgerOnHand', ledger_on_hand,
        'reserved', reserved, 'ledgerReserved', ledger_reserved, 'activeReservations', active_reservations) ORDER BY sku) FROM mismatched), '[]'),
      'checkedAt', now())::text AS json`);
  return rows[0]!.json;
}
