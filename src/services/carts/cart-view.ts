import { sql, type SQL } from 'drizzle-orm';
import type { ShopperAccess } from '../shopper';
import { storeCte } from '../../db/sql/store-scope';
import { pricedLines, rateUsable, shippingAmount, taxAmount } from '../checkout/pricing';

/** `c` (a cart row) may be opened by this caller: with its token, or as the customer it belongs to. */
export function cartAccess(access: ShopperAccess): SQL {
  return sql`(c.token_hash = ${access.tokenHash ?? null}::text
    OR c.customer_id = (SELECT id FROM customers WHERE store_id = c.store_id AND user_id = ${access.user?.userId ?? null}::uuid))`;
}

export const NO_CART = 'No cart with that id opens with these credentials.';

/** A cart past its expiry is expired whether or not the cleanup job has marked it yet. */
const cartStatus = sql`CASE WHEN c.status = 'active' AND c.expires_at <= now() THEN 'expired' ELSE c.status::text END`;

/** The items of the `cart` CTE, aliased `w`, in the order they were added. */
const cartItems = sql`(SELECT id AS item_id, variant_id, quantity, row_number() OVER (ORDER BY created_at, id) AS position
  FROM cart_items WHERE cart_id = (SELECT id FROM cart)) w`;

const lineJson = sql`json_build_object('id', l.item_id, 'variantId', l.variant_id, 'productId', l.product_id,
  'productSlug', l.product_slug, 'productName', l.product_name, 'sku', l.sku, 'variantLabel', l.variant_label, 'imageUrl', l.image_url,
  'quantity', l.quantity, 'unitPrice', CASE WHEN l.purchasable THEN l.unit_price END,
  'compareAtPrice', CASE WHEN l.purchasable THEN l.compare_at_price END,
  'lineTotal', CASE WHEN l.purchasable THEN l.unit_price * l.quantity ELSE 0 END,
  'purchasable', l.purchasable, 'availability', CASE WHEN l.purchasable THEN l.availability ELSE 'unavailable' END)`;

/**
 * One statement answering the cart `cartId` of store `slug` as JSON, with
 * its totals computed from current prices (see pricing.ts), or a null `json`
 * when the caller may not open it; `store_id` is null when the store is missing.
 */
export function cartViewSql(slug: string, cartId: string, access: ShopperAccess): SQL {
  return sql`WITH ${storeCte(slug)},
    cart AS (SELECT c.*, ${cartStatus} AS shown_status FROM carts c
      WHERE c.id = ${cartId} AND c.store_id = (SELECT id FROM store) AND ${cartAccess(access)}),
    lines AS (${pricedLines(cartItems, sql`, w.item_id`)}),
    sums AS (SELECT coalesce(sum(unit_price * quantity) FILTER (WHERE purchasable), 0)::bigint AS subtotal, 0::bigint AS discount,
      coalesce(sum(quantity), 0)::int AS item_count FROM lines),
    priced AS (SELECT sums.*, r.id AS rate_id, r.name AS rate_name, r.amount AS rate_amount, r.free_over_amount,
        ${shippingAmount(sql`sums.subtotal - sums.discount`)} AS shipping, ${taxAmount(sql`sums.subtotal - sums.discount`, sql`(SELECT tax_rate_bps FROM store)`)} AS tax
      FROM sums LEFT JOIN shipping_rates r ON r.id = (SELECT shipping_rate_id FROM cart) AND ${rateUsable()})
    SELECT (SELECT id FROM store) AS store_id, (SELECT json_build_object(
      'id', c.id, 'status', c.shown_status, 'currency', (SELECT currency FROM store), 'email', c.email,
      'customerId', c.customer_id, 'orderId', c.order_id,
      'items', coalesce((SELECT json_agg(${lineJson} ORDER BY l.position) FROM lines l), '[]'),
      'itemCount', p.item_count,
      'shippingRate', CASE WHEN p.rate_id IS NOT NULL THEN json_build_object('id', p.rate_id, 'name', p.rate_name, 'amount', p.rate_amount, 'freeOverAmount', p.free_over_amount) END,
      'totals', json_build_object('subtotal', p.subtotal, 'discount', p.discount, 'shipping', p.shipping, 'tax', p.tax,
        'total', p.subtotal - p.discount + p.shipping + p.tax),
      'expiresAt', c.expires_at, 'createdAt', c.created_at, 'updatedAt', c.updated_at)
      FROM cart c, priced p)::text AS json`;
}
