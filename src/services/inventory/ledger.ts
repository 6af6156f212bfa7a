import { type SQL, sql } from 'drizzle-orm';
import type { Database } from '../../db/client';
import { runStatement } from '../../db/sql/batch';
import { statement } from '../../db/sql/statement';
import { defineView, type ViewJson, type ViewValue, readIdPage } from '../../db/sql/views';
import type { INVENTORY_MOVEMENT_TYPES } from '../../lib/enums';
import { MovementSchema, ReconciliationSchema } from '../../schemas/admin-inventory';

/**
 * The stock ledger: `inventory_movements`, append-only, one row per change
 * to a variant's on_hand or reserved, written in the same transaction as the
 * change (through db/sql/ledgers.ts), so that `reconcile` can prove the stock
 * from it.
 */

/** Movement alias `m`, with its variant's SKU. */
export const movementView = defineView(
  MovementSchema,
  (_m: 'm') => sql`json_build_object(
    'id', m.id, 'variantId', m.variant_id, 'sku', (SELECT sku FROM variants WHERE id = m.variant_id),
    'type', m.type, 'onHandDelta', m.on_hand_delta, 'reservedDelta', m.reserved_delta,
    'onHandBefore', m.on_hand_before, 'onHandAfter', m.on_hand_after,
    'reservedBefore', m.reserved_before, 'reservedAfter', m.reserved_after,
    'referenceType', m.reference_type, 'referenceId', m.reference_id, 'reason', m.reason,
    'actorType', m.actor_type, 'actorId', m.actor_id, 'createdAt', m.created_at)`,
);

export type Movement = ViewValue<typeof movementView>;

export interface MovementFilters {
  variantId?: string;
  type?: (typeof INVENTORY_MOVEMENT_TYPES)[number];
  referenceId?: string;
}

/** The ledger, newest first, one page, one statement. */
export async function listMovements(
  db: Database,
  storeId: string,
  filters: MovementFilters,
  page: { limit: number; after?: string },
) {
  const conditions = [sql`m.store_id = ${storeId}`];
  if (filters.variantId) conditions.push(sql`m.variant_id = ${filters.variantId}`);
  if (filters.type) conditions.push(sql`m.type = ${filters.type}`);
  if (filters.referenceId) conditions.push(sql`m.reference_id = ${filters.referenceId}`);
  const from = sql`inventory_movements m WHERE ${sql.join(conditions, sql` AND `)}`;
  return readIdPage<Movement>(db, 'm', from, movementView.json('m'), page);
}

/**
 * For every variant of store `storeId`: on_hand = Σ on_hand_delta, reserved
 * = Σ reserved_delta, and reserved = the units its live reservations hold;
 * the variants where any differ are its mismatches.
 */
export const reconciliationView = defineView(
  ReconciliationSchema,
  (storeId: SQL) => sql`(WITH
    ledger AS (
      SELECT variant_id, sum(on_hand_delta) AS on_hand, sum(reserved_delta) AS reserved
      FROM inventory_movements
      WHERE store_id = ${storeId}
      GROUP BY variant_id),
    held AS (
      SELECT variant_id, sum(quantity) AS quantity
      FROM inventory_reservations
      WHERE store_id = ${storeId} AND status = 'reserved'
      GROUP BY variant_id),
    checked AS (
      SELECT v.id, v.sku, v.on_hand, v.reserved, coalesce(l.on_hand, 0)::bigint AS ledger_on_hand,
        coalesce(l.reserved, 0)::bigint AS ledger_reserved, coalesce(h.quantity, 0)::bigint AS active_reservations
      FROM variants v
      LEFT JOIN ledger l ON l.variant_id = v.id
      LEFT JOIN held h ON h.variant_id = v.id
      WHERE v.store_id = ${storeId}),
    mismatched AS (
      SELECT * FROM checked
      WHERE on_hand <> ledger_on_hand OR reserved <> ledger_reserved OR reserved <> active_reservations)
    SELECT json_build_object(
      'variants', (SELECT count(*) FROM checked),
      'reconciled', NOT EXISTS (SELECT 1 FROM mismatched),
      'mismatches', coalesce((
        SELECT json_agg(json_build_object('variantId', id, 'sku', sku, 'onHand', on_hand, 'ledgerOnHand', ledger_on_hand,
            'reserved', reserved, 'ledgerReserved', ledger_reserved, 'activeReservations', active_reservations)
          ORDER BY sku)
        FROM mismatched), '[]'),
      'checkedAt', now()))`,
);

/** Proves the ledger in one statement: answers the variants whose stock disagrees with it, if any. */
export async function reconcile(db: Database, storeId: string) {
  const [row] = await runStatement(
    db,
    statement<{ json: ViewJson<ViewValue<typeof reconciliationView>> }>(
      sql`SELECT ${reconciliationView.json(sql`${storeId}::uuid`)}::text AS json`,
    ),
  );
  return row!.json;
}
