import { type SQL, sql } from 'drizzle-orm';
import { lockAndChangeStock } from '../../db/sql/stock';
import { insertEvents, insertMovements, insertStatusHistory } from '../../db/sql/ledgers';
import type { ChangeOrigin } from './origin';
import { recordPaymentChanges } from './payment-records';

/**
 * Paying an order: its pending payment confirmed, the order `paid`, its
 * reserved stock committed. Staff confirming a payment, staff marking an
 * order paid and Stripe's `payment_intent.succeeded` all do it with these.
 */

/** Why an order became paid when its payment was confirmed. */
export const PAYMENT_CONFIRMED = 'payment_confirmed';

/**
 * The UPDATE that confirms the pending payments `paymentWhere` picks (a
 * condition over payments alias `p`) whose order awaits payment, returning
 * the columns `recordPaymentChanges` reads from `changed`.
 */
export function confirmPayments(paymentWhere: SQL, origin: ChangeOrigin, referenceSeen?: string): SQL {
  return sql`UPDATE payments p
    SET status = 'confirmed',
      confirmed_at = now(),
      confirmed_by_type = ${origin.actor.type}::actor_type,
      confirmed_by_id = ${origin.actor.id}::uuid,
      reference_seen = coalesce(${referenceSeen ?? null}, p.reference_seen),
      updated_at = now()
    WHERE ${paymentWhere}
      AND p.status = 'pending'
      AND EXISTS (SELECT 1 FROM orders o WHERE o.id = p.order_id AND o.status = 'pending_payment')
    RETURNING p.id, p.store_id, p.order_id, p.amount, p.currency, 'pending'::payment_status AS from_status, p.status AS to_status`;
}

/**
 * CTEs that pay the orders `orderIds` lists that are still
 * `pending_payment`: the order becomes `paid`, its reservations are committed
 * (on_hand and reserved both drop, a `commit` movement per variant, variants
 * locked in id order), with its history row and an `order.paid` event.
 */
export function payOrdersCtes(orderIds: SQL, origin: ChangeOrigin, reason: string): SQL {
  const movements = insertMovements(
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
  );
  const history = insertStatusHistory(
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
  );
  const event = insertEvents(
    {
      storeId: sql`store_id`,
      type: 'order.paid',
      aggregateType: 'order',
      aggregateId: sql`id`,
      payload: sql`jsonb_build_object('orderId', id, 'number', number, 'total', total)`,
    },
    sql`paid`,
  );
  return sql`paid AS (
      UPDATE orders o
      SET status = 'paid', paid_at = now(), updated_at = now()
      WHERE o.id IN (${orderIds}) AND o.status = 'pending_payment'
      RETURNING o.id, o.store_id, o.number, o.total),
    committed AS (
      UPDATE inventory_reservations r
      SET status = 'committed', committed_at = now(), updated_at = now()
      FROM paid
      WHERE r.order_id = paid.id AND r.status = 'reserved'
      RETURNING r.store_id, r.order_id, r.variant_id, r.quantity),
    per_variant AS (
      SELECT store_id, order_id, variant_id, sum(quantity)::int AS quantity
      FROM committed
      GROUP BY store_id, order_id, variant_id),
    ${lockAndChangeStock({
      lines: 'per_variant',
      changed: 'lowered',
      set: sql`on_hand = v.on_hand - l.quantity, reserved = v.reserved - l.quantity`,
      carry: sql`l.order_id`,
    })},
    movements AS (${movements}),
    history AS (${history}),
    order_paid AS (${event})`;
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
    ${recordPaymentChanges(origin, 'confirm', 'payment.succeeded')}`;
}

/**
 * Staff mark unpaid order `orderId` paid: its pending payment (if it has
 * one; a free order has none) is confirmed as `payments/{id}/confirm` would,
 * and its stock committed. One statement; `reason` goes in the history.
 */
export function markOrderPaid(storeId: string, orderId: string, origin: ChangeOrigin, reason: string | null): SQL {
  const payment = sql`p.order_id = ${orderId} AND p.store_id = ${storeId}`;
  return sql`WITH changed AS (${confirmPayments(payment, origin)}),
    ${payOrdersCtes(sql`SELECT ${orderId}::uuid`, origin, reason ?? PAYMENT_CONFIRMED)},
    ${recordPaymentChanges(origin, 'confirm', 'payment.succeeded')}
    SELECT count(*) FROM paid`;
}
