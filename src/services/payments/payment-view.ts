import { sql, type SQL } from 'drizzle-orm';
import type { Database } from '../../db/client';
import { idPageJson, idPageStatement, viewText } from '../catalog/admin-views';

/** Payment alias `p` as staff see it, with its order's number and status, its refunds and its audit trail. */
export const adminPaymentJson = sql`json_build_object(
  'id', p.id, 'orderId', p.order_id,
  'order', (SELECT json_build_object('number', o.number, 'status', o.status) FROM orders o WHERE o.id = p.order_id),
  'method', p.method, 'provider', p.provider, 'providerReference', p.provider_reference,
  'amount', p.amount, 'refundedAmount', p.refunded_amount, 'currency', p.currency, 'status', p.status,
  'needsRefund', p.needs_refund, 'failureReason', p.failure_reason, 'instructions', p.instructions,
  'referenceSeen', p.reference_seen,
  'confirmedBy', CASE WHEN p.confirmed_by_type IS NOT NULL THEN json_build_object('type', p.confirmed_by_type, 'id', p.confirmed_by_id) END,
  'confirmedAt', p.confirmed_at,
  'refunds', coalesce((SELECT json_agg(json_build_object('id', r.id, 'amount', r.amount, 'status', r.status, 'reason', r.reason,
      'restock', r.restock, 'createdAt', r.created_at) ORDER BY r.id) FROM refunds r WHERE r.payment_id = p.id), '[]'),
  'history', coalesce((SELECT json_agg(json_build_object('action', a.action, 'from', a.from_status, 'to', a.to_status,
      'source', a.source, 'actor', json_build_object('type', a.actor_type, 'id', a.actor_id), 'details', a.details, 'at', a.created_at)
      ORDER BY a.id) FROM payment_audit_log a WHERE a.payment_id = p.id), '[]'),
  'createdAt', p.created_at, 'updatedAt', p.updated_at)`;

export const NO_PAYMENT = 'This store has no payment with that id.';

/** The statement answering payment `paymentId` of the store as `json`, null when the store has no such payment. */
export function paymentViewSql(storeId: string, paymentId: string): SQL {
  return sql`SELECT (SELECT ${adminPaymentJson} FROM payments p WHERE p.id = ${paymentId} AND p.store_id = ${storeId})::text AS json`;
}

export async function getPayment(db: Database, storeId: string, paymentId: string): Promise<string> {
  return viewText(await db.execute<{ json: string | null }>(paymentViewSql(storeId, paymentId)), NO_PAYMENT);
}

export interface PaymentFilters {
  status?: string;
  method?: string;
  orderId?: string;
  needsRefund?: boolean;
}

/** A store's payments, newest first, one statement. */
export async function listPayments(
  db: Database,
  storeId: string,
  filters: PaymentFilters,
  page: { limit: number; after?: string },
) {
  const conditions = [
    sql`p.store_id = ${storeId}`,
    filters.status ? sql`p.status = ${filters.status}` : undefined,
    filters.method ? sql`p.method = ${filters.method}` : undefined,
    filters.orderId ? sql`p.order_id = ${filters.orderId}` : undefined,
    filters.needsRefund === undefined ? undefined : sql`p.needs_refund = ${filters.needsRefund}`,
  ].filter((condition) => condition !== undefined);
  return idPageJson(
    await idPageStatement(db, 'p', sql`payments p WHERE ${sql.join(conditions, sql` AND `)}`, adminPaymentJson, page),
  );
}
