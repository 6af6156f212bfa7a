import { sql, type SQL } from 'drizzle-orm';
import { actorColumns, type ChangeOrigin } from '../payments/payment-changes';

/**
 * The order lifecycle (DESIGN.md 3, seeds 000 and 003):
 * `pending_payment -> paid -> preparing -> shipped -> delivered`, and
 * `cancelled` from pending_payment, paid or preparing. Nothing else.
 */
export const ORDER_STATUSES = ['pending_payment', 'paid', 'preparing', 'shipped', 'delivered', 'cancelled'] as const;
export type OrderStatus = (typeof ORDER_STATUSES)[number];

export const NEXT_STATUSES: Record<OrderStatus, readonly OrderStatus[]> = {
  pending_payment: ['paid', 'cancelled'],
  paid: ['preparing', 'cancelled'],
  preparing: ['shipped', 'cancelled'],
  shipped: ['delivered'],
  delivered: [],
  cancelled: [],
};

/** The statuses an order may be in to move to `to`. */
export function statusesBefore(to: OrderStatus): OrderStatus[] {
  return ORDER_STATUSES.filter((from) => NEXT_STATUSES[from].includes(to));
}

/** The moves open to an order of status `status` (an SQL expression), as a JSON array. */
export function allowedMovesJson(status: SQL): SQL {
  const cases = ORDER_STATUSES.map((from) => sql`WHEN ${from} THEN ${JSON.stringify(NEXT_STATUSES[from])}::json`);
  return sql`(CASE ${status}::text ${sql.join(cases, sql` `)} END)`;
}

/**
 * Stops the batch unless the store has the order and it may move to `to`:
 * a 404, or a 409 `invalid_transition` naming the moves open to it. Runs
 * after the order is locked, so it judges the status no one else can change
 * before this batch commits; of two concurrent moves the second sees the
 * first's result. With `expected` (the status the caller saw), an order that
 * has moved since is a 409 `conflict`, so that of two moves decided on the
 * same status only one happens, even when both would be allowed in turn.
 */
export function requireTransition(
  storeId: string,
  orderId: string,
  to: OrderStatus,
  missing: string,
  expected?: OrderStatus,
): SQL {
  const open = ORDER_STATUSES.map((from) => {
    const moves = NEXT_STATUSES[from];
    const words = moves.length === 0 ? 'none: it is final' : moves.join(' or ');
    return sql`WHEN ${from} THEN ${words}`;
  });
  return sql`SELECT CASE
      WHEN o.id IS NULL THEN api_error('not_found', ${missing})
      WHEN o.status::text <> coalesce(${expected ?? null}::text, o.status::text)
        THEN api_error('conflict', 'The order is ' || o.status || ' now, not ' || ${expected ?? null}::text || '; nothing changed.', 'expectedStatus')
      WHEN o.status::text NOT IN (${sql.join(
        statusesBefore(to).map((from) => sql`${from}`),
        sql`, `,
      )})
        THEN api_error('invalid_transition', 'An order that is ' || o.status || ' cannot move to ' || ${to}::text
          || '. Allowed: ' || (CASE o.status::text ${sql.join(open, sql` `)} END) || '.', 'status')
      ELSE true END
    FROM (SELECT 1) one LEFT JOIN orders o ON o.id = ${orderId} AND o.store_id = ${storeId}`;
}

/** The timestamp column a status sets. */
const STATUS_TIMESTAMP: Partial<Record<OrderStatus, string>> = {
  preparing: 'preparing_at',
  shipped: 'shipped_at',
  delivered: 'delivered_at',
};

/**
 * One step forward, `from -> to` (paid to preparing, preparing to shipped,
 * shipped to delivered), for the order `orderId` when it is in `from`: its
 * timestamp, the history row and an `order.<to>` event. Delivering also
 * settles the order's shipments still under way. `when`, if given, must
 * hold too. Answers `moved`, 0 or 1.
 */
export function advanceOrder(
  orderId: string | SQL,
  from: OrderStatus,
  to: OrderStatus,
  reason: string | null,
  origin: ChangeOrigin,
  when: SQL = sql`true`,
): SQL {
  const stamp = sql.identifier(STATUS_TIMESTAMP[to]!);
  const deliverShipments =
    to === 'delivered'
      ? sql`, settled AS (UPDATE shipments SET status = 'delivered', delivered_at = now(), updated_at = now()
          WHERE order_id IN (SELECT id FROM moved) AND status <> 'delivered')`
      : sql``;
  return sql`WITH moved AS (
      UPDATE orders o SET status = ${to}, ${stamp} = now(), updated_at = now()
      WHERE o.id = ${orderId} AND o.status = ${from} AND ${when} RETURNING o.id, o.store_id, o.number),
    history AS (
      INSERT INTO order_status_history (id, store_id, order_id, from_status, to_status, reason, actor_type, actor_id)
      SELECT uuid_v7(), store_id, id, ${from}, ${to}, ${reason}, ${actorColumns(origin)} FROM moved),
    outbox AS (
      INSERT INTO events (id, store_id, type, aggregate_type, aggregate_id, payload)
      SELECT uuid_v7(), store_id, ${`order.${to}`}, 'order', id,
        jsonb_build_object('orderId', id, 'number', number, 'from', ${from}::text, 'to', ${to}::text, 'reason', ${reason}::text) FROM moved)
    ${deliverShipments}
    SELECT count(*)::int AS moved FROM moved`;
}
