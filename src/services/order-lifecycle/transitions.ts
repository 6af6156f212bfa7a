import { type SQL, sql } from 'drizzle-orm';
import { ORDER_STATUSES } from '../../lib/enums';

/**
 * The order lifecycle (DESIGN.md 3, seeds 000 and 003):
 * `pending_payment -> paid -> preparing -> shipped -> delivered`, and
 * `cancelled` from pending_payment, paid or preparing. Nothing else.
 */

export type OrderStatus = (typeof ORDER_STATUSES)[number];

export const NEXT_STATUSES: Record<OrderStatus, readonly OrderStatus[]> = {
  pending_payment: ['paid', 'cancelled'],
  paid: ['preparing', 'cancelled'],
  preparing: ['shipped', 'cancelled'],
  shipped: ['delivered'],
  delivered: [],
  cancelled: [],
};

/** The 404 detail of an order the store does not have. */
export const NO_ORDER = 'This store has no order with that id.';

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
 * Locks order `orderId` of the store: the first lock of every change to an
 * order (then its customer, then variants in id order).
 */
export function lockOrder(storeId: string, orderId: string): SQL {
  return sql`SELECT id
    FROM orders
    WHERE id = ${orderId} AND store_id = ${storeId}
    FOR UPDATE`;
}

/**
 * Locks the order of the payment(s) `paymentWhere` picks (a condition over
 * payments alias `p`): the first lock of every change to a payment, as of
 * every change to an order.
 */
export function lockOrderOf(paymentWhere: SQL): SQL {
  return sql`SELECT o.id
    FROM orders o
    WHERE o.id IN (SELECT p.order_id FROM payments p WHERE ${paymentWhere})
    ORDER BY o.id
    FOR UPDATE`;
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
export function requireTransition(storeId: string, orderId: string, to: OrderStatus, expected?: OrderStatus): SQL {
  const open = ORDER_STATUSES.map((from) => {
    const moves = NEXT_STATUSES[from];
    const words = moves.length === 0 ? 'none: it is final' : moves.join(' or ');
    return sql`WHEN ${from} THEN ${words}`;
  });
  const before = sql.join(
    statusesBefore(to).map((from) => sql`${from}`),
    sql`, `,
  );
  return sql`SELECT CASE
      WHEN o.id IS NULL THEN api_error('not_found', ${NO_ORDER})
      WHEN o.status::text <> coalesce(${expected ?? null}::text, o.status::text)
        THEN api_error('conflict', 'The order is ' || o.status || ' now, not ' || ${expected ?? null}::text || '; nothing changed.', 'expectedStatus')
      WHEN o.status::text NOT IN (${before})
        THEN api_error('invalid_transition', 'An order that is ' || o.status || ' cannot move to ' || ${to}::text
          || '. Allowed: ' || (CASE o.status::text ${sql.join(open, sql` `)} END) || '.', 'status')
      ELSE true END
    FROM (SELECT 1) one
    LEFT JOIN orders o ON o.id = ${orderId} AND o.store_id = ${storeId}`;
}
