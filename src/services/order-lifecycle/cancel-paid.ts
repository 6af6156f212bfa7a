import { type SQL, sql } from 'drizzle-orm';
import { lockAndChangeStock } from '../../db/sql/stock';
import { insertEvents, insertMovements, insertStatusHistory } from '../../db/sql/ledgers';
import { type Statement, statement } from '../../db/sql/statement';
import { type ChangeOrigin, withDetails } from './origin';
import { recordPaymentChanges } from './payment-records';

/**
 * Units of each variant that the orders `orderIds` lists (a query of ids)
 * sold (committed) and that have not come back yet, as rows `(order_id,
 * variant_id, returnable)`: what a cancellation or a refund's restock may
 * still return.
 */
function returnableOf(orderIds: SQL): SQL {
  return sql`SELECT r.order_id, r.variant_id,
      sum(r.quantity)::int - coalesce((SELECT sum(m.on_hand_delta)::int FROM inventory_movements m
        WHERE m.reference_id = r.order_id AND m.type = 'return' AND m.variant_id = r.variant_id), 0) AS returnable
    FROM inventory_reservations r
    WHERE r.order_id IN (${orderIds}) AND r.status = 'committed'
    GROUP BY r.order_id, r.variant_id`;
}

/** `returnableOf` for order `orderId` alone. */
export function returnable(orderId: string): SQL {
  return returnableOf(sql`SELECT ${orderId}::uuid`);
}

/**
 * A `return` movement per row of `source` (`store_id, variant_id, order_id,
 * quantity, on_hand_after, reserved`): units of an order back in stock.
 */
function insertReturnMovements(source: SQL, reason: string, origin: ChangeOrigin): SQL {
  return insertMovements(
    {
      storeId: sql`store_id`,
      variantId: sql`variant_id`,
      type: 'return',
      onHandDelta: sql`quantity`,
      onHandBefore: sql`on_hand_after - quantity`,
      onHandAfter: sql`on_hand_after`,
      reservedBefore: sql`reserved`,
      reservedAfter: sql`reserved`,
      referenceType: 'order',
      referenceId: sql`order_id`,
      reason,
      actorType: origin.actor.type,
      actorId: origin.actor.id,
    },
    source,
  );
}

/**
 * A `return` movement for each variant of `raised` (lockAndChangeStock's
 * changed rows, on_hand already raised by `quantity`): units of order
 * `orderId` back in stock, for a refund's restock.
 */
export function returnMovements(orderId: string, reason: string, origin: ChangeOrigin): SQL {
  return insertReturnMovements(
    sql`(SELECT store_id, id AS variant_id, ${orderId}::uuid AS order_id, quantity, on_hand AS on_hand_after, reserved
      FROM raised) returned`,
    reason,
    origin,
  );
}

/** What a cancellation of paid orders answers: orders cancelled, and payments flagged for refund. */
export type CancelledPaid = { cancelled: number; flagged: number };

/**
 * One statement that cancels the orders `picked` lists (a query of order
 * ids, locked by an earlier statement of the batch) that are `paid` or
 * `preparing` (their stock already committed), each once:
 *
 * - every unit it sold and has not had back returns to stock, a `return`
 *   movement per order and variant (variants locked in id order; when
 *   several orders return one variant, their movements are laid out one
 *   after another, so each row's before/after chain ends at the variant's
 *   new `on_hand`);
 * - its confirmed payment, unless already refunded in full, is flagged
 *   `needs_refund` (audited, `payment.needs_refund`): staff then refund it,
 *   through Stripe for a card;
 * - the history row, and `order.cancelled` and `inventory.returned` events.
 *
 * An order in any other status is left alone (a shipped one stays with its
 * buyer; for a single order the transition guard has already refused it).
 */
export function cancelPaidOrders(picked: SQL, reason: string, origin: ChangeOrigin): Statement<CancelledPaid> {
  const movements = insertReturnMovements(sql`sequenced`, 'order_cancelled', origin);
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
          'items', coalesce((SELECT jsonb_agg(jsonb_build_object('variantId', r.variant_id, 'quantity', r.quantity))
            FROM returned_lines r WHERE r.order_id = c.id), '[]')))
      ) AS e (type, payload)`,
  );
  return statement(sql`WITH picked AS MATERIALIZED (${picked}),
    cancelled AS (
      UPDATE orders o
      SET status = 'cancelled', cancelled_at = now(), cancel_reason = ${reason}, updated_at = now()
      FROM orders before, picked
      WHERE before.id = o.id AND o.id = picked.id AND o.status IN ('paid', 'preparing')
      RETURNING o.id, o.store_id, o.number, before.status AS from_status),
    returned_lines AS (
      SELECT order_id, variant_id, returnable AS quantity
      FROM (${returnableOf(sql`SELECT id FROM cancelled`)}) r
      WHERE returnable > 0),
    lines AS (
      SELECT variant_id, sum(quantity)::int AS quantity
      FROM returned_lines
      GROUP BY variant_id),
    ${lockAndChangeStock({ lines: 'lines', changed: 'raised', set: sql`on_hand = v.on_hand + l.quantity` })},
    sequenced AS (
      SELECT r.order_id, r.variant_id, r.quantity, l.store_id, l.reserved,
        l.on_hand + r.quantity - sum(r.quantity) OVER (PARTITION BY r.variant_id ORDER BY r.order_id
          ROWS BETWEEN CURRENT ROW AND UNBOUNDED FOLLOWING) AS on_hand_after
      FROM returned_lines r
      JOIN raised l ON l.id = r.variant_id),
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
    SELECT (SELECT count(*) FROM cancelled)::int AS cancelled, (SELECT count(*) FROM changed)::int AS flagged`);
}

/** `cancelPaidOrders` for order `orderId` alone (staff moving it to `cancelled`). */
export function cancelPaidOrder(orderId: string, reason: string, origin: ChangeOrigin): Statement<CancelledPaid> {
  return cancelPaidOrders(sql`SELECT ${orderId}::uuid AS id`, reason, origin);
}
