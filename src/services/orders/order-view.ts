import { type SQL, sql } from 'drizzle-orm';
import { defineView, type ViewValue } from '../../db/sql/views';
import { TotalsSchema } from '../../schemas/carts';
import { OrderItemSchema, OrderSchema } from '../../schemas/checkout';
import type { ShopperAccess } from '../shopper';

/** A line of an order (item alias `i`), as bought. */
export const orderLineView = defineView(
  OrderItemSchema,
  (_item: 'i') => sql`json_build_object(
    'id', i.id, 'variantId', i.variant_id, 'productId', i.product_id, 'productName', i.product_name,
    'sku', i.sku, 'variantLabel', i.variant_label, 'unitPrice', i.unit_price,
    'quantity', i.quantity, 'lineTotal', i.line_total)`,
);

/** The lines of order alias `o`, as bought, in the order the shopper listed them. */
export function orderLinesJson(_order: 'o'): SQL {
  return sql`coalesce((
    SELECT json_agg(${orderLineView.json('i')} ORDER BY i.position, i.id)
    FROM order_items i
    WHERE i.order_id = o.id), '[]')`;
}

/** The totals of order alias `o`. */
export const orderTotalsView = defineView(
  TotalsSchema,
  (_order: 'o') => sql`json_build_object(
    'subtotal', o.subtotal, 'discount', o.discount_total, 'shipping', o.shipping_total, 'tax', o.tax_total, 'total', o.total)`,
);

/**
 * Order alias `o` as its buyer sees it (the guest with its token, or the
 * signed-in customer): items as bought, totals, the address and rate as they
 * were at checkout, the latest payment with its instructions, and the
 * shipments' carriers and tracking numbers (never the label).
 */
export const buyerOrderView = defineView(
  OrderSchema,
  (_order: 'o') => sql`json_build_object(
    'id', o.id, 'number', o.number, 'status', o.status,
    'store', (SELECT json_build_object('slug', s.slug, 'name', s.name) FROM stores s WHERE s.id = o.store_id),
    'email', o.email, 'currency', o.currency,
    'items', ${orderLinesJson('o')},
    'totals', ${orderTotalsView.json('o')},
    'shippingAddress', o.shipping_address,
    'shippingRate', json_build_object('id', o.shipping_rate_id, 'name', o.shipping_rate_name),
    'payment', (
      SELECT json_build_object('id', p.id, 'method', p.method, 'status', p.status, 'amount', p.amount,
        'currency', p.currency, 'reference', p.provider_reference, 'instructions', p.instructions)
      FROM payments p
      WHERE p.order_id = o.id
      ORDER BY p.created_at DESC, p.id DESC
      LIMIT 1),
    'shipments', coalesce((
      SELECT json_agg(json_build_object('carrier', sh.carrier, 'trackingNumber', sh.tracking_number, 'status', sh.status,
        'shippedAt', sh.shipped_at, 'deliveredAt', sh.delivered_at) ORDER BY sh.id)
      FROM shipments sh
      WHERE sh.order_id = o.id), '[]'),
    'notes', o.notes, 'reservationExpiresAt', o.reservation_expires_at, 'cancelReason', o.cancel_reason,
    'createdAt', o.created_at, 'paidAt', o.paid_at, 'preparingAt', o.preparing_at, 'shippedAt', o.shipped_at,
    'deliveredAt', o.delivered_at, 'cancelledAt', o.cancelled_at)`,
);

export type BuyerOrderValue = ViewValue<typeof buyerOrderView>;

/** Order alias `o` may be opened by this caller: with its token, or as the customer who placed it. */
export function orderAccess(access: ShopperAccess, _order: 'o'): SQL {
  return sql`(o.access_token_hash = ${access.tokenHash ?? null}::text
    OR o.customer_id IN (SELECT id FROM customers WHERE store_id = o.store_id AND user_id = ${access.user?.userId ?? null}::uuid))`;
}
