import { sql } from 'drizzle-orm';
import type { Database } from '../../db/client';
import { runBatch } from '../../db/sql/batch';
import { constraintViolation } from '../../db/sql/errors';
import { insertEvents, insertMovements } from '../../db/sql/ledgers';
import { statement } from '../../db/sql/statement';
import { defineView, type ViewJson, type ViewValue, viewText } from '../../db/sql/views';
import { requireRow } from '../../db/sql/writes';
import { ApiError } from '../../lib/api-error';
import { uuidv7 } from '../../lib/ids';
import { AdjustedStockSchema, type AdjustmentType } from '../../schemas/admin-inventory';
import { type AuditContext, auditFromCte } from '../audit';
import { movementView } from './ledger';
import { NO_VARIANT, stockView } from './stock';

export interface Adjustment {
  type: AdjustmentType;
  /** Units for inbound, outbound and return; a signed change for adjustment. */
  quantity: number;
  reason: string;
  /** The version the caller last read. */
  version: number;
}

/** Variant alias `v`'s stock after an adjustment, and movement alias `m` that recorded it. */
export const adjustedStockView = defineView(
  AdjustedStockSchema,
  (_v: 'v', _m: 'm') => sql`json_build_object('stock', ${stockView.json('v')}, 'movement', ${movementView.json('m')})`,
);

type AdjustedStock = ViewValue<typeof adjustedStockView>;

/** The signed change to on_hand: `inventory_movements_shape_check` wants it negative for outbound, positive for inbound and return. */
function deltaOf(adjustment: Adjustment): number {
  return adjustment.type === 'outbound' ? -adjustment.quantity : adjustment.quantity;
}

/**
 * Changes a variant's on_hand: one batch, one round trip. The UPDATE checks
 * the version, so of two adjustments from one version the second changes
 * nothing and is a 409; the movement and the audit row take before and after
 * from the row the UPDATE wrote, so they are exact whatever runs beside it,
 * and so does the `inventory.adjusted` event. Answers the stock and the movement.
 */
export async function adjustStock(
  db: Database,
  context: AuditContext,
  variantId: string,
  adjustment: Adjustment,
): Promise<{ json: ViewJson<AdjustedStock>; version: number; productId: string }> {
  const { storeId, actor } = context;
  const delta = deltaOf(adjustment);
  const movementId = uuidv7();
  const movement = insertMovements(
    {
      id: movementId,
      storeId: sql`store_id`,
      variantId: sql`id`,
      type: adjustment.type,
      onHandDelta: delta,
      onHandBefore: sql`on_hand - ${delta}::int`,
      onHandAfter: sql`on_hand`,
      reservedBefore: sql`reserved`,
      reservedAfter: sql`reserved`,
      referenceType: 'adjustment',
      reason: adjustment.reason,
      actorType: actor.type,
      actorId: actor.id,
    },
    sql`changed`,
  );
  const event = insertEvents(
    {
      storeId: sql`store_id`,
      type: 'inventory.adjusted',
      aggregateType: 'variant',
      aggregateId: sql`id`,
      payload: sql`jsonb_build_object('variantId', id, 'productId', product_id, 'sku', sku,
        'type', ${adjustment.type}::text, 'onHandDelta', ${delta}::int, 'onHand', on_hand, 'reserved', reserved,
        'available', on_hand - reserved, 'reason', ${adjustment.reason}::text, 'movementId', ${movementId}::uuid)`,
    },
    sql`changed`,
  );
  try {
    const { view } = await runBatch(db, {
      exists: requireRow('variants', variantId, storeId, NO_VARIANT),
      adjust: sql`WITH changed AS (
          UPDATE variants SET on_hand = on_hand + ${delta}::int, version = version + 1, updated_at = now()
          WHERE id = ${variantId} AND store_id = ${storeId} AND version = ${adjustment.version}::int
          RETURNING id, store_id, product_id, sku, on_hand, reserved, version),
        moved AS (${movement}),
        evented AS (${event}),
        source AS (
          SELECT id AS entity_id,
            jsonb_build_object('onHand', on_hand - ${delta}::int, 'reserved', reserved, 'version', version - 1) AS before,
            jsonb_build_object('onHand', on_hand, 'reserved', reserved, 'version', version,
              'type', ${adjustment.type}::text, 'quantity', ${adjustment.quantity}::int,
              'reason', ${adjustment.reason}::text, 'movementId', ${movementId}::uuid) AS after
          FROM changed),
        audited AS (${auditFromCte(context, 'inventory.adjusted', 'variant', sql`source`)})
        SELECT 1`,
      // A statement of its own, so that (read committed) it sees the version a concurrent adjustment committed.
      stale: sql`SELECT api_error('conflict',
          'The stock has changed since version ' || ${adjustment.version}::int || ' (it is at ' || version || '); read it again.',
          'version')
        FROM variants
        WHERE id = ${variantId} AND store_id = ${storeId}
          AND NOT EXISTS (SELECT 1 FROM inventory_movements WHERE id = ${movementId})`,
      view: statement<{ json: ViewJson<AdjustedStock> | null; version: number; product_id: string }>(
        sql`SELECT (${adjustedStockView.json('v', 'm')})::text AS json, v.version, v.product_id
          FROM variants v, inventory_movements m
          WHERE v.id = ${variantId} AND m.id = ${movementId}`,
      ),
    });
    const json = viewText(view, NO_VARIANT);
    return { json, version: Number(view[0]!.version), productId: view[0]!.product_id };
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
