import { sql } from 'drizzle-orm';
import type { Database } from '../../db/client';
import { runStatement } from '../../db/sql/batch';
import { type Statement, statement } from '../../db/sql/statement';
import { defineView, type ViewJson, type ViewRow, type ViewValue, viewText } from '../../db/sql/views';
import { RefundListSchema, RefundSchema } from '../../schemas/payments';
import { NO_ORDER } from '../order-lifecycle/transitions';

/** Refund alias `r` as staff see it, with its lines and its payment's totals after it. */
export const refundView = defineView(
  RefundSchema,
  (_refund: 'r') => sql`json_build_object(
    'id', r.id, 'paymentId', r.payment_id, 'orderId', r.order_id, 'amount', r.amount, 'currency', r.currency,
    'reason', r.reason, 'status', r.status, 'providerReference', r.provider_reference, 'restock', r.restock,
    'items', r.items,
    'createdBy', json_build_object('type', r.created_by_type, 'id', r.created_by_id), 'createdAt', r.created_at,
    'payment', (
      SELECT json_build_object('status', p.status, 'amount', p.amount, 'refundedAmount', p.refunded_amount,
        'needsRefund', p.needs_refund)
      FROM payments p
      WHERE p.id = r.payment_id))`,
);

export type RefundValue = ViewValue<typeof refundView>;

/** The refunds of order alias `o`, oldest first, as `{data}`. */
export const refundListView = defineView(
  RefundListSchema,
  (_order: 'o') => sql`json_build_object('data', coalesce((
    SELECT json_agg(${refundView.json('r')} ORDER BY r.id)
    FROM refunds r
    WHERE r.order_id = o.id), '[]'))`,
);

/** A refund as a refunding batch ends: its view, and what settling it at Stripe needs. */
export type RefundRow = {
  json: ViewJson<RefundValue>;
  /** Minor units, as the driver reads a bigint (a string over HTTP). */
  amount: number | string;
  provider: string;
  provider_reference: string | null;
  secret_key_sealed: string | null;
};

/** The statement answering refund `refundId` (made in the same batch): its view, its payment's provider and the store's sealed Stripe key. */
export function refundStatement(refundId: string): Statement<RefundRow> {
  return statement(sql`SELECT (${refundView.json('r')})::text AS json, r.amount, p.provider, p.provider_reference, a.secret_key_sealed
    FROM refunds r
    JOIN payments p ON p.id = r.payment_id
    LEFT JOIN stripe_accounts a ON a.store_id = r.store_id
    WHERE r.id = ${refundId}`);
}

/** The refunds of an order, oldest first, as `{data}`; a 404 when the store has no such order. */
export async function listRefunds(db: Database, storeId: string, orderId: string) {
  const query = statement<ViewRow<ViewValue<typeof refundListView>>>(sql`SELECT (
      SELECT ${refundListView.json('o')}
      FROM orders o
      WHERE o.id = ${orderId} AND o.store_id = ${storeId}
    )::text AS json`);
  return viewText(await runStatement(db, query), NO_ORDER);
}
