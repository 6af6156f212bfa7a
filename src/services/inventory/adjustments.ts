import { sql } from 'drizzle-orm';
import type { Database } from '../../db/client';
import { constraintViolation } from '../../db/sql/errors';
import { ApiError } from '../../lib/api-error';
import { uuidv7 } from '../../lib/ids';
import { auditFromCte, type AuditContext } from '../audit';
import { requireRow, runBatch, viewText } from '../catalog/admin-views';
import { movementJson } from './ledger';
import { NO_VARIANT, stockJson } from './stock';

export type AdjustmentType = 'inbound' | 'outbound' | 'adjustment' | 'return';

export interface Adjustment {
  type: AdjustmentType;
  /** Units for inbound, outbound and return; a signed change for adjustment. */
  quantity: number;
  reason: string;
  /** The version the caller last read. */
  version: number;
}

/** The signed change to on_hand: `inventory_movements_shape_check` wants it negative for outbound, positive for inbound and return. */
function deltaOf(adjustment: Adjustment): number {
  return adjustment.type === 'outbound' ? -adjustment.quantity : adjustment.quantity;
}

type StockView = { json: string | null; version: number; product_id: string };

/**
 * Changes a variant's on_hand: one batch, one round trip. The UPDATE checks
 * the version, so of two adjustments from one version the second changes
 * nothing and is a 409; the movement and the audit row take before and after
 * from the row the UPDATE wrote, so they are exact whatever runs beside it.
 * Answers the stock and the movement.
 */
export async function adjustStock(
  db: Database,
  context: AuditContext,
  variantId: string,
  adjustment: Adjustment,
): Promise<{ json: string; version: number; productId: string }> {
  const { storeId, actor } = context;
  const delta = deltaOf(adjustment);
  const movementId = uuidv7();
  const statements = [
    requireRow(db, 'variants', variantId, storeId, NO_VARIANT),
    db.execute(sql`WITH changed AS (
        UPDATE variants SET on_hand = on_hand + ${delta}::int, version = version + 1, updated_at = now()
        WHERE id = ${variantId} AND store_id = ${storeId} AND version = ${adjustment.version}::int
        RETURNING id, store_id, on_hand, reserved, version),
      moved AS (
        INSERT INTO inventory_movements (id, store_id, variant_id, type, on_hand_delta, on_hand_before, on_hand_after,
          reserved_before, reserved_after, reference_type, reason, actor_type, actor_id)
        SELECT ${movementId}::uuid, store_id, id, ${adjustment.type}::inventory_movement_type, ${delta}::int, on_hand - ${delta}::int, on_hand,
          reserved, reserved, 'adjustment', ${adjustment.reason}::text, ${actor.type}::actor_type, ${actor.id}::uuid FROM changed),
      source AS (
        SELECT id AS entity_id, jsonb_build_object('onHand', on_hand - ${delta}::int, 'reserved', reserved, 'version', version - 1) AS before,
          jsonb_build_object('onHand', on_hand, 'reserved', reserved, 'version', version, 'type', ${adjustment.type}::text,
            'quantity', ${adjustment.quantity}::int, 'reason', ${adjustment.reason}::text, 'movementId', ${movementId}::uuid) AS after
        FROM changed),
      audited AS (${auditFromCte(context, 'inventory.adjusted', 'variant', sql`source`)})
      SELECT 1`),
    // A statement of its own, so that (read committed) it sees the version a concurrent adjustment committed.
    db.execute(sql`SELECT api_error('conflict', 'The stock has changed since version ' || ${adjustment.version}::int || ' (it is at ' || version || '); read it again.', 'version')
      FROM variants WHERE id = ${variantId} AND store_id = ${storeId} AND NOT EXISTS (SELECT 1 FROM inventory_movements WHERE id = ${movementId})`),
    db.execute<StockView>(sql`SELECT json_build_object('stock', ${stockJson}, 'movement', ${movementJson})::text AS json, v.version, v.product_id
      FROM variants v, inventory_movements m WHERE v.id = ${variantId} AND m.id = ${movementId}`),
  ];
  try {
    const results = await runBatch(db, statements);
    const view = results[results.length - 1] as { rows: StockView[] };
    const json = viewText(view, NO_VARIANT);
    return { json, version: Number(view.rows[0]!.version), productId: view.rows[0]!.product_id };
  } catch (error) {
    throw stockRefusal(error) ?? error;
  }
}

/** The database's refusals of an adjustment that are the caller's to fix. */
function stockRefusal(error: unknown): ApiError | undefined {
  const violation = constraintViolation(error);
  if (violation?.code === '23514' && violation.constraint === 'variants_stock_check') {
    return new ApiError('conflict', 'On hand cannot go below zero or below what is reserved for unpaid orders.', [
      { path: 'quantity', message: 'More than the variant can lose.' },
    ]);
  }
  // on_hand is a 32-bit integer: repeated inbound can reach its end.
  if (violation?.code === '22003') {
    return new ApiError('conflict', 'On hand would exceed the largest count a variant can hold (2,147,483,647).', [
      { path: 'quantity', message: 'More than the variant can hold.' },
    ]);
  }
  return undefined;
}
