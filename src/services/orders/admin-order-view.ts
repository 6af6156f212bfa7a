import { sql, type SQL } from 'drizzle-orm';
import type { Database } from '../../db/client';
import { auditFromCte, type AuditContext } from '../audit';
import { idPageJson, idPageStatement, lastView, runBatch } from '../catalog/admin-views';
import { orderItemsJson, orderTotalsJson } from './order-view';
import { allowedMovesJson } from './transitions';

/** The 404 detail of an order the store does not have. */
export const NO_ORDER = 'This store has no order with that id.';

const actorJson = (type: SQL, id: SQL) => sql`json_build_object('type', ${type}, 'id', ${id})`;

/** The latest payment's status of order alias `o`, or null when it has none (a free order). */
const paymentStatus = sql`(SELECT p.status FROM payments p WHERE p.order_id = o.id ORDER BY p.created_at DESC, p.id DESC LIMIT 1)`;

const customerJson = sql`(SELECT json_build_object('id', c.id, 'email', c.email, 'name', c.name, 'segment', c.segment)
  FROM customers c WHERE c.id = o.customer_id)`;

const timestampsJson = sql`json_build_object('createdAt', o.created_at, 'paidAt', o.paid_at, 'preparingAt', o.preparing_at,
  'shippedAt', o.shipped_at, 'deliveredAt', o.delivered_at, 'cancelledAt', o.cancelled_at, 'updatedAt', o.updated_at)`;

/** Shipment alias `sh` as staff see it. */
export const shipmentJson = sql`json_build_object('id', sh.id, 'orderId', sh.order_id, 'carrier', sh.carrier,
  'trackingNumber', sh.tracking_number, 'labelUrl', sh.label_url, 'status', sh.status, 'shippedAt', sh.shipped_at,
  'deliveredAt', sh.delivered_at, 'createdAt', sh.created_at, 'updatedAt', sh.updated_at)`;

/** Order alias `o` in the admin list: enough to triage, without its lines. */
export const adminOrderSummaryJson = sql`json_build_object(
  'id', o.id, 'number', o.number, 'status', o.status, 'email', o.email, 'customer', ${customerJson}, 'currency', o.currency,
  'totals', ${orderTotalsJson}, 'itemCount', (SELECT coalesce(sum(i.quantity), 0)::int FROM order_items i WHERE i.order_id = o.id),
  'paymentStatus', ${paymentStatus}, 'shippingAddress', o.shipping_address, 'timestamps', ${timestampsJson})`;

/**
 * Order alias `o` as staff see it: what the buyer bought, every payment with
 * its refunds, the shipments, the status history with who moved it, the
 * internal notes, and the moves open to it now.
 */
export const adminOrderJson = sql`json_build_object(
  'id', o.id, 'number', o.number, 'status', o.status, 'allowedTransitions', ${allowedMovesJson(sql`o.status`)},
  'email', o.email, 'customer', ${customerJson}, 'currency', o.currency,
  'items', ${orderItemsJson},
  'totals', ${orderTotalsJson},
  'shippingAddress', o.shipping_address,
  'shippingRate', json_build_object('id', o.shipping_rate_id, 'name', o.shipping_rate_name),
  'payments', coalesce((SELECT json_agg(json_build_object('id', p.id, 'method', p.method, 'provider', p.provider, 'status', p.status,
      'amount', p.amount, 'refundedAmount', p.refunded_amount, 'currency', p.currency, 'needsRefund', p.needs_refund,
      'providerReference', p.provider_reference, 'failureReason', p.failure_reason, 'confirmedAt', p.confirmed_at, 'createdAt', p.created_at)
      ORDER BY p.created_at, p.id)
    FROM payments p WHERE p.order_id = o.id), '[]'),
  'refunds', coalesce((SELECT json_agg(json_build_object('id', r.id, 'paymentId', r.payment_id, 'amount', r.amount, 'currency', r.currency,
      'reason', r.reason, 'status', r.status, 'restock', r.restock, 'createdBy', ${actorJson(sql`r.created_by_type`, sql`r.created_by_id`)},
      'createdAt', r.created_at) ORDER BY r.id)
    FROM refunds r WHERE r.order_id = o.id), '[]'),
  'shipments', coalesce((SELECT json_agg(${shipmentJson} ORDER BY sh.id) FROM shipments sh WHERE sh.order_id = o.id), '[]'),
  'history', coalesce((SELECT json_agg(json_build_object('from', h.from_status, 'to', h.to_status, 'reason', h.reason,
      'actor', ${actorJson(sql`h.actor_type`, sql`h.actor_id`)}, 'at', h.created_at) ORDER BY h.created_at, h.id)
    FROM order_status_history h WHERE h.order_id = o.id), '[]'),
  'notes', o.notes, 'internalNotes', o.internal_notes, 'cancelReason', o.cancel_reason,
  'reservationExpiresAt', o.reservation_expires_at, 'timestamps', ${timestampsJson})`;

