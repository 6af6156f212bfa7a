import { sql } from 'drizzle-orm';
import type { Database } from '../../db/client';
import { runBatch } from '../../db/sql/batch';
import { viewText } from '../../db/sql/views';
import { type AuditContext, auditFromCte } from '../audit';
import { NO_ORDER } from '../order-lifecycle/transitions';
import { adminOrderStatement } from './admin-order-view';

/** Staff replace an order's internal notes (null clears them); audited; answers the order. One round trip. */
export async function setInternalNotes(
  db: Database,
  context: AuditContext,
  orderId: string,
  internalNotes: string | null,
) {
  const { view } = await runBatch(db, {
    notes: sql`WITH source AS (
        UPDATE orders o
        SET internal_notes = ${internalNotes}, updated_at = now()
        FROM orders before
        WHERE before.id = o.id AND o.id = ${orderId} AND o.store_id = ${context.storeId}
        RETURNING o.id AS entity_id,
          jsonb_build_object('internalNotes', before.internal_notes) AS before,
          jsonb_build_object('internalNotes', o.internal_notes) AS after)
      ${auditFromCte(context, 'order.internal_notes_updated', 'order', sql`source`)}`,
    view: adminOrderStatement(context.storeId, orderId),
  });
  return viewText(view, NO_ORDER);
}
