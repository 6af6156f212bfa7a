import { type SQL, sql } from 'drizzle-orm';
import { insertEvents, insertStatusHistory } from '../../db/sql/ledgers';
import type { ChangeOrigin } from './origin';
import type { OrderStatus } from './transitions';

/** The timestamp column each forward step sets. */
const STATUS_TIMESTAMP = {
  preparing: 'preparing_at',
  shipped: 'shipped_at',
  delivered: 'delivered_at',
} as const;

/** The statuses an order moves to by `advanceOrder`; paying and cancelling have their own statements. */
export type ForwardStatus = keyof typeof STATUS_TIMESTAMP;

/**
 * One step forward, `from -> to` (paid to preparing, preparing to shipped,
 * shipped to delivered), for the order `orderId` when it is in `from`: its
 * timestamp, the history row and an `order.<to>` event. Delivering also
 * settles the order's shipments still under way. `when`, if given, must
 * hold too (a condition over orders alias `o`). Answers `moved`, 0 or 1.
 */
export function advanceOrder(
  orderId: string | SQL,
  from: OrderStatus,
  to: ForwardStatus,
  reason: string | null,
  origin: ChangeOrigin,
  when: SQL = sql`true`,
): SQL {
  const stamp = sql.identifier(STATUS_TIMESTAMP[to]);
  const history = insertStatusHistory(
    {
      storeId: sql`store_id`,
      orderId: sql`id`,
      fromStatus: from,
      toStatus: to,
      reason,
      actorType: origin.actor.type,
      actorId: origin.actor.id,
    },
    sql`moved`,
  );
  const event = insertEvents(
    {
      storeId: sql`store_id`,
      type: `order.${to}`,
      aggregateType: 'order',
      aggregateId: sql`id`,
      payload: sql`jsonb_build_object('orderId', id, 'number', number, 'from', ${from}::text, 'to', ${to}::text, 'reason', ${reason}::text)`,
    },
    sql`moved`,
  );
  const deliverShipments =
    to === 'delivered'
      ? sql`,
    settled AS (
      UPDATE shipments
      SET status = 'delivered', delivered_at = now(), updated_at = now()
      WHERE order_id IN (SELECT id FROM moved) AND status <> 'delivered')`
      : sql``;
  return sql`WITH moved AS (
      UPDATE orders o
      SET status = ${to}, ${stamp} = now(), updated_at = now()
      WHERE o.id = ${orderId} AND o.status = ${from} AND ${when}
      RETURNING o.id, o.store_id, o.number),
    history AS (${history}),
    outbox AS (${event})${deliverShipments}
    SELECT count(*)::int AS moved FROM moved`;
}
