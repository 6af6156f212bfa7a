import { type SQL, sql } from 'drizzle-orm';
import type { Database } from '../../db/client';
import { runStatement } from '../../db/sql/batch';
import type { Statement } from '../../db/sql/statement';
import {
  defineView,
  idPageJson,
  idPageStatement,
  type ViewRow,
  type ViewValue,
  viewText,
  viewOf,
} from '../../db/sql/views';
import type { ORDER_STATUSES, PAYMENT_STATUSES } from '../../lib/enums';
import { AdminOrderSchema, OrderSummarySchema } from '../../schemas/orders';
import { allowedMovesJson, NO_ORDER } from '../order-lifecycle/transitions';
import { orderLinesJson, orderPricingFields, orderTotalsView } from './order-view';
import { shipmentView } from './shipment-view';

const actorJson = (type: SQL, id: SQL) => sql`json_build_object('type', ${type}, 'id', ${id})`;

/** The latest payment's status of order alias `o`, or null when it has none (a free order). */
function latestPaymentStatus(_order: 'o'): SQL {
  return sql`(SELECT p.status
    FROM payments p
    WHERE p.order_id = o.id
    ORDER BY p.created_at DESC, p.id DESC
    LIMIT 1)`;
}

/** The customer of order alias `o`, as the order views name them. */
function customerRefJson(_order: 'o'): SQL {
  return sql`(SELECT json_build_object('id', c.id, 'email', c.email, 'name', c.name, 'segment', c.segment)
    FROM customers c
    WHERE c.id = o.customer_id)`;
}

function timestampsJson(_order: 'o'): SQL {
  return sql`json_build_object('createdAt', o.created_at, 'paidAt', o.paid_at, 'preparingAt', o.preparing_at,
    'shippedAt', o.shipped_at, 'deliveredAt', o.delivered_at, 'cancelledAt', o.cancelled_at, 'updatedAt', o.updated_at)`;
}

/** Order alias `o` in the admin list: enough to triage, without its lines. */
export const orderSummaryView = defineView(
  OrderSummarySchema,
  (_order: 'o') => sql`json_build_object(
    'id', o.id, 'number', o.number, 'status', o.status, 'email', o.email, 'customer', ${customerRefJson('o')},
    'currency', o.currency, 'totals', ${orderTotalsView.json('o')},
    'itemCount', (SELECT coalesce(sum(i.quantity), 0)::int FROM order_items i WHERE i.order_id = o.id),
    'paymentStatus', ${latestPaymentStatus('o')}, 'shippingAddress', o.shipping_address,
    'timestamps', ${timestampsJson('o')})`,
);

export type OrderSummaryValue = ViewValue<typeof orderSummaryView>;

/**
 * Order alias `o` as staff see it: what the buyer bought, every payment with
 * its refunds, the shipments, the status history with who moved it, the
 * internal notes, and the moves open to it now.
 */
export const adminOrderView = defineView(
  AdminOrderSchema,
  (_order: 'o') => sql`json_build_object(
    'id', o.id, 'number', o.number, 'status', o.status, 'allowedTransitions', ${allowedMovesJson(sql`o.status`)},
    'email', o.email, 'customer', ${customerRefJson('o')}, 'currency', o.currency, ${orderPricingFields('o')},
    'items', ${orderLinesJson('o')},
    'totals', ${orderTotalsView.json('o')},
    'shippingAddress', o.shipping_address,
    'shippingRate', json_build_object('id', o.shipping_rate_id, 'name', o.shipping_rate_name),
    'payments', coalesce((
      SELECT json_agg(json_build_object('id', p.id, 'method', p.method, 'provider', p.provider, 'status', p.status,
        'amount', p.amount, 'refundedAmount', p.refunded_amount, 'currency', p.currency, 'needsRefund', p.needs_refund,
        'providerReference', p.provider_reference, 'failureReason', p.failure_reason, 'confirmedAt', p.confirmed_at,
        'createdAt', p.created_at) ORDER BY p.created_at, p.id)
      FROM payments p
      WHERE p.order_id = o.id), '[]'),
    'refunds', coalesce((
      SELECT json_agg(json_build_object('id', r.id, 'paymentId', r.payment_id, 'amount', r.amount, 'currency', r.currency,
        'reason', r.reason, 'status', r.status, 'restock', r.restock,
        'createdBy', ${actorJson(sql`r.created_by_type`, sql`r.created_by_id`)}, 'createdAt', r.created_at) ORDER BY r.id)
      FROM refunds r
      WHERE r.order_id = o.id), '[]'),
    'shipments', coalesce((
      SELECT json_agg(${shipmentView.json('sh')} ORDER BY sh.id)
      FROM shipments sh
      WHERE sh.order_id = o.id), '[]'),
    'history', coalesce((
      SELECT json_agg(json_build_object('from', h.from_status, 'to', h.to_status, 'reason', h.reason,
        'actor', ${actorJson(sql`h.actor_type`, sql`h.actor_id`)}, 'at', h.created_at) ORDER BY h.created_at, h.id)
      FROM order_status_history h
      WHERE h.order_id = o.id), '[]'),
    'notes', o.notes, 'internalNotes', o.internal_notes, 'cancelReason', o.cancel_reason,
    'reservationExpiresAt', o.reservation_expires_at, 'timestamps', ${timestampsJson('o')})`,
);

export type AdminOrderValue = ViewValue<typeof adminOrderView>;

/** The statement answering order `orderId` as staff see it, as `json`; null when the store has no such order. */
export function adminOrderStatement(storeId: string, orderId: string): Statement<ViewRow<AdminOrderValue>> {
  return viewOf(adminOrderView.json('o'), sql`orders o WHERE o.id = ${orderId} AND o.store_id = ${storeId}`);
}

/** One order of the store as staff see it; a 404 when the store has no such order. */
export async function getAdminOrder(db: Database, storeId: string, orderId: string) {
  return viewText(await runStatement(db, adminOrderStatement(storeId, orderId)), NO_ORDER);
}

export interface OrderFilters {
  status?: (typeof ORDER_STATUSES)[number];
  /** Of the latest payment. */
  paymentStatus?: (typeof PAYMENT_STATUSES)[number];
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
) {
  const conditions: SQL[] = [sql`o.store_id = ${storeId}`];
  if (filters.status) conditions.push(sql`o.status = ${filters.status}`);
  if (filters.customerId) conditions.push(sql`o.customer_id = ${filters.customerId}`);
  if (filters.from) conditions.push(sql`o.created_at >= ${filters.from}::timestamptz`);
  if (filters.to) conditions.push(sql`o.created_at < ${filters.to}::timestamptz`);
  if (filters.paymentStatus) conditions.push(sql`${latestPaymentStatus('o')} = ${filters.paymentStatus}`);
  if (filters.q)
    conditions.push(sql`(strpos(o.number, upper(${filters.q})) > 0 OR strpos(o.email, lower(${filters.q})) > 0)`);
  const from = sql`orders o WHERE ${sql.join(conditions, sql` AND `)}`;
  return idPageJson(
    await runStatement(db, idPageStatement<OrderSummaryValue>('o', from, orderSummaryView.json('o'), page)),
  );
}
