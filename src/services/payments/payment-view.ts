import { sql } from 'drizzle-orm';
import type { Database } from '../../db/client';
import { runStatement } from '../../db/sql/batch';
import { type Statement, statement } from '../../db/sql/statement';
import { defineView, type ViewRow, type ViewValue, viewText, readIdPage } from '../../db/sql/views';
import { PaymentSchema } from '../../schemas/payments';

/** A payment as staff see it, with its order's number and status, its refunds and its audit trail. */
export const paymentView = defineView(
  PaymentSchema,
  (_alias: 'p') => sql`json_build_object(
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
  'createdAt', p.created_at, 'updatedAt', p.updated_at)`,
);

export type PaymentValue = ViewValue<typeof paymentView>;

export const NO_PAYMENT = 'This store has no payment with that id.';

/** The statement answering payment `paymentId` of the store as `json`, null when the store has no such payment. */
export function paymentViewStatement(storeId: string, paymentId: string): Statement<ViewRow<PaymentValue>> {
  return statement(
    sql`SELECT (SELECT ${paymentView.json('p')} FROM payments p WHERE p.id = ${paymentId} AND p.store_id = ${storeId})::text AS json`,
  );
}

export async function getPayment(db: Database, storeId: string, paymentId: string) {
  return viewText(await runStatement(db, paymentViewStatement(storeId, paymentId)), NO_PAYMENT);
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
  const from = sql`payments p WHERE ${sql.join(conditions, sql` AND `)}`;
  return readIdPage<PaymentValue>(db, 'p', from, paymentView.json('p'), page);
}
