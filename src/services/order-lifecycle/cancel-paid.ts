import { type SQL, sql } from 'drizzle-orm';
import { lockAndChangeStock } from '../../db/sql/stock';
import { insertEvents, insertMovements, insertStatusHistory } from '../../db/sql/ledgers';
import { type ChangeOrigin, withDetails } from './origin';
import { recordPaymentChanges } from './payment-records';

/**
 * Units of each variant that order `orderId` sold (committed) and that have
 * not come back yet, as rows `(variant_id, returnable)`: what a cancellation
 * or a refund's restock may still return.
 */
export function returnable(orderId: string): SQL {
  return sql`SELECT r.variant_id,
      sum(r.quantity)::int - coalesce((SELECT sum(m.on_hand_delta)::int FROM inventory_movements m
        WHERE m.reference_id = ${orderId} AND m.type = 'return' AND m.variant_id = r.variant_id), 0) AS returnable
    FROM inventory_reservations r
    WHERE r.order_id = ${orderId} AND r.status = 'committed'
    GROUP BY r.variant_id`;
}

/**
 * A `return` movement for each variant of `raised` (lockAndChangeStock's
 * changed rows, on_hand already raised by `quantity`): units of order
 * `orderId` back in stock, for a cancellation or a refund's restock.
 */
export function returnMovements(orderId: string, reason: string, origin: ChangeOrigin): SQL {
  return insertMovements(
    {
      storeId: sql`store_id`,
      variantId: sql`id`,
      type: 'return',
      onHandDelta: sql`quantity`,
      onHandBefore: sql`on_hand - quantity`,
      onHandAfter: sql`on_hand`,
      reservedBefore: sql`reserved`,
      reservedAfter: sql`reserved`,
      referenceType: 'order',
      referenceId: orderId,
      reason,
      actorType: origin.actor.type,
      actorId: origin.actor.id,
    },
    sql`raised`,
  );
}

/**
 * One statement that cancels order `orderId` when it is `paid` or
 * `preparing` (its stock already committed), under the order's lock:
 *
 * - every unit it sold and has not had back returns to stock, a `return`
 *   movement each (variants locked in id order);
 * - its confirmed payment, unless already refunded in full, is flagged
 *   `needs_refund` (audited, `payment.needs_refund`): staff then refund it,
 *   through Stripe for a card;
 * - the history row, and `order.cancelled` and `inventory.returned` events.
 *
 * An order in any other status is left alone (the transition guard has
 * already refused it).
 */
export function cancelPaidOrder(orderId: string, reason: string, origin: ChangeOrigin): SQL {
  const movements = returnMovements(orderId, 'order_cancelled', origin);
  const history = insertStatusHistory(
    {
      storeId: sql`store_id`,
      orderId: sql`id`,
      fromStatus: sql`from_status`,
      toStatus: 'cancelled',
      reason,
      actorType: origin.actor.type,
      actorId: origin.actor.id,
    },
    sql`cancelled`,
  );
  const events = insertEvents(
    {
      storeId: sql`c.store_id`,
      type: sql`e.type`,
      aggregateType: 'order',
      aggregateId: sql`c.id`,
      payload: sql`e.payload`,
    },
    sql`cancelled c
      CROSS JOIN LATERAL (VALUES
        ('order.cancelled', jsonb_build_object('orderId', c.id, 'number', c.number, 'reason', ${reason}::text, 'from', c.from_status)),
        ('inventory.returned', jsonb_build_object('orderId', c.id, 'reason', 'order_cancelled',
          'items', coalesce((SELECT jsonb_agg(jsonb_build_object('variantId', r.id, 'quantity', r.quantity)) FROM raised r), '[]')))
      ) AS e (type, payload)`,
  );
  return sql`WITH cancelled AS (
      UPDATE orders o
      SET status = 'cancelled', cancelled_at = now(), cancel_reason = ${reason}, updated_at = now()
      FROM orders before
      WHERE before.id = o.id AND o.id = ${orderId} AND o.status IN ('paid', 'preparing')
      RETURNING o.id, o.store_id, o.number, before.status AS from_status),
    lines AS (
      SELECT variant_id, returnable AS quantity
      FROM (${returnable(orderId)}) r
      WHERE returnable > 0 AND EXISTS (SELECT 1 FROM cancelled)),
    ${lockAndChangeStock({ lines: 'lines', changed: 'raised', set: sql`on_hand = v.on_hand + l.quantity` })},
    movements AS (${movements}),
    changed AS (
      UPDATE payments p
      SET needs_refund = true, updated_at = now()
      WHERE p.order_id IN (SELECT id FROM cancelled)
        AND p.status IN ('confirmed', 'partially_refunded')
        AND p.refunded_amount < p.amount
      RETURNING p.id, p.store_id, p.order_id, p.amount - p.refunded_amount AS amount, p.currency,
        p.status AS from_status, p.status AS to_status),
    ${recordPaymentChanges(withDetails(origin, { reason }), 'flag_for_refund', 'payment.needs_refund')},
    history AS (${history}),
    order_events AS (${events})
    SELECT count(*)::int AS cancelled FROM cancelled`;
}
