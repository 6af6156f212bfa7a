import { sql, type SQL } from 'drizzle-orm';
import { insertEvents, insertMovements, insertPaymentAuditRows, insertStatusHistory } from '../../db/sql/ledgers';
import type { AuditContext } from '../audit';
import type { ActorColumns } from '../orders/cancel-unpaid-orders';

/**
 * SQL for the changes of a payment's state, shared by staff (confirm,
 * reject, refund) and Stripe's webhooks. Every change writes its
 * `payment_audit_log` row and outbox event in the same statement.
 *
 * One lock order for all of them: the payment's order row first (as the
 * reservation-expiry job locks it), then what the change touches, variants in
 * id order. A batch starts with `lockOrderOf`; each later statement takes a
 * new snapshot under READ COMMITTED, so it decides on the current state of
 * rows nobody else can change until the batch commits.
 */

/** Where a change comes from, and who made it. */
export interface ChangeOrigin {
  source: 'api' | 'webhook' | 'system';
  actor: ActorColumns;
  /** Kept in the audit row's details: the webhook event id, the reference staff saw, ... */
  details?: Record<string, unknown>;
}

/** A change an admin API caller makes: their actor, and the request id beside `details`. */
export function apiOrigin(context: AuditContext, details: Record<string, unknown>): ChangeOrigin {
  return {
    source: 'api',
    actor: { type: context.actor.type, id: context.actor.id },
    details: { ...details, requestId: context.requestId },
  };
}

/** The `actor_type, actor_id` values of a row the change writes. */
export const actorColumns = (origin: ChangeOrigin) => sql`${origin.actor.type}::actor_type, ${origin.actor.id}::uuid`;
const details = (origin: ChangeOrigin) => sql`${JSON.stringify(origin.details ?? {})}::jsonb`;

/** Locks the order of the payment(s) `paymentWhere` (alias `p`) picks. */
export function lockOrderOf(paymentWhere: SQL): SQL {
  return sql`SELECT o.id FROM orders o WHERE o.id IN (SELECT p.order_id FROM payments p WHERE ${paymentWhere}) ORDER BY o.id FOR UPDATE`;
}

/** A payment row's audit entry and outbox event, from a CTE `changed` with `id, store_id, order_id, amount, currency, from_status, to_status`. */
export function auditAndEvent(origin: ChangeOrigin, action: string, eventType: SQL | string): SQL {
  const audit = insertPaymentAuditRows(
    {
      storeId: sql`store_id`,
      paymentId: sql`id`,
      action,
      fromStatus: sql`from_status`,
      toStatus: sql`to_status`,
      source: origin.source,
      actorType: origin.actor.type,
      actorId: origin.actor.id,
      details: origin.details ?? {},
    },
    sql`changed`,
  );
  const event = insertEvents(
    {
      storeId: sql`store_id`,
      type: eventType,
      aggregateType: 'payment',
      aggregateId: sql`id`,
      payload: sql`jsonb_build_object('paymentId', id, 'orderId', order_id, 'status', to_status, 'amount', amount, 'currency', currency) || ${details(origin)}`,
    },
    sql`changed`,
  );
  return sql`audit AS (${audit}), outbox AS (${event})`;
}

/**
 * CTEs that confirm the pending payment(s) `paymentWhere` picks, when `when`
 * holds and its order is still `pending_payment`: the payment becomes
 * `confirmed` and its order is paid (see `payOrdersCtes`), with audit and a
 * `payment.succeeded` event. `changed` lists what it confirmed.
 */
export function confirmCtes(paymentWhere: SQL, when: SQL, origin: ChangeOrigin, referenceSeen?: string): SQL {
  return sql`changed AS (${confirmPayments(sql`${paymentWhere} AND ${when}`, origin, referenceSeen)}),
    ${payOrdersCtes(sql`SELECT order_id FROM changed`, origin, PAYMENT_CONFIRMED)},
    ${auditAndEvent(origin, 'confirm', sql`'payment.succeeded'`)}`;
}

/** The UPDATE that confirms the pending payments `paymentWhere` picks whose order awaits payment, returning the `changed` columns. */
export function confirmPayments(paymentWhere: SQL, origin: ChangeOrigin, referenceSeen?: string): SQL {
  return sql`UPDATE payments p SET status = 'confirmed', confirmed_at = now(), confirmed_by_type = ${origin.actor.type}::actor_type,
      confirmed_by_id = ${origin.actor.id}::uuid, reference_seen = coalesce(${referenceSeen ?? null}, p.reference_seen), updated_at = now()
    WHERE ${paymentWhere} AND p.status = 'pending'
      AND EXISTS (SELECT 1 FROM orders o WHERE o.id = p.order_id AND o.status = 'pending_payment')
    RETURNING p.id, p.store_id, p.order_id, p.amount, p.currency, 'pending'::payment_status AS from_status, p.status AS to_status`;
}

/** Why an order became paid when its payment was confirmed. */
export const PAYMENT_CONFIRMED = 'payment_confirmed';

