import { sql } from 'drizzle-orm';
import { check, index, integer, pgTable, text, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { variants } from './catalog';
import { createdAt, id, refuseDelete, timestamps, timestamptz } from './columns';
import { actorType, inventoryMovementType, reservationStatus } from './enums';
import { orders } from './orders';
import { storeId } from './tenancy';

/**
 * Stock held for an unpaid order (seed 003). Checkout inserts one row per
 * order line and raises variants.reserved in the same batch; payment commits
 * it (reserved and on_hand both drop), cancellation or expiry releases it.
 * The (status, expires_at) index is what the scheduled expiry job scans.
 */
export const inventoryReservations = pgTable(
  'inventory_reservations',
  {
    id: id(),
    storeId: storeId(),
    orderId: uuid()
      .notNull()
      .references(() => orders.id, { onDelete: 'cascade' }),
    variantId: uuid()
      .notNull()
      .references(() => variants.id, refuseDelete),
    quantity: integer().notNull(),
    status: reservationStatus().notNull().default('reserved'),
    expiresAt: timestamptz().notNull(),
    committedAt: timestamptz(),
    releasedAt: timestamptz(),
    ...timestamps(),
  },
  (t) => [
    uniqueIndex('inventory_reservations_order_variant_unique').on(t.orderId, t.variantId),
    index('inventory_reservations_variant_idx').on(t.variantId),
    index('inventory_reservations_store_idx').on(t.storeId),
    index('inventory_reservations_expiry_idx').on(t.status, t.expiresAt),
    check('inventory_reservations_quantity_check', sql`${t.quantity} > 0`),
  ],
);

/**
 * Append-only stock ledger (seed 003): every change to variants.on_hand or
 * variants.reserved writes one row here in the same batch.
 *
 * Sign convention: `onHandDelta` and `reservedDelta` are the signed changes
 * to those two columns, so for any variant
 *   on_hand  = SUM(on_hand_delta)   and   reserved = SUM(reserved_delta).
 * The before/after columns record the variant's values around the change
 * (useful when reading the ledger, and checked to agree with the deltas).
 * Which deltas each movement type may carry is fixed by
 * `inventory_movements_shape_check` (see inventoryMovementType in enums.ts):
 * e.g. a reservation moves only `reserved`, a commit moves both down alike.
 *
 * Rows go with their variant (CASCADE) rather than restricting its deletion:
 * a variant can only be deleted when no order references it, and then its
 * stock history has nothing left to explain; the audit log records the
 * deletion itself.
 */
export const inventoryMovements = pgTable(
  'inventory_movements',
  {
    id: id(),
    storeId: storeId(),
    variantId: uuid()
      .notNull()
      .references(() => variants.id, { onDelete: 'cascade' }),
    type: inventoryMovementType().notNull(),
    onHandDelta: integer().notNull().default(0),
    reservedDelta: integer().notNull().default(0),
    onHandBefore: integer().notNull(),
    onHandAfter: integer().notNull(),
    reservedBefore: integer().notNull(),
    reservedAfter: integer().notNull(),
    /** What caused the change, e.g. 'order' + order id, 'adjustment', 'seed'. */
    referenceType: text(),
    referenceId: uuid(),
    reason: text(),
    actorType: actorType().notNull(),
    actorId: uuid(),
    createdAt: createdAt(),
  },
  (t) => [
    index('inventory_movements_variant_created_idx').on(t.variantId, t.createdAt),
    index('inventory_movements_store_created_idx').on(t.storeId, t.createdAt),
    // The admin ledger pages newest first by id (ids are time-ordered), per store or per variant.
    index('inventory_movements_store_id_idx').on(t.storeId, t.id),
    index('inventory_movements_variant_id_idx').on(t.variantId, t.id),
    index('inventory_movements_reference_idx').on(t.referenceId),
    check(
      'inventory_movements_arithmetic_check',
      sql`${t.onHandAfter} = ${t.onHandBefore} + ${t.onHandDelta} AND ${t.reservedAfter} = ${t.reservedBefore} + ${t.reservedDelta}`,
    ),
    check(
      'inventory_movements_shape_check',
      sql`CASE ${t.type}
        WHEN 'inbound' THEN ${t.onHandDelta} > 0 AND ${t.reservedDelta} = 0
        WHEN 'return' THEN ${t.onHandDelta} > 0 AND ${t.reservedDelta} = 0
        WHEN 'outbound' THEN ${t.onHandDelta} < 0 AND ${t.reservedDelta} = 0
        WHEN 'adjustment' THEN ${t.onHandDelta} <> 0 AND ${t.reservedDelta} = 0
        WHEN 'reservation' THEN ${t.onHandDelta} = 0 AND ${t.reservedDelta} > 0
        WHEN 'release' THEN ${t.onHandDelta} = 0 AND ${t.reservedDelta} < 0
        WHEN 'commit' THEN ${t.onHandDelta} < 0 AND ${t.reservedDelta} = ${t.onHandDelta}
        ELSE false
      END`,
    ),
  ],
);
