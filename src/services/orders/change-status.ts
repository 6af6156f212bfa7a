import { type SQL, sql } from 'drizzle-orm';
import type { Database } from '../../db/client';
import { runBatch } from '../../db/sql/batch';
import { viewText } from '../../db/sql/views';
import { type AuditContext, auditFromCte } from '../audit';
import { advanceOrder } from '../order-lifecycle/advance';
import { cancelPaidOrder } from '../order-lifecycle/cancel-paid';
import { cancelUnpaidOrders } from '../order-lifecycle/cancel-unpaid';
import { lockCustomersOf, refreshCustomerStats } from '../order-lifecycle/customer-figures';
import { apiOrigin } from '../order-lifecycle/origin';
import { markOrderPaid } from '../order-lifecycle/pay';
import {
  lockOrder,
  NO_ORDER,
  type OrderStatus,
  requireTransition,
  statusesBefore,
} from '../order-lifecycle/transitions';
import { cancelAbandonedIntents } from '../payments/abandoned-intents';
import type { StripeSettings } from '../payments/stripe-api';
import { adminOrderStatement } from './admin-order-view';

export interface StatusChange {
  status: Exclude<OrderStatus, 'pending_payment'>;
  /** Required to cancel; kept in the history row otherwise. */
  reason?: string;
  /** The status the caller saw: if the order has moved since, nothing changes (409 `conflict`). */
  expectedStatus?: OrderStatus;
}

/**
 * The `order.status_changed` audit row of the move: written once the guard
 * has allowed it (so the move happens in this batch, or the batch fails),
 * and before the move, while the order still holds the status it leaves.
 */
function auditMove(context: AuditContext, orderId: string, change: StatusChange): SQL {
  return auditFromCte(
    context,
    'order.status_changed',
    'order',
    sql`(SELECT o.id AS entity_id, jsonb_build_object('status', o.status) AS before,
      jsonb_strip_nulls(jsonb_build_object('status', ${change.status}::text, 'reason', ${change.reason ?? null}::text)) AS after
      FROM orders o
      WHERE o.id = ${orderId} AND o.store_id = ${context.storeId}) moving`,
  );
}

/**
 * Moves an order along its lifecycle (order-lifecycle/transitions.ts), in
 * one batch, one round trip: the order locked, then its customer; the move
 * checked against the status as locked (a 409 `invalid_transition` naming
 * the moves open); its audit row; its effects; the customer's figures; the
 * order as staff see it.
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
) {
  const { storeId } = context;
  const reason = change.reason ?? null;
  const origin = apiOrigin(context, reason ? { reason } : {});
  const order = sql`SELECT id FROM orders WHERE id = ${orderId} AND store_id = ${storeId}`;
  const guards = {
    lockOrder: lockOrder(storeId, orderId),
    lockCustomer: lockCustomersOf(order),
    requireTransition: requireTransition(storeId, orderId, change.status, change.expectedStatus),
    audit: auditMove(context, orderId, change),
  };
  const after = {
    customerStats: refreshCustomerStats(order),
    view: adminOrderStatement(storeId, orderId),
  };

  if (change.status === 'cancelled') {
    // Whichever the order is, unpaid or paid, one of the two acts and the other finds nothing to do.
    const { cancelledUnpaid, view } = await runBatch(db, {
      ...guards,
      cancelledUnpaid: cancelUnpaidOrders(order, reason ?? '', origin.actor, {
        status: 'cancelled',
        action: 'cancel',
        source: 'api',
        event: 'payment.cancelled',
      }),
      cancelledPaid: cancelPaidOrder(orderId, reason ?? '', origin),
      ...after,
    });
    await cancelAbandonedIntents(stripe, cancelledUnpaid[0]?.stripe_intents);
    return viewText(view, NO_ORDER);
  }

  const move =
    change.status === 'paid'
      ? markOrderPaid(storeId, orderId, origin, reason)
      : advanceOrder(orderId, statusesBefore(change.status)[0]!, change.status, reason, origin);
  const { view } = await runBatch(db, { ...guards, move, ...after });
  return viewText(view, NO_ORDER);
}
