import { type SQL, sql } from 'drizzle-orm';
import { type Statement, statement } from '../../db/sql/statement';
import { type MarketChoice, store, storeCte } from '../../db/sql/store-scope';
import { defineView, type ViewJson, type ViewValue } from '../../db/sql/views';
import { CartSchema, CreatedCartSchema } from '../../schemas/carts';
import { appliedPromotionsJson, codeStatusJson, pricedLines, pricingCtes, type StoreValues } from '../pricing/pricing';
import { taxLinesJson } from '../pricing/taxes';
import type { ShopperAccess } from '../shopper';

/** Cart alias `c` may be opened by this caller: with its token, or as the customer it belongs to. */
export function cartAccess(access: ShopperAccess, _cart: 'c'): SQL {
  return sql`(c.token_hash = ${access.tokenHash ?? null}::text
    OR c.customer_id = (SELECT id FROM customers WHERE store_id = c.store_id AND user_id = ${access.user?.userId ?? null}::uuid))`;
}

export const NO_CART = 'No cart with that id opens with these credentials.';

/** The status of cart alias `c`: past its expiry it is expired, whether or not the cleanup job has marked it yet. */
function cartStatus(_cart: 'c'): SQL {
  return sql`CASE WHEN c.status = 'active' AND c.expires_at <= now() THEN 'expired' ELSE c.status::text END`;
}

/** The items of the `cart` CTE, in the order they were added. */
const cartItems = sql`(
  SELECT id AS item_id, variant_id, quantity, row_number() OVER (ORDER BY created_at, id) AS position
  FROM cart_items
  WHERE cart_id = (SELECT id FROM cart))`;

/** Priced line alias `l` (see pricedLines) as the cart shows it: a withdrawn variant counts for nothing. */
function lineJson(_line: 'l'): SQL {
  return sql`json_build_object('id', l.item_id, 'variantId', l.variant_id, 'productId', l.product_id,
  'productSlug', l.product_slug, 'productName', l.product_name, 'sku', l.sku, 'variantLabel', l.variant_label,
  'imageUrl', l.image_url, 'quantity', l.quantity, 'unitPrice', CASE WHEN l.purchasable THEN l.unit_price END,
  'compareAtPrice', CASE WHEN l.purchasable THEN l.compare_at_price END,
  'lineTotal', CASE WHEN l.purchasable THEN l.unit_price * l.quantity ELSE 0 END,
  'discount', coalesce((SELECT d.discount FROM pr_discounts d WHERE d.position = l.position), 0),
  'purchasable', l.purchasable, 'availability', CASE WHEN l.purchasable THEN l.availability ELSE 'unavailable' END)`;
}

/**
 * Cart alias `c` (the `cart` CTE, with `shown_status`) with its priced lines
 * (CTE `lines`), the pricing chain's results (services/pricing) and totals
 * (row `p` of `pr_totals`), in the market's currency, as the shopper sees it.
 */
export const cartView = defineView(
  CartSchema,
  (_cart: 'c', _priced: 'p', scope: StoreValues<'currency' | 'market' | 'taxInclusive'>) => sql`json_build_object(
    'id', c.id, 'status', c.shown_status, 'market', ${scope.market}, 'currency', ${scope.currency}, 'email', c.email,
    'customerId', c.customer_id, 'orderId', c.order_id, 'country', c.country, 'region', c.region,
    'taxInclusive', ${scope.taxInclusive},
    'items', coalesce((SELECT json_agg(${lineJson('l')} ORDER BY l.position) FROM lines l), '[]'),
    'itemCount', (SELECT coalesce(sum(quantity), 0)::int FROM lines),
    'shippingRate', (SELECT json_build_object('id', r.id, 'name', r.name, 'amount', r.amount, 'freeOverAmount', r.free_over_amount)
      FROM pr_rate r),
    'promotionCode', ${codeStatusJson()},
    'promotions', ${appliedPromotionsJson()},
    'taxLines', ${taxLinesJson(scope.taxInclusive)},
    'totals', json_build_object('subtotal', p.subtotal, 'discount', p.discount, 'shipping', p.shipping, 'tax', p.tax,
      'taxIncluded', p.tax_included, 'total', p.total),
    'expiresAt', c.expires_at, 'createdAt', c.created_at, 'updatedAt', c.updated_at)`,
);

export type CartValue = ViewValue<typeof cartView>;

/** A new cart: the cart, and for a guest the token that opens it, shown once. The SQL builds the cart; the Worker adds the token. */
export const createdCartView = defineView(CreatedCartSchema, cartView.json);

export type CreatedCartValue = ViewValue<typeof createdCartView>;

/** What the cart view statement answers: the store's id (null: no such store) and the cart (null: none these credentials open). */
export type CartViewRow = { store_id: string | null; json: ViewJson<CartValue> | null };

/**
 * One statement answering the cart `cartId` of store `slug` as JSON, with
 * its totals computed from current prices (services/pricing), or a null
 * `json` when the caller may not open it; `store_id` is null when the store
 * is missing.
 */
export function cartViewStatement(slug: string, cartId: string, access: ShopperAccess): Statement<CartViewRow> {
  return statement(sql`WITH ${cartPricing(slug, cartId, access)}
    SELECT ${store.id} AS store_id, (
      SELECT ${cartView.json('c', 'p', store)}
      FROM cart c, pr_totals p
    )::text AS json`);
}

/**
 * The CTEs that price cart `cartId` (none when the caller may not open it):
 * `store` in the cart's market, `cart`, its `lines`, and the pricing chain
 * (services/pricing) with the cart's code, rate, destination and customer.
 */
export function cartPricing(slug: string, cartId: string, access: ShopperAccess): SQL {
  return sql`${storeCte(slug, cartMarket(cartId))},
    cart AS (
      SELECT c.*, ${cartStatus('c')} AS shown_status
      FROM carts c
      WHERE c.id = ${cartId} AND c.store_id = ${store.id} AND ${cartAccess(access, 'c')}),
    lines AS (${pricedLines(cartItems, store, sql`, w.item_id`)}),
    ${pricingCtes({
      lines: sql`lines`,
      customerId: sql`(SELECT ${cartCustomer('c')} FROM cart c)`,
      code: sql`(SELECT promotion_code FROM cart)`,
      shippingRateId: sql`(SELECT shipping_rate_id FROM cart)`,
      country: sql`(SELECT country FROM cart)`,
      region: sql`(SELECT region FROM cart)`,
    })}`;
}

/** The market cart `cartId` was created in, for `storeCte`: its statements price in it. */
export function cartMarket(cartId: string): MarketChoice {
  return { market: sql`(SELECT market FROM carts WHERE id = ${cartId})` };
}

/** The customer of cart alias `c` for promotions: its own, else the store's customer of its email. */
export function cartCustomer(_cart: 'c'): SQL {
  return sql`coalesce(c.customer_id, (SELECT id FROM customers WHERE store_id = c.store_id AND email = c.email))`;
}
