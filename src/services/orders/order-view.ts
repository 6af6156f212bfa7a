import { type SQL, sql } from 'drizzle-orm';
import { defineView, type ViewValue } from '../../db/sql/views';
import { TotalsSchema } from '../../schemas/carts';
import { OrderItemSchema, OrderSchema } from '../../schemas/checkout';
import type { ShopperAccess } from '../shopper';

/**
 * A line (item alias `i`) of order alias `o`, as bought: its discount, its
 * share of the tax, and what was paid for it (the tax counts when it was
 * added: an order with tax contained in its prices has no tax added).
 */
export const orderLineView = defineView(
  OrderItemSchema,
  (_item: 'i', _order: 'o') => sql`json_build_object(
    'id', i.id, 'variantId', i.variant_id, 'productId', i.product_id, 'productName', i.product_name,
    'sku', i.sku, 'variantLabel', i.variant_label, 'unitPrice', i.unit_price,
    'quantity', i.quantity, 'lineTotal', i.line_total, 'discount', i.discount, 'tax', i.tax,
    'total', i.line_total - i.discount + CASE WHEN o.tax_included = 0 THEN i.tax ELSE 0 END)`,
);

/** The lines of order alias `o`, as bought, in the order the shopper listed them. */
export function orderLinesJson(_order: 'o'): SQL {
  return sql`coalesce((
    SELECT json_agg(${orderLineView.json('i', 'o')} ORDER BY i.position, i.id)
    FROM order_items i
    WHERE i.order_id = o.id), '[]')`;
}

/** The totals of order alias `o`. */
export const orderTotalsView = defineView(
  TotalsSchema,
  (_order: 'o') => sql`json_build_object(
    'subtotal', o.subtotal, 'discount', o.discount_total, 'shipping', o.shipping_total, 'tax', o.tax_total,
    'taxIncluded', o.tax_included, 'total', o.total)`,
);

/** The market, tax lines and promotions applied (from its redemptions) of order alias `o`, as JSON fields. */
export function orderPricingFields(_order: 'o'): SQL {
  return sql`'market', o.market, 'taxLines', o.tax_lines,
    'promotions', coalesce((
      SELECT json_agg(json_build_object('promotionId', r.promotion_id, 'name', p.name, 'code', r.code, 'type', p.type,
        'amount', r.amount, 'shippingAmount', r.shipping_amount) ORDER BY r.code NULLS FIRST, r.id)
      FROM promotion_redemptions r JOIN promotions p ON p.id = r.promotion_id
      WHERE r.order_id = o.id), '[]')`;
}

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
    'email', o.email, 'currency', o.currency, ${orderPricingFields('o')},
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
