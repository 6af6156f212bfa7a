import { sql, type SQL } from 'drizzle-orm';

/** Who cancels: the scheduled job, or a member or API key (an actor row's type and id). */
export interface ActorColumns {
  type: 'user' | 'api_key' | 'customer' | 'system';
  id: string | null;
}

/** What becomes of the order's pending payment, and how that change is recorded. */
export interface PaymentOutcome {
  status: 'expired' | 'rejected' | 'cancelled';
  /** `payment_audit_log.action`. */
  action: string;
  source: 'system' | 'api';
  /** The outbox event for the payment's change. */
  event: string;
  /** Kept on the payment as its failure reason. */
  failureReason?: string;
}

/**
 * One statement that cancels unpaid orders, each exactly once, and for each:
 * releases its reservations and lowers the variants' `reserved` (variants
 * locked in id order, as checkout locks them), writes a `release` movement
 * per reservation, the `pending_payment -> cancelled` history row, moves the
 * pending payment to `payment.status` (with its audit row), and adds
 * `inventory.released`, `order.cancelled` and the payment's events.
 *
 * `picked` is a query of the order ids, locked (`FOR UPDATE`) by it or by
 * an earlier statement of the batch; only those still `pending_payment` are
 * cancelled. The statement answers `cancelled`, how many it cancelled, and
 * `stripe_intents`: the PaymentIntents of the card payments it ended, with
 * their store's sealed key, for `cancelPaymentIntents` to cancel at Stripe.
 *
 * When one variant is released by several orders, their movements are laid
 * out one after another, so each row's before/after chain ends at the
 * variant's new `reserved`.
 */
export function cancelUnpaidOrders(picked: SQL, reason: string, actor: ActorColumns, payment: PaymentOutcome): SQL {
  const actorColumns = sql`${actor.type}::actor_type, ${actor.id}::uuid`;
  return sql`
    WITH picked AS (${picked}),
    cancelled AS (
      UPDATE orders o SET status = 'cancelled', cancelled_at = now(), cancel_reason = ${reason}, updated_at = now()
      FROM picked WHERE o.id = picked.id AND o.status = 'pending_payment' RETURNING o.id, o.store_id, o.number),
    released AS (
      UPDATE inventory_reservations r SET status = 'released', released_at = now(), updated_at = now()
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
        reserved_before, reserved_after, reference_type, reference_id, reason, actor_type, actor_id)
      SELECT uuid_v7(), store_id, variant_id, 'release', -quantity, on_hand, on_hand, reserved_before, reserved_before - quantity,
        'order', order_id, ${reason}, ${actorColumns}
      FROM sequenced),
    history AS (
      INSERT INTO order_status_history (id, store_id, order_id, from_status, to_status, reason, actor_type, actor_id)
      SELECT uuid_v7(), store_id, id, 'pending_payment', 'cancelled', ${reason}, ${actorColumns} FROM cancelled),
    ended_payments AS (
      UPDATE payments p SET status = ${payment.status}, failure_reason = coalesce(${payment.failureReason ?? null}, p.failure_reason), updated_at = now()
      FROM cancelled c WHERE p.order_id = c.id AND p.status = 'pending'
      RETURNING p.id, p.store_id, p.order_id, p.amount, p.currency, p.provider, p.provider_reference),
    payment_audit AS (
      INSERT INTO payment_audit_log (id, store_id, payment_id, action, from_status, to_status, source, actor_type, actor_id, details)
      SELECT uuid_v7(), store_id, id, ${payment.action}, 'pending', ${payment.status}, ${payment.source}, ${actorColumns},
        jsonb_strip_nulls(jsonb_build_object('reason', ${reason}::text, 'failureReason', ${payment.failureReason ?? null}::text))
      FROM ended_payments),
    outbox AS (
      INSERT INTO events (id, store_id, type, aggregate_type, aggregate_id, payload)
      SELECT uuid_v7(), c.store_id, e.type, 'order', c.id, e.payload
      FROM cancelled c CROSS JOIN LATERAL (VALUES
        ('inventory.released', jsonb_build_object('orderId', c.id, 'reason', ${reason}::text, 'items',
          coalesce((SELECT jsonb_agg(jsonb_build_object('variantId', r.variant_id, 'quantity', r.quantity)) FROM released r WHERE r.order_id = c.id), '[]'))),
        ('order.cancelled', jsonb_build_object('orderId', c.id, 'number', c.number, 'reason', ${reason}::text))
      ) AS e (type, payload)
      UNION ALL
      SELECT uuid_v7(), p.store_id, ${payment.event}, 'payment', p.id,
        jsonb_build_object('paymentId', p.id, 'orderId', p.order_id, 'status', ${payment.status}::text, 'amount', p.amount, 'currency', p.currency,
          'reason', ${reason}::text)
      FROM ended_payments p)
    SELECT (SELECT count(*) FROM cancelled) AS cancelled,
      (SELECT json_agg(json_build_object('storeId', e.store_id, 'intentId', e.provider_reference, 'secretKeySealed', a.secret_key_sealed))
        FROM ended_payments e JOIN stripe_accounts a ON a.store_id = e.store_id
        WHERE e.provider = 'stripe' AND e.provider_reference IS NOT NULL)::text AS stripe_intents`;
}
