import { sql, type SQL } from 'drizzle-orm';
import type { Database } from '../../db/client';
import type { AuditContext } from '../audit';
import { lastView, runBatch } from '../catalog/admin-views';
import { lockCustomersOf, refreshCustomerStats } from '../customers/customer-stats';
import { abandonedIntents, cancelAbandonedIntents } from '../payments/abandoned-intents';
import {
  apiOrigin,
  auditAndEvent,
  confirmPayments,
  PAYMENT_CONFIRMED,
  payOrdersCtes,
  type ChangeOrigin,
} from '../payments/payment-changes';
import type { StripeSettings } from '../payments/stripe-api';
import { adminOrderView, NO_ORDER } from './admin-order-view';
import { cancelPaidOrder } from './cancel-paid-order';
import { cancelUnpaidOrders } from './cancel-unpaid-orders';
import { advanceOrder, requireTransition, statusesBefore, type OrderStatus } from './transitions';

export interface StatusChange {
  status: Exclude<OrderStatus, 'pending_payment'>;
  /** Required to cancel; kept in the history row otherwise. */
  reason?: string;
  /** The status the caller saw: if the order has moved since, nothing changes (409 `conflict`). */
  expectedStatus?: OrderStatus;
}

/** Locks order `orderId` of the store: the first lock of every change to an order. */
export function lockOrder(storeId: string, orderId: string): SQL {
  return sql`SELECT id FROM orders WHERE id = ${orderId} AND store_id = ${storeId} FOR UPDATE`;
}

/**
 * Staff mark an unpaid order paid: its pending payment (if it has one; a
 * free order has none) is confirmed as `payments/{id}/confirm` would, and its
 * stock committed.
 */
function markPaid(orderId: string, storeId: string, origin: ChangeOrigin, reason: string | null): SQL {
  return sql`WITH changed AS (${confirmPayments(sql`p.order_id = ${orderId} AND p.store_id = ${storeId}`, origin)}),
    ${payOrdersCtes(sql`SELECT ${orderId}::uuid`, origin, reason ?? PAYMENT_CONFIRMED)},
    ${auditAndEvent(origin, 'confirm', sql`'payment.succeeded'`)}
    SELECT count(*) FROM paid`;
}

/**
 * Cancels an unpaid order as staff: its reservations are released and its
 * pending payment cancelled (the expiry job's statement, cancel-unpaid-orders.ts).
 */
function cancelUnpaid(storeId: string, orderId: string, reason: string, origin: ChangeOrigin): SQL {
  const picked = sql`SELECT id FROM orders WHERE id = ${orderId} AND store_id = ${storeId}`;
  return cancelUnpaidOrders(picked, reason, origin.actor, {
    status: 'cancelled',
    action: 'cancel',
    source: 'api',
    event: 'payment.cancelled',
  });
}

/**
 * Moves an order along its lifecycle (transitions.ts), in one batch, one
 * round trip: the order locked, then its customer; the move checked against
 * the status as locked (a 409 `invalid_transition` naming the moves open);
 * its effects; the customer's figures; the order as staff see it.
 *
 * - `paid`: the pending payment confirmed, stock committed.
 * - `preparing`, `shipped`, `delivered`: the timestamp, history and event.
 * - `cancelled`: an unpaid order's stock released and payment cancelled; a
 *   paid or preparing one's stock returned and its payment flagged for
 *   refund. A card payment's PaymentIntent is then cancelled at Stripe.
 */
export async function changeOrderStatus(
  db: Database,
  stripe: StripeSettings,
  context: AuditContext,
  orderId: string,
  change: StatusChange,
): Promise<string> {
  const { storeId } = context;
  const reason = change.reason ?? null;
  const origin = apiOrigin(context, reason ? { reason } : {});
  const order = sql`SELECT id FROM orders WHERE id = ${orderId} AND store_id = ${storeId}`;
  const effects =
    change.status === 'paid'
      ? [markPaid(orderId, storeId, origin, reason)]
      : change.status === 'cancelled'
        ? [cancelUnpaid(storeId, orderId, reason ?? '', origin), cancelPaidOrder(orderId, reason ?? '', origin)]
        : [advanceOrder(orderId, statusesBefore(change.status)[0]!, change.status, reason, origin)];
  const guards = [
    lockOrder(storeId, orderId),
    lockCustomersOf(order),
    requireTransition(storeId, orderId, change.status, NO_ORDER, change.expectedStatus),
  ];
  const statements = [...guards, ...effects, refreshCustomerStats(order), adminOrderView(storeId, orderId)];
  const results = await runBatch(
    db,
    statements.map((statement) => db.execute(statement)),
  );
  if (change.status === 'cancelled') {
    // The first effect, cancelUnpaid, answers the PaymentIntents it ended.
    const unpaid = (results[guards.length] as { rows: { stripe_intents: string | null }[] }).rows[0];
    await cancelAbandonedIntents(stripe, abandonedIntents(unpaid?.stripe_intents ?? null));
  }
  return lastView(results, NO_ORDER);
}
