import { type SQL, sql } from 'drizzle-orm';
import type { ChangeOrigin } from '../order-lifecycle/origin';
import { recordPaymentChanges } from '../order-lifecycle/payment-records';

/**
 * SQL for the changes of a payment's state that leave its order as it is,
 * for staff (refunds) and Stripe's webhooks; confirming a payment pays its
 * order, and lives with the order lifecycle (order-lifecycle/pay.ts). Every
 * change writes its `payment_audit_log` row and outbox event in the same
 * statement (`recordPaymentChanges`).
 *
 * One lock order for all of them: the payment's order row first (as the
 * reservation-expiry job locks it), then what the change touches, variants in
 * id order. A batch starts with `lockOrderOf`; each later statement takes a
 * new snapshot under READ COMMITTED, so it decides on the current state of
 * rows nobody else can change until the batch commits.
 */

/**
 * CTEs that record a provider's success that cannot be applied (its order
 * was cancelled, or the amount differs): the money was taken, so the payment
 * becomes `confirmed` with `needs_refund` set, the order is left as it is,
 * and a `payment.needs_refund` event says why. Staff then refund it.
 */
export function flagForRefundCtes(paymentWhere: SQL, when: SQL, origin: ChangeOrigin): SQL {
  return sql`changed AS (
      UPDATE payments p
      SET status = 'confirmed',
        needs_refund = true,
        confirmed_at = now(),
        confirmed_by_type = 'system',
        updated_at = now()
      FROM payments before
      WHERE before.id = p.id AND ${paymentWhere} AND ${when}
        AND p.status IN ('pending', 'expired', 'cancelled', 'rejected')
      RETURNING p.id, p.store_id, p.order_id, p.amount, p.currency, before.status AS from_status, p.status AS to_status),
    ${recordPaymentChanges(origin, 'flag_for_refund', 'payment.needs_refund')}`;
}

/**
 * CTEs that record a failed attempt on a pending card payment. The payment
 * stays `pending`: the buyer may try again (another card) until the
 * reservation expires. Audited, with a `payment.failed` event.
 */
export function attemptFailedCtes(paymentWhere: SQL, when: SQL, origin: ChangeOrigin, reason: string): SQL {
  return sql`changed AS (
      UPDATE payments p
      SET failure_reason = ${reason}, updated_at = now()
      WHERE ${paymentWhere} AND ${when} AND p.status = 'pending'
      RETURNING p.id, p.store_id, p.order_id, p.amount, p.currency, p.status AS from_status, p.status AS to_status),
    ${recordPaymentChanges(origin, 'attempt_failed', 'payment.failed')}`;
}

/**
 * CTEs that record Stripe's authorisation of a pending card payment taken
 * with capture_method=manual (a campaign join): `authorized_at` is set, the
 * payment stays `pending` (no money moved yet) until the campaign succeeds
 * and we capture it. Audited, with a `payment.authorized` event.
 */
export function authorizedCtes(paymentWhere: SQL, when: SQL, origin: ChangeOrigin): SQL {
  return sql`changed AS (
      UPDATE payments p
      SET authorized_at = now(), updated_at = now()
      WHERE ${paymentWhere} AND ${when} AND p.status = 'pending' AND p.authorized_at IS NULL
      RETURNING p.id, p.store_id, p.order_id, p.amount, p.currency, p.status AS from_status, p.status AS to_status),
    ${recordPaymentChanges(origin, 'authorize', 'payment.authorized')}`;
}

/**
 * CTEs that count `refund` (a CTE with `id, payment_id, amount`) against
 * its payment: `refunded_amount` rises (its CHECK refuses more than the
 * payment, however many refunds run at once), the status becomes
 * `partially_refunded` or `refunded`, a full refund settles `needs_refund`,
 * with audit and a `payment.refunded` event.
 */
export function refundCtes(origin: ChangeOrigin): SQL {
  return sql`changed AS (
      UPDATE payments p
      SET refunded_amount = p.refunded_amount + r.amount,
        status = CASE WHEN p.refunded_amount + r.amount = p.amount THEN 'refunded' ELSE 'partially_refunded' END::payment_status,
        needs_refund = p.needs_refund AND p.refunded_amount + r.amount < p.amount,
        updated_at = now()
      FROM refund r, payments before
      WHERE p.id = r.payment_id AND before.id = p.id
      RETURNING p.id, p.store_id, p.order_id, r.amount, p.currency, before.status AS from_status, p.status AS to_status),
    ${recordPaymentChanges(origin, 'refund', 'payment.refunded')}`;
}