/** A statement answering `json`: the order as staff see it, or null when the store has no such order. */
export function adminOrderView(storeId: string, orderId: string): SQL {
  return sql`SELECT (SELECT ${adminOrderJson} FROM orders o WHERE o.id = ${orderId} AND o.store_id = ${storeId})::text AS json`;
}

/** One order of the store as staff see it, as JSON text; a 404 when the store has no such order. */
export async function getAdminOrder(db: Database, storeId: string, orderId: string): Promise<string> {
  return lastView([await db.execute(adminOrderView(storeId, orderId))], NO_ORDER);
}

export interface OrderFilters {
  status?: string;
  paymentStatus?: string;
  customerId?: string;
  /** Placed at or after. */
  from?: string;
  /** Placed before. */
  to?: string;
  /** Part of the number or of the email, any case. */
  q?: string;
}

/**
 * One page of the store's orders, newest first, in one statement. Ids are
 * time-ordered, so the page walks `(store_id, id)` (or `(store_id, status,
 * id)` with a status) backwards and stops once it has the page; the other
 * filters are checked on the way.
 */
export async function listOrders(
  db: Database,
  storeId: string,
  filters: OrderFilters,
  page: { limit: number; after?: string },
): Promise<string> {
  const conditions: SQL[] = [sql`o.store_id = ${storeId}`];
  if (filters.status) conditions.push(sql`o.status = ${filters.status}`);
  if (filters.customerId) conditions.push(sql`o.customer_id = ${filters.customerId}`);
  if (filters.from) conditions.push(sql`o.created_at >= ${filters.from}::timestamptz`);
  if (filters.to) conditions.push(sql`o.created_at < ${filters.to}::timestamptz`);
  if (filters.paymentStatus) conditions.push(sql`${paymentStatus} = ${filters.paymentStatus}`);
  if (filters.q)
    conditions.push(sql`(strpos(o.number, upper(${filters.q})) > 0 OR strpos(o.email, lower(${filters.q})) > 0)`);
  return idPageJson(
    await idPageStatement(
      db,
      'o',
      sql`orders o WHERE ${sql.join(conditions, sql` AND `)}`,
      adminOrderSummaryJson,
      page,
    ),
  );
}

/** Staff replace an order's internal notes (null clears them); audited; answers the order. One round trip. */
export async function setInternalNotes(
  db: Database,
  context: AuditContext,
  orderId: string,
  internalNotes: string | null,
): Promise<string> {
  const results = await runBatch(db, [
    db.execute(sql`WITH source AS (
        UPDATE orders o SET internal_notes = ${internalNotes}, updated_at = now()
        FROM orders before WHERE before.id = o.id AND o.id = ${orderId} AND o.store_id = ${context.storeId}
        RETURNING o.id AS entity_id, jsonb_build_object('internalNotes', before.internal_notes) AS before,
          jsonb_build_object('internalNotes', o.internal_notes) AS after)
      ${auditFromCte(context, 'order.internal_notes_updated', 'order', sql`source`)}`),
    db.execute(adminOrderView(context.storeId, orderId)),
  ]);
  return lastView(results, NO_ORDER);
}
