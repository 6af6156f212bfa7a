import { type SQL, sql } from 'drizzle-orm';
import { lockAndChangeStock } from '../../db/sql/stock';
import type { Database } from '../../db/client';
import { runBatch } from '../../db/sql/batch';
import { constraintViolation } from '../../db/sql/errors';
import { ApiError } from '../../lib/api-error';
import { uuidv7 } from '../../lib/ids';
import { type AuditContext, auditFromCte } from '../audit';
import { returnable, returnMovements } from '../order-lifecycle/cancel-paid';
import { lockCustomersOf, refreshCustomerStats } from '../order-lifecycle/customer-figures';
import { actorValues, apiOrigin, type ChangeOrigin, withDetails } from '../order-lifecycle/origin';
import { recordPaymentChanges } from '../order-lifecycle/payment-records';
import { lockOrderOf, NO_ORDER } from '../order-lifecycle/transitions';
import { refundCtes } from './payment-changes';
import { checkedLines, lineRefusals, linesAmount, type RefundLine, refundLines } from './refund-lines';
import { type RefundRow, refundStatement } from './refund-view';
import { openSecretKey } from './stripe-account';
import { createRefund, StripeError, type StripeSettings } from './stripe-api';

/**
 * Refunds of an order's confirmed payment, partial or full. The order is
 * locked, the amount checked against what is left, and the refund counted
 * against the payment in one batch, where `payments_refunded_amount_check`
 * (refunded_amount <= amount) is the database's own guarantee: however many
 * refunds run at once, they cannot together exceed the payment.
 *
 * A manual payment's refund (the money goes back by hand) is recorded at
 * once: one round trip. A card payment's refund is held first (counted,
 * `pending`), before any money moves; then Stripe refunds it (our refund id
 * as Idempotency-Key), and a second batch settles it: `succeeded` with
 * Stripe's id, or, if Stripe refused, `failed` and no longer counted.
 * Restocking returns the chosen units to stock with a `return` movement each.
 * A refund may name the lines it pays back (refund-lines.ts); without an
 * amount, it is what was paid for those units.
 */

export interface RefundInput {
  /** Minor units; when absent, what was paid for `items`. */
  amount?: number;
  items?: RefundLine[];
  reason?: string;
  restock?: RefundLine[];
}

/** The refund's amount: as given, else what was paid for its lines. */
function refundAmount(orderId: string, input: RefundInput): SQL {
  return input.amount === undefined ? linesAmount(orderId, input.items ?? []) : sql`${input.amount}::bigint`;
}

/** Whether payments alias `p` is a payment of order `orderId` that can be refunded. */
function refundablePayment(_payment: 'p', storeId: string, orderId: string): SQL {
  return sql`p.store_id = ${storeId} AND p.order_id = ${orderId} AND p.status IN ('confirmed', 'partially_refunded')`;
}

/** The restock lines of the request as a relation `w ("orderItemId", quantity, position)`. */
const restockLines = (input: RefundInput) => refundLines(input.restock ?? []);

/**
 * Stops the batch unless the order exists here, has a refundable payment,
 * each refunded line is the order's with units left to refund, the amount
 * fits, and each restock line can come back.
 */
function requireRefundable(storeId: string, orderId: string, input: RefundInput): SQL {
  const amount = refundAmount(orderId, input);
  const items = input.items ?? [];
  return sql`WITH o AS (SELECT id FROM orders WHERE id = ${orderId} AND store_id = ${storeId}),
    ${checkedLines(orderId, items)},
    p AS (
      SELECT p.*
      FROM payments p
      WHERE ${refundablePayment('p', storeId, orderId)}
      ORDER BY p.created_at DESC
      LIMIT 1),
    lines AS (
      SELECT w.position, w.quantity, i.id AS item_id, coalesce(ret.returnable, 0) AS returnable
      FROM ${restockLines(input)} w
      LEFT JOIN order_items i ON i.id = w."orderItemId" AND i.order_id = ${orderId}
      LEFT JOIN (${returnable(orderId)}) ret ON ret.variant_id = i.variant_id),
    bad AS (SELECT * FROM lines WHERE item_id IS NULL OR quantity > returnable ORDER BY position LIMIT 1)
    SELECT CASE
      WHEN NOT EXISTS (SELECT 1 FROM o) THEN api_error('not_found', ${NO_ORDER})
      WHEN NOT EXISTS (SELECT 1 FROM p) THEN api_error('payment_not_refundable', 'This order has no confirmed payment left to refund.')
      ${lineRefusals(orderId, items, input.amount !== undefined)}
      WHEN ${amount} > (SELECT amount - refunded_amount FROM p)
        THEN api_error('refund_exceeds_payment',
          'At most ' || (SELECT amount - refunded_amount FROM p) || ' can still be refunded on this payment.', 'amount')
      WHEN EXISTS (SELECT 1 FROM bad WHERE item_id IS NULL)
        THEN api_error('validation_failed', 'This order has no such line.', (SELECT 'restock.' || position || '.orderItemId' FROM bad))
      WHEN EXISTS (SELECT 1 FROM bad) THEN api_error('validation_failed',
        'At most ' || (SELECT returnable FROM bad) || ' units of this line were sold and not yet returned.',
        (SELECT 'restock.' || position || '.quantity' FROM bad))
      ELSE true END`;
}

