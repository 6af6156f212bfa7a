import { type SQL, sql } from 'drizzle-orm';
import type { Database } from '../../db/client';
import { runBatch } from '../../db/sql/batch';
import { viewText } from '../../db/sql/views';
import { type AuditContext, auditFromCte } from '../audit';
import { cancelUnpaidOrders, RESERVATION_EXPIRED } from '../order-lifecycle/cancel-unpaid';
import { lockCustomersOf, refreshCustomerStats } from '../order-lifecycle/customer-figures';
import { apiOrigin } from '../order-lifecycle/origin';
import { confirmCtes } from '../order-lifecycle/pay';
import { lockOrderOf } from '../order-lifecycle/transitions';
import { cancelAbandonedIntents } from './abandoned-intents';
import { NO_PAYMENT, paymentViewStatement } from './payment-view';
import type { StripeSettings } from './stripe-api';

/** Why an order is cancelled when staff reject its payment. */
export const PAYMENT_REJECTED = 'payment_rejected';

/**
 * Stops the batch unless the payment exists in this store, is still pending
 * and its order can still be paid: 404, or a 409 whose code says why.
 */
function requirePending(storeId: string, paymentId: string): SQL {
  return sql`SELECT CASE
      WHEN p.id IS NULL THEN api_error('not_found', ${NO_PAYMENT})
      WHEN p.status IN ('confirmed', 'partially_refunded', 'refunded')
        THEN api_error('payment_already_confirmed', 'This payment was already confirmed; nothing changed.')
      WHEN o.status = 'cancelled' THEN api_error('order_cancelled', CASE WHEN o.cancel_reason = ${RESERVATION_EXPIRED}
        THEN 'The order expired unpaid and was cancelled; its stock is back on sale. Nothing changed.'
        ELSE 'The order was cancelled; nothing changed.' END)
      WHEN p.status <> 'pending' THEN api_error('payment_not_pending',
        'This payment is ' || p.status || '; only a pending payment can be confirmed or rejected.')
      ELSE true END
    FROM (SELECT 1) one
    LEFT JOIN payments p ON p.id = ${paymentId} AND p.store_id = ${storeId}
    LEFT JOIN orders o ON o.id = p.order_id`;
}

/**
 * Staff confirm a pending payment (with the reference they saw on the bank
 * statement, say): the order becomes `paid` and its stock is committed.
 * One batch, one round trip; a payment already confirmed, or whose order was
 * cancelled or expired, is a 409 and nothing changes. The customer's figures
 * follow in the same transaction.
 */
export async function confirmPayment(
  db: Database,
  context: AuditContext,
  paymentId: string,
  input: { referenceSeen?: string; note?: string },
) {
  const payment = sql`p.id = ${paymentId} AND p.store_id = ${context.storeId}`;
  const origin = apiOrigin(context, { referenceSeen: input.referenceSeen, note: input.note });
  const order = sql`SELECT p.order_id FROM payments p WHERE ${payment}`;
  const { view } = await runBatch(db, {
    lockOrder: lockOrderOf(payment),
    lockCustomer: lockCustomersOf(order),
    requirePending: requirePending(context.storeId, paymentId),
    confirm: sql`WITH ${confirmCtes(payment, sql`true`, origin, input.referenceSeen)},
      audited AS (${auditFromCte(
        context,
        'payment.confirmed',
        'payment',
        sql`(SELECT c.id AS entity_id, jsonb_build_object('status', c.from_status) AS before,
          jsonb_strip_nulls(jsonb_build_object('status', c.to_status, 'referenceSeen', ${input.referenceSeen ?? null}::text)) AS after
          FROM changed c) confirmed`,
      )})
      SELECT count(*) FROM changed`,
    customerStats: refreshCustomerStats(order),
    view: paymentViewStatement(context.storeId, paymentId),
  });
  return viewText(view, NO_PAYMENT);
}

/**
 * Staff reject a pending payment, with a reason: the payment becomes
 * `rejected` and its order is cancelled at once, its stock released, rather
 * than held until the reservation expires. One round trip; the same 409s as
 * confirming. A card payment's PaymentIntent is then cancelled at Stripe.
 */
export async function rejectPayment(
  db: Database,
  stripe: StripeSettings,
  context: AuditContext,
  paymentId: string,
  input: { reason: string },
) {
  const payment = sql`p.id = ${paymentId} AND p.store_id = ${context.storeId}`;
  const origin = apiOrigin(context, { reason: input.reason });
  const picked = sql`SELECT p.order_id AS id FROM payments p WHERE ${payment}`;
  const { cancelled, view } = await runBatch(db, {
    lockOrder: lockOrderOf(payment),
    requirePending: requirePending(context.storeId, paymentId),
    cancelled: cancelUnpaidOrders(picked, PAYMENT_REJECTED, origin.actor, {
      status: 'rejected',
      action: 'reject',
      source: 'api',
      event: 'payment.failed',
      failureReason: input.reason,
    }),
    // The guard let only a pending payment through, so a rejected one is this batch's doing.
    audit: auditFromCte(
      context,
      'payment.rejected',
      'payment',
      sql`(SELECT p.id AS entity_id, jsonb_build_object('status', 'pending') AS before,
        jsonb_build_object('status', p.status, 'failureReason', p.failure_reason) AS after
        FROM payments p
        WHERE ${payment} AND p.status = 'rejected') rejected`,
    ),
    view: paymentViewStatement(context.storeId, paymentId),
  });
  await cancelAbandonedIntents(stripe, cancelled[0]?.stripe_intents);
  return viewText(view, NO_PAYMENT);
}
