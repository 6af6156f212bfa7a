import { type SQL, sql } from 'drizzle-orm';
import { lockAndChangeStock } from '../../db/sql/stock';
import { insertEvents, insertMovements, insertPaymentAuditRows, insertStatusHistory } from '../../db/sql/ledgers';
import { type Statement, statement } from '../../db/sql/statement';
import type { PAYMENT_STATUSES } from '../../lib/enums';
import type { ActorColumns, ChangeOrigin } from './origin';

/** Why the expiry job cancels an order, in its history and on the order. */
export const RESERVATION_EXPIRED = 'reservation_expired';

/** What becomes of the order's pending payment, and how that change is recorded. */
export interface PaymentOutcome {
  status: Extract<(typeof PAYMENT_STATUSES)[number], 'expired' | 'rejected' | 'cancelled'>;
  /** `payment_audit_log.action`. */
  action: string;
  source: ChangeOrigin['source'];
  /** The outbox event for the payment's change. */
  event: string;
  /** Kept on the payment as its failure reason. */
  failureReason?: string;
}

/** A card payment's PaymentIntent whose order was cancelled unpaid, with its store's sealed secret key. */
export interface AbandonedIntent {
  storeId: string;
  intentId: string;
  secretKeySealed: string;
}

/**
 * What the cancellation answers: how many orders it cancelled, and the
 * PaymentIntents of the card payments it ended (null: none), for the caller
 * to cancel at Stripe once the batch committed.
 */
export type CancelledUnpaid = { cancelled: number; stripe_intents: AbandonedIntent[] | null };

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
 * cancelled.
 *
 * When one variant is released by several orders, their movements are laid
 * out one after another, so each row's before/after chain ends at the
 * variant's new `reserved`.
 */
export function cancelUnpaidOrders(
  picked: SQL,
  reason: string,
  actor: ActorColumns,
  payment: PaymentOutcome,
): Statement<CancelledUnpaid> {
  const movements = insertMovements(
    {
      storeId: sql`store_id`,
      variantId: sql`variant_id`,
      type: 'release',
      reservedDelta: sql`-quantity`,
      onHandBefore: sql`on_hand`,
      onHandAfter: sql`on_hand`,
      reservedBefore: sql`reserved_before`,
      reservedAfter: sql`reserved_before - quantity`,
      referenceType: 'order',
      referenceId: sql`order_id`,
      reason,
      actorType: actor.type,
      actorId: actor.id,
    },
    sql`sequenced`,
  );
  const history = insertStatusHistory(
    {
      storeId: sql`store_id`,
      orderId: sql`id`,
      fromStatus: 'pending_payment',
      toStatus: 'cancelled',
      reason,
      actorType: actor.type,
      actorId: actor.id,
    },
    sql`cancelled`,
  );
  const paymentAudit = insertPaymentAuditRows(
    {
      storeId: sql`store_id`,
      paymentId: sql`id`,
      action: payment.action,
      fromStatus: 'pending',
      toStatus: payment.status,
      source: payment.source,
      actorType: actor.type,
      actorId: actor.id,
      details: sql`jsonb_strip_nulls(jsonb_build_object('reason', ${reason}::text, 'failureReason', ${payment.failureReason ?? null}::text))`,
    },
    sql`ended_payments`,
  );
  // One INSERT for the orders' and the payments' events, in this order, as they happened.
  const outbox = insertEvents(
    {
      storeId: sql`e.store_id`,
      type: sql`e.type`,
      aggregateType: sql`e.aggregate_type`,
      aggregateId: sql`e.aggregate_id`,
      payload: sql`e.payload`,
    },
    sql`(
      SELECT c.store_id, e.type, 'order'::text AS aggregate_type, c.id AS aggregate_id, e.payload
      FROM cancelled c
      CROSS JOIN LATERAL (VALUES
        ('inventory.released', jsonb_build_object('orderId', c.id, 'reason', ${reason}::text, 'items',
          coalesce((SELECT jsonb_agg(jsonb_build_object('variantId', r.variant_id, 'quantity', r.quantity))
            FROM released r WHERE r.order_id = c.id), '[]'))),
        ('order.cancelled', jsonb_build_object('orderId', c.id, 'number', c.number, 'reason', ${reason}::text))
      ) AS e (type, payload)
      UNION ALL
      SELECT p.store_id, ${payment.event}::text, 'payment', p.id,
        jsonb_build_object('paymentId', p.id, 'orderId', p.order_id, 'status', ${payment.status}::text,
          'amount', p.amount, 'currency', p.currency, 'reason', ${reason}::text)
      FROM ended_payments p
    ) e`,
  );
  return statement(sql`WITH picked AS MATERIALIZED (${picked}),
    cancelled AS (
      UPDATE orders o
      SET status = 'cancelled', cancelled_at = now(), cancel_reason = ${reason}, updated_at = now()
      FROM picked
      WHERE o.id = picked.id AND o.status = 'pending_payment'
      RETURNING o.id, o.store_id, o.number),
    released AS (
      UPDATE inventory_reservations r
      SET status = 'released', released_at = now(), updated_at = now()
      FROM cancelled c
      WHERE r.order_id = c.id AND r.status = 'reserved'
      RETURNING r.store_id, r.order_id, r.variant_id, r.quantity),
    per_variant AS (
      SELECT variant_id, sum(quantity)::int AS quantity
      FROM released
      GROUP BY variant_id),
    ${lockAndChangeStock({ lines: 'per_variant', changed: 'lowered', set: sql`reserved = v.reserved - l.quantity` })},
    sequenced AS (
      SELECT r.*, l.on_hand,
        l.reserved + sum(r.quantity) OVER (PARTITION BY r.variant_id ORDER BY r.order_id
          ROWS BETWEEN CURRENT ROW AND UNBOUNDED FOLLOWING) AS reserved_before
      FROM released r
      JOIN lowered l ON l.id = r.variant_id),
    movements AS (${movements}),
    history AS (${history}),
    ended_payments AS (
      UPDATE payments p
      SET status = ${payment.status},
        failure_reason = coalesce(${payment.failureReason ?? null}, p.failure_reason),
        updated_at = now()
      FROM cancelled c
      WHERE p.order_id = c.id AND p.status = 'pending'
      RETURNING p.id, p.store_id, p.order_id, p.amount, p.currency, p.provider, p.provider_reference),
    payment_audit AS (${paymentAudit}),
    outbox AS (${outbox})
    SELECT (SELECT count(*) FROM cancelled)::int AS cancelled,
      (SELECT json_agg(json_build_object('storeId', e.store_id, 'intentId', e.provider_reference, 'secretKeySealed', a.secret_key_sealed))
        FROM ended_payments e
        JOIN stripe_accounts a ON a.store_id = e.store_id
        WHERE e.provider = 'stripe' AND e.provider_reference IS NOT NULL) AS stripe_intents`);
}