/**
 * CTEs that pay the orders `orderIds` lists that are still
 * `pending_payment`: the order becomes `paid`, its reservations are committed
 * (on_hand and reserved both drop, a `commit` movement per variant, variants
 * locked in id order), with its history row and an `order.paid` event.
 */
export function payOrdersCtes(orderIds: SQL, origin: ChangeOrigin, reason: string): SQL {
  return sql`paid AS (
      UPDATE orders o SET status = 'paid', paid_at = now(), updated_at = now()
      WHERE o.id IN (${orderIds}) AND o.status = 'pending_payment' RETURNING o.id, o.store_id, o.number, o.total),
    committed AS (
      UPDATE inventory_reservations r SET status = 'committed', committed_at = now(), updated_at = now()
      FROM paid WHERE r.order_id = paid.id AND r.status = 'reserved'
      RETURNING r.store_id, r.order_id, r.variant_id, r.quantity),
    per_variant AS (SELECT store_id, order_id, variant_id, sum(quantity)::int AS quantity FROM committed GROUP BY store_id, order_id, variant_id),
    locked AS (SELECT v.id FROM variants v WHERE v.id IN (SELECT variant_id FROM per_variant) ORDER BY v.id FOR NO KEY UPDATE),
    lowered AS (
      UPDATE variants v SET on_hand = v.on_hand - pv.quantity, reserved = v.reserved - pv.quantity
      FROM per_variant pv WHERE v.id = pv.variant_id AND v.id IN (SELECT id FROM locked)
      RETURNING v.id, v.on_hand, v.reserved, pv.quantity, pv.store_id, pv.order_id),
    movements AS (${insertMovements(
      {
        storeId: sql`store_id`,
        variantId: sql`id`,
        type: 'commit',
        onHandDelta: sql`-quantity`,
        reservedDelta: sql`-quantity`,
        onHandBefore: sql`on_hand + quantity`,
        onHandAfter: sql`on_hand`,
        reservedBefore: sql`reserved + quantity`,
        reservedAfter: sql`reserved`,
        referenceType: 'order',
        referenceId: sql`order_id`,
        reason,
        actorType: origin.actor.type,
        actorId: origin.actor.id,
      },
      sql`lowered`,
    )}),
    history AS (${insertStatusHistory(
      {
        storeId: sql`store_id`,
        orderId: sql`id`,
        fromStatus: 'pending_payment',
        toStatus: 'paid',
        reason,
        actorType: origin.actor.type,
        actorId: origin.actor.id,
      },
      sql`paid`,
    )}),
    order_paid AS (${insertEvents(
      {
        storeId: sql`store_id`,
        type: 'order.paid',
        aggregateType: 'order',
        aggregateId: sql`id`,
        payload: sql`jsonb_build_object('orderId', id, 'number', number, 'total', total)`,
      },
      sql`paid`,
    )})`;
}

/**
 * CTEs that record a provider's success that cannot be applied (its order
 * was cancelled, or the amount differs): the money was taken, so the payment
 * becomes `confirmed` with `needs_refund` set, the order is left as it is,
 * and a `payment.needs_refund` event says why. Staff then refund it.
 */
export function flagForRefundCtes(paymentWhere: SQL, when: SQL, origin: ChangeOrigin): SQL {
  return sql`changed AS (
      UPDATE payments p SET status = 'confirmed', needs_refund = true, confirmed_at = now(), confirmed_by_type = 'system', updated_at = now()
      FROM payments before WHERE before.id = p.id AND ${paymentWhere} AND ${when}
        AND p.status IN ('pending', 'expired', 'cancelled', 'rejected')
      RETURNING p.id, p.store_id, p.order_id, p.amount, p.currency, before.status AS from_status, p.status AS to_status),
    ${auditAndEvent(origin, 'flag_for_refund', sql`'payment.needs_refund'`)}`;
}

/**
 * CTEs that record a failed attempt on a pending card payment. The payment
 * stays `pending`: the buyer may try again (another card) until the
 * reservation expires. Audited, with a `payment.failed` event.
 */
export function attemptFailedCtes(paymentWhere: SQL, when: SQL, origin: ChangeOrigin, reason: string): SQL {
  return sql`changed AS (
      UPDATE payments p SET failure_reason = ${reason}, updated_at = now()
      WHERE ${paymentWhere} AND ${when} AND p.status = 'pending'
      RETURNING p.id, p.store_id, p.order_id, p.amount, p.currency, p.status AS from_status, p.status AS to_status),
    ${auditAndEvent(origin, 'attempt_failed', sql`'payment.failed'`)}`;
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
      UPDATE payments p SET refunded_amount = p.refunded_amount + r.amount,
        status = CASE WHEN p.refunded_amount + r.amount = p.amount THEN 'refunded' ELSE 'partially_refunded' END::payment_status,
        needs_refund = p.needs_refund AND p.refunded_amount + r.amount < p.amount, updated_at = now()
      FROM refund r, payments before WHERE p.id = r.payment_id AND before.id = p.id
      RETURNING p.id, p.store_id, p.order_id, r.amount, p.currency, before.status AS from_status, p.status AS to_status),
    ${auditAndEvent(origin, 'refund', sql`'payment.refunded'`)}`;
}
