import { type SQL, sql } from 'drizzle-orm';

/**
 * Refunds by line: a refund may name the order lines it pays back
 * (`items: [{orderItemId, quantity}]`). Without an amount, it refunds what
 * was paid for those units (`linesAmount`): per line, `round_half_up(paid ×
 * quantity / line quantity)`, where a line's `paid` is its total less its
 * share of the discounts, plus its tax when the tax was added on top (an
 * order whose prices included the tax paid it inside the line total already).
 *
 * A refund keeps its lines (`refunds.items`); the units already refunded of
 * a line are summed from the order's refunds that did not fail. Every
 * check runs under the order's lock (refunds.ts), so two refunds at once
 * cannot both take the last unit of a line.
 */

export interface RefundLine {
  orderItemId: string;
  quantity: number;
}

/** The lines of a refund as a relation `w ("orderItemId", quantity, position)`. */
export function refundLines(lines: readonly RefundLine[]): SQL {
  const rows = lines.map((line, position) => ({ ...line, position }));
  return sql`(SELECT * FROM jsonb_to_recordset(${JSON.stringify(rows)}::jsonb)
    AS r ("orderItemId" uuid, quantity int, position int))`;
}

/** The units of each line of order `orderId` that its refunds (but failed ones) paid back: `(item_id, quantity)`. */
function refundedUnits(orderId: string): SQL {
  return sql`SELECT (e ->> 'orderItemId')::uuid AS item_id, sum((e ->> 'quantity')::int) AS quantity
    FROM refunds rf
    CROSS JOIN jsonb_array_elements(rf.items) e
    WHERE rf.order_id = ${orderId} AND rf.status <> 'failed'
    GROUP BY 1`;
}

/** What was paid for order_items alias `i` of orders alias `o`: its total less its discount, plus tax added on top. */
const paidForLine = sql`(i.line_total - i.discount + CASE WHEN o.tax_included = 0 THEN i.tax ELSE 0 END)`;

/**
 * The amount a refund of `lines` of order `orderId` pays back when no amount
 * is given (0 for no lines): per line, the share of what was paid for the
 * units refunded so far with these, less the share of those refunded
 * before, each rounded half up. The first refund of a line is
 * `round(paid × quantity / line quantity)`; the rounding of later ones
 * telescopes, so refunding every unit, in any steps, pays back exactly what
 * was paid for the line, never a minor unit more (which the payment might
 * not have left).
 */
export function linesAmount(orderId: string, lines: readonly RefundLine[]): SQL {
  const share = (units: SQL) => sql`round(${paidForLine}::numeric * ${units} / i.quantity)`;
  const before = sql`coalesce(done.quantity, 0)`;
  return sql`(SELECT coalesce(sum(${share(sql`(${before} + w.quantity)`)} - ${share(before)}), 0)::bigint
    FROM ${refundLines(lines)} w
    JOIN order_items i ON i.id = w."orderItemId" AND i.order_id = ${orderId}
    JOIN orders o ON o.id = i.order_id
    LEFT JOIN (${refundedUnits(orderId)}) done ON done.item_id = i.id)`;
}

/**
 * The CTE `checked_lines` (`position, quantity, item_id, left_to_refund`):
 * each line of the refund against order `orderId`, for `lineRefusals`.
 */
export function checkedLines(orderId: string, lines: readonly RefundLine[]): SQL {
  return sql`checked_lines AS (
      SELECT w.position, w.quantity, i.id AS item_id, i.quantity - coalesce(done.quantity, 0) AS left_to_refund
      FROM ${refundLines(lines)} w
      LEFT JOIN order_items i ON i.id = w."orderItemId" AND i.order_id = ${orderId}
      LEFT JOIN (${refundedUnits(orderId)}) done ON done.item_id = i.id)`;
}

/**
 * `CASE` branches (over `checked_lines`) that stop a refund of `lines` of
 * order `orderId`: a line the order does not have (422), more units than
 * are left to refund of a line (409), or, with the amount left to the
 * lines, lines that were paid nothing (422: nothing to refund; give an amount).
 */
export function lineRefusals(orderId: string, lines: readonly RefundLine[], amountGiven: boolean): SQL {
  if (lines.length === 0) return sql``;
  const first = (column: string, where: string) =>
    sql.raw(`(SELECT ${column} FROM checked_lines WHERE ${where} ORDER BY position LIMIT 1)`);
  const missing = first('position', 'item_id IS NULL');
  const over = (column: string) => first(column, 'quantity > left_to_refund');
  const nothingPaid = amountGiven
    ? sql``
    : sql`WHEN ${linesAmount(orderId, lines)} = 0 THEN api_error('validation_failed',
        'These lines were paid nothing, so there is nothing to refund for them; give an amount.', 'amount')`;
  return sql`WHEN ${missing} IS NOT NULL
      THEN api_error('validation_failed', 'This order has no such line.', 'items.' || ${missing} || '.orderItemId')
    WHEN ${over('position')} IS NOT NULL THEN api_error('conflict',
      'Only ' || ${over('left_to_refund')} || ' units of this line are left to refund.',
      'items.' || ${over('position')} || '.quantity')
    ${nothingPaid}`;
}