/**
 * The refund, counted against its payment (see refundCtes): `succeeded` for
 * a manual payment, `pending` until Stripe refunds a card. Audited as
 * `refund.created`, with the lines refunded (which later refunds count:
 * refund-lines.ts) and the lines to restock as asked.
 */
function holdRefund(
  refundId: string,
  context: AuditContext,
  orderId: string,
  input: RefundInput,
  origin: ChangeOrigin,
): SQL {
  return sql`WITH refund AS (
      INSERT INTO refunds (id, store_id, payment_id, order_id, amount, currency, reason, status, restock, items,
        created_by_type, created_by_id)
      SELECT ${refundId}, p.store_id, p.id, p.order_id, ${refundAmount(orderId, input)}, p.currency, ${input.reason ?? null},
        CASE WHEN p.provider = 'manual' THEN 'succeeded' ELSE 'pending' END::refund_status,
        ${(input.restock ?? []).length > 0}, ${JSON.stringify(input.items ?? [])}::jsonb, ${actorValues(origin)}
      FROM payments p
      WHERE ${refundablePayment('p', context.storeId, orderId)}
      ORDER BY p.created_at DESC
      LIMIT 1
      RETURNING id, payment_id, order_id, amount, currency, reason, status),
    ${refundCtes(origin)},
    audited AS (${auditFromCte(
      context,
      'refund.created',
      'refund',
      sql`(SELECT id AS entity_id, NULL::jsonb AS before,
        jsonb_strip_nulls(jsonb_build_object('paymentId', payment_id, 'orderId', order_id, 'amount', amount,
          'currency', currency, 'reason', reason, 'status', status,
          'items', ${JSON.stringify(input.items ?? [])}::jsonb,
          'restock', ${JSON.stringify(input.restock ?? [])}::jsonb)) AS after
        FROM refund) made`,
    )})
    SELECT count(*) FROM changed`;
}

/**
 * The chosen units back in stock, a `return` movement each, never more than
 * the order sold and has not had back (computed here, under the order's
 * lock, so concurrent refunds cannot return a unit twice). Only once the
 * money went back: a manual payment's refund, or a card's that Stripe made.
 */
function restock(refundId: string, orderId: string, input: RefundInput, origin: ChangeOrigin): SQL {
  const movements = returnMovements(orderId, `refund ${refundId}`, origin);
  return sql`WITH lines AS (
      SELECT i.variant_id, least(sum(w.quantity)::int, max(ret.returnable)) AS quantity
      FROM ${restockLines(input)} w
      JOIN order_items i ON i.id = w."orderItemId" AND i.order_id = ${orderId}
      JOIN (${returnable(orderId)}) ret ON ret.variant_id = i.variant_id
      WHERE EXISTS (
        SELECT 1
        FROM refunds rf
        JOIN payments p ON p.id = rf.payment_id
        WHERE rf.id = ${refundId} AND (p.provider = 'manual' OR rf.provider_reference IS NOT NULL))
      GROUP BY i.variant_id
      HAVING least(sum(w.quantity)::int, max(ret.returnable)) > 0),
    ${lockAndChangeStock({ lines: 'lines', changed: 'raised', set: sql`on_hand = v.on_hand + l.quantity` })}
    ${movements}`;
}

/**
 * A card refund Stripe refused, or whose outcome is unknown: no longer
 * counted against the payment (whose status goes back), `failed`, audited
 * with a `payment.refund_failed` event and a `refund.failed` audit row.
 * Should Stripe have refunded after all, its `charge.refunded` webhook
 * records it.
 */
