import { sql, type SQL } from 'drizzle-orm';
import { actorColumns, auditAndEvent, type ChangeOrigin } from '../payments/payment-changes';
import { returnable } from '../payments/refunds';

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
  const actor = actorColumns(origin);
  return sql`WITH cancelled AS (
      UPDATE orders o SET status = 'cancelled', cancelled_at = now(), cancel_reason = ${reason}, updated_at = now()
      FROM orders before WHERE before.id = o.id AND o.id = ${orderId} AND o.status IN ('paid', 'preparing')
      RETURNING o.id, o.store_id, o.number, before.status AS from_status),
    lines AS (SELECT variant_id, returnable AS quantity FROM (${returnable(orderId)}) r WHERE returnable > 0 AND EXISTS (SELECT 1 FROM cancelled)),
    locked AS (SELECT v.id FROM variants v WHERE v.id IN (SELECT variant_id FROM lines) ORDER BY v.id FOR NO KEY UPDATE),
    raised AS (UPDATE variants v SET on_hand = v.on_hand + l.quantity FROM lines l WHERE v.id = l.variant_id AND v.id IN (SELECT id FROM locked)
      RETURNING v.id, v.store_id, v.on_hand, v.reserved, l.quantity),
    movements AS (
      INSERT INTO inventory_movements (id, store_id, variant_id, type, on_hand_delta, on_hand_before, on_hand_after, reserved_before, reserved_after,
        reference_type, reference_id, reason, actor_type, actor_id)
      SELECT uuid_v7(), store_id, id, 'return', quantity, on_hand - quantity, on_hand, reserved, reserved, 'order', ${orderId}, 'order_cancelled', ${actor}
      FROM raised),
    changed AS (
      UPDATE payments p SET needs_refund = true, updated_at = now()
      WHERE p.order_id IN (SELECT id FROM cancelled) AND p.status IN ('confirmed', 'partially_refunded') AND p.refunded_amount < p.amount
      RETURNING p.id, p.store_id, p.order_id, p.amount - p.refunded_amount AS amount, p.currency, p.status AS from_status, p.status AS to_status),
    ${auditAndEvent({ ...origin, details: { ...origin.details, reason } }, 'flag_for_refund', sql`'payment.needs_refund'`)},
    history AS (
      INSERT INTO order_status_history (id, store_id, order_id, from_status, to_status, reason, actor_type, actor_id)
      SELECT uuid_v7(), store_id, id, from_status, 'cancelled', ${reason}, ${actor} FROM cancelled),
    order_events AS (
      INSERT INTO events (id, store_id, type, aggregate_type, aggregate_id, payload)
      SELECT uuid_v7(), c.store_id, e.type, 'order', c.id, e.payload
      FROM cancelled c CROSS JOIN LATERAL (VALUES
        ('order.cancelled', jsonb_build_object('orderId', c.id, 'number', c.number, 'reason', ${reason}::text, 'from', c.from_status)),
        ('inventory.returned', jsonb_build_object('orderId', c.id, 'reason', 'order_cancelled',
          'items', coalesce((SELECT jsonb_agg(jsonb_build_object('variantId', r.id, 'quantity', r.quantity)) FROM raised r), '[]')))
      ) AS e (type, payload))
    SELECT count(*)::int AS cancelled FROM cancelled`;
}
