import { type SQL, sql } from 'drizzle-orm';
import { insertMail } from '../../db/sql/ledgers';
import { buyerOrderView } from '../orders/order-view';

/**
 * The order events the buyer is mailed about, and the template of each:
 * placed (with the transfer or Zelle instructions), paid, shipped (carriers
 * and tracking numbers), cancelled, refunded. A parcel sent after the order
 * shipped (another one, or the first after staff marked the order shipped)
 * is mailed as shipped again, with every parcel's tracking.
 */
export const ORDER_MAIL_TEMPLATES = {
  'order.created': 'order.placed',
  'order.paid': 'order.paid',
  'order.shipped': 'order.shipped',
  'shipment.created': 'order.shipped',
  'order.cancelled': 'order.cancelled',
  'payment.refunded': 'order.refunded',
} as const;

export type OrderMailTemplate = (typeof ORDER_MAIL_TEMPLATES)[keyof typeof ORDER_MAIL_TEMPLATES];

/** What an order mail is rendered from: the order as its buyer sees it when the event is relayed, and the event's payload. */
export interface OrderMailData {
  order: import('../orders/order-view').BuyerOrderValue;
  event: Record<string, unknown>;
}

/**
 * An INSERT of one mail per order event among `picked` (the relay's CTE of
 * claimed events: id, store_id, type, aggregate_type, aggregate_id,
 * payload) that the buyer is mailed about, to the order's email, with the
 * order as it stands (the relay runs within seconds of the commit). Unique
 * per (event, template): an event relayed twice is mailed once.
 */
export function orderMailsFromEvents(picked: SQL): SQL {
  const pairs = sql.join(
    Object.entries(ORDER_MAIL_TEMPLATES).map(([type, template]) => sql`(${type}, ${template})`),
    sql`, `,
  );
  const orderId = sql`CASE WHEN ev.aggregate_type = 'order' THEN ev.aggregate_id
    WHEN ev.payload ->> 'orderId' ~ '^[0-9a-f-]{36}$' THEN (ev.payload ->> 'orderId')::uuid END`;
  return sql`${insertMail(
    {
      storeId: sql`ev.store_id`,
      template: sql`m.template`,
      toEmail: sql`o.email`,
      data: sql`jsonb_build_object('order', ${buyerOrderView.json('o')}, 'event', ev.payload)`,
      eventId: sql`ev.id`,
    },
    sql`${picked} ev
      JOIN (VALUES ${pairs}) AS m (type, template) ON m.type = ev.type
      JOIN orders o ON o.id = ${orderId} AND o.store_id = ev.store_id
      WHERE o.email IS NOT NULL
        -- A parcel made in the transaction that shipped the order is in that order.shipped's mail.
        AND (ev.type <> 'shipment.created' OR EXISTS (
          SELECT 1 FROM shipments sh WHERE sh.id = ev.aggregate_id AND sh.created_at > o.shipped_at))`,
  )}
    ON CONFLICT (event_id, template) DO NOTHING`;
}