function releaseRefund(refundId: string, context: AuditContext, origin: ChangeOrigin, error: string): SQL {
  return sql`WITH failed AS (
      UPDATE refunds
      SET status = 'failed', updated_at = now()
      WHERE id = ${refundId} AND status = 'pending'
      RETURNING id, payment_id, amount),
    audited AS (${auditFromCte(
      context,
      'refund.failed',
      'refund',
      sql`(SELECT id AS entity_id, jsonb_build_object('status', 'pending') AS before,
        jsonb_build_object('status', 'failed', 'error', ${error}::text) AS after
        FROM failed) released`,
    )}),
    changed AS (
      UPDATE payments p
      SET refunded_amount = p.refunded_amount - f.amount,
        status = CASE WHEN p.refunded_amount - f.amount = 0 THEN 'confirmed' ELSE 'partially_refunded' END::payment_status,
        needs_refund = p.needs_refund OR EXISTS (SELECT 1 FROM orders o WHERE o.id = p.order_id AND o.status = 'cancelled'),
        updated_at = now()
      FROM failed f, payments before
      WHERE p.id = f.payment_id AND before.id = p.id
      RETURNING p.id, p.store_id, p.order_id, f.amount, p.currency, before.status AS from_status, p.status AS to_status),
    ${recordPaymentChanges(withDetails(origin, { error }), 'refund_failed', 'payment.refund_failed')}
    SELECT count(*) FROM changed`;
}

/** The refund a batch ended with; it made the refund, so it is there. */
function madeRefund(rows: RefundRow[]): RefundRow {
  const [row] = rows;
  if (!row) throw new Error('refunds: no refund after the batch that made it');
  return row;
}

/**
 * Refunds `input.amount` (or what was paid for `input.items`) of the order's confirmed payment, and answers the
 * refund. Manual payments: one round trip. Card payments: the hold, Stripe,
 * then the settlement (two round trips); Stripe's refusal is a 502 with its
 * reason, and nothing stays counted.
 */
export async function refundOrder(
  db: Database,
  stripe: StripeSettings,
  context: AuditContext,
  orderId: string,
  input: RefundInput,
) {
  const refundId = uuidv7();
  const origin = apiOrigin(context, { refundId });
  const order = sql`SELECT id FROM orders WHERE id = ${orderId} AND store_id = ${context.storeId}`;
  // The order, then its customer, whose figures follow the refund (order-lifecycle/customer-figures.ts).
  const locks = {
    lockOrder: lockOrderOf(sql`p.store_id = ${context.storeId} AND p.order_id = ${orderId}`),
    lockCustomer: lockCustomersOf(order),
  };
  const held = await runBatch(db, {
    ...locks,
    requireRefundable: requireRefundable(context.storeId, orderId, input),
    hold: holdRefund(refundId, context, orderId, input, origin),
    restock: restock(refundId, orderId, input, origin),
    customerStats: refreshCustomerStats(order),
    refund: refundStatement(refundId),
  }).catch((error: unknown) => {
    // The check above runs under the order's lock, so this is the database's last word, not the usual path.
    if (constraintViolation(error)?.constraint === 'payments_refunded_amount_check') {
      throw new ApiError('refund_exceeds_payment', 'The refunds would exceed the payment; nothing was refunded.', [
        { path: 'amount' },
      ]);
    }
    throw error;
  });
  const refund = madeRefund(held.refund);
  if (refund.provider !== 'stripe') return refund.json;

  let settle: SQL;
  let refusal: StripeError | undefined;
  try {
    const secretKey = await openSecretKey(stripe.sealingKey, context.storeId, refund.secret_key_sealed ?? '');
    const made = await createRefund(
      { baseUrl: stripe.stripeApiBase, secretKey },
      {
        id: refundId,
        paymentIntent: refund.provider_reference ?? '',
        amount: Number(refund.amount),
        reason: input.reason,
      },
    );
    const status = made.status === 'failed' ? 'failed' : made.status === 'succeeded' ? 'succeeded' : 'pending';
    settle = sql`UPDATE refunds
      SET status = ${status}, provider_reference = ${made.id}, updated_at = now()
      WHERE id = ${refundId}`;
  } catch (error) {
    if (!(error instanceof StripeError)) throw error;
    refusal = error;
    settle = releaseRefund(refundId, context, origin, error.stripeCode ?? error.message);
  }
  const settled = await runBatch(db, {
    ...locks,
    settle,
    restock: restock(refundId, orderId, input, origin),
    customerStats: refreshCustomerStats(order),
    refund: refundStatement(refundId),
  });
  if (refusal) throw refusal.toApiError(true);
  return madeRefund(settled.refund).json;
}
