import { sql } from 'drizzle-orm';
import type { Database } from '../../db/client';

/** Why the job cancels an order, in its history and on the order. */
export const RESERVATION_EXPIRED = 'reservation_expired';

/**
 * Cancels up to `limit` unpaid orders whose reservation time has passed,
 * oldest first, in one statement (one transaction), and for each: releases
 * its reservations and lowers the variants' `reserved` (variants locked in
 * id order, as checkout locks them), writes a `release` movement per
 * reservation, the `pending_payment -> cancelled` history row, expires the
 * pending payment (with its audit row), and adds `inventory.released` and
 * `order.cancelled` events.
 *
 * Exactly once: only `pending_payment` orders are picked and only
 * `reserved` reservations released, and SKIP LOCKED makes a concurrent run
 * (or a payment confirmation holding the order) pass over an order rather
 * than wait and do it twice. Answers how many orders it cancelled.
 *
 * When one variant is released by several orders in the batch, their
 * movements are laid out one after another, so each row's before/after
 * chain ends at the variant's new `reserved`.
 */
export async function expireReservations(db: Database, now: Date, limit: number): Promise<number> {
  const { rows } = await db.execute<{ cancelled: string }>(sql`
    WITH picked AS (
      SELECT id FROM orders WHERE status = 'pending_payment' AND reservation_expires_at <= ${now}
      ORDER BY reservation_expires_at LIMIT ${limit} FOR UPDATE SKIP LOCKED),
    cancelled AS (
      UPDATE orders o SET status = 'cancelled', cancelled_at = ${now}, cancel_reason = ${RESERVATION_EXPIRED}, updated_at = ${now}
      FROM picked WHERE o.id = picked.id RETURNING o.id, o.store_id, o.number),
    released AS (
      UPDATE inventory_reservations r SET status = 'released', released_at = ${now}, updated_at = ${now}
      FROM cancelled c WHERE r.order_id = c.id AND r.status = 'reserved'
      RETURNING r.store_id, r.order_id, r.variant_id, r.quantity),
    per_variant AS (SELECT variant_id, sum(quantity)::int AS quantity FROM released GROUP BY variant_id),
    locked AS (SELECT v.id FROM variants v WHERE v.id IN (SELECT variant_id FROM per_variant) ORDER BY v.id FOR NO KEY UPDATE),
    lowered AS (
      UPDATE variants v SET reserved = v.reserved - pv.quantity
      FROM per_variant pv WHERE v.id = pv.variant_id AND v.id IN (SELECT id FROM locked)
      RETURNING v.id, v.on_hand, v.reserved),
    sequenced AS (
      SELECT r.*, l.on_hand, l.reserved + sum(r.quantity) OVER (PARTITION BY r.variant_id ORDER BY r.order_id
        ROWS BETWEEN CURRENT ROW AND UNBOUNDED FOLLOWING) AS reserved_before
      FROM released r JOIN lowered l ON l.id = r.variant_id),
    movements AS (
      INSERT INTO inventory_movements (id, store_id, variant_id, type, reserved_delta, on_hand_before, on_hand_after,
        reserved_before, reserved_after, reference_type, reference_id, reason, actor_type)
      SELECT uuid_v7(), store_id, variant_id, 'release', -quantity, on_hand, on_hand, reserved_before, reserved_before - quantity,
        'order', order_id, ${RESERVATION_EXPIRED}, 'system'
      FROM sequenced),
    history AS (
      INSERT INTO order_status_history (id, store_id, order_id, from_status, to_status, reason, actor_type)
      SELECT uuid_v7(), store_id, id, 'pending_payment', 'cancelled', ${RESERVATION_EXPIRED}, 'system' FROM cancelled),
    expired_payments AS (
      UPDATE payments p SET status = 'expired', updated_at = ${now}
      FROM cancelled c WHERE p.order_id = c.id AND p.status = 'pending'
      RETURNING p.id, p.store_id),
    payment_audit AS (
      INSERT INTO payment_audit_log (id, store_id, payment_id, action, from_status, to_status, source, actor_type, details)
      SELECT uuid_v7(), store_id, id, 'expire', 'pending', 'expired', 'system', 'system', jsonb_build_object('reason', ${RESERVATION_EXPIRED}::text)
      FROM expired_payments),
    outbox AS (
      INSERT INTO events (id, store_id, type, aggregate_type, aggregate_id, payload)
      SELECT uuid_v7(), c.store_id, e.type, 'order', c.id, e.payload
      FROM cancelled c CROSS JOIN LATERAL (VALUES
        ('inventory.released', jsonb_build_object('orderId', c.id, 'reason', ${RESERVATION_EXPIRED}::text, 'items',
          coalesce((SELECT jsonb_agg(jsonb_build_object('variantId', r.variant_id, 'quantity', r.quantity)) FROM released r WHERE r.order_id = c.id), '[]'))),
        ('order.cancelled', jsonb_build_object('orderId', c.id, 'number', c.number, 'reason', ${RESERVATION_EXPIRED}::text))
      ) AS e (type, payload))
    SELECT count(*) AS cancelled FROM cancelled`);
  return Number(rows[0]?.cancelled ?? 0);
}
