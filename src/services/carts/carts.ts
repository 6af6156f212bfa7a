import { type SQL, sql } from 'drizzle-orm';
import type { Database } from '../../db/client';
import { runBatch, runStatement } from '../../db/sql/batch';
import { constraintViolation } from '../../db/sql/errors';
import { type MarketChoice, store, storeCte } from '../../db/sql/store-scope';
import type { ViewJson } from '../../db/sql/views';
import { ApiError, noSuchStore } from '../../lib/api-error';
import { MAX_CART_ITEM_QUANTITY, MAX_LINES } from '../../lib/cart-limits';
import { uuidv7 } from '../../lib/ids';
import { randomSecret, sha256 } from '../../lib/secrets';
import { refuseBlockedShopper } from '../customers/blocked';
import { linkCustomer } from '../customers/link-customer';
import { pricedLines, rateUsable } from '../pricing/pricing';
import { refuseCode } from '../pricing/promotions';
import type { Shopper, ShopperAccess } from '../shopper';
import { withFields } from '../view-fields';
import {
  type CartValue,
  type CartViewRow,
  type CreatedCartValue,
  cartAccess,
  cartMarket,
  cartPricing,
  cartViewStatement,
  NO_CART,
} from './cart-view';

/**
 * Carts on the storefront. Every request is one batch (one round trip):
 * guard statements that stop it with a 4xx, the change, and the cart's view
 * with totals from current prices. A cart lives for CART_TTL_DAYS after its
 * last change.
 */

export const CART_TTL_DAYS = 7;

export interface CartItemInput {
  variantId: string;
  quantity: number;
}

export interface CartDetails {
  email?: string;
  /** null clears the choice. */
  shippingRateId?: string | null;
  /** The tax destination; null: unknown. */
  country?: string | null;
  region?: string | null;
}

/** The cart view that ends each batch; a missing store or cart is a 404. */
function cartJson(slug: string, rows: CartViewRow[]): ViewJson<CartValue> {
  const [row] = rows;
  if (!row?.store_id) throw new ApiError('not_found', noSuchStore(slug).detail);
  if (!row.json) throw new ApiError('not_found', NO_CART);
  return row.json;
}

/** The cart a change's batch ends with; the quantity CHECK's refusal as the 422 it is. */
async function changedCart(slug: string, batch: Promise<{ view: CartViewRow[] }>): Promise<ViewJson<CartValue>> {
  try {
    return cartJson(slug, (await batch).view);
  } catch (error) {
    if (constraintViolation(error)?.constraint === 'cart_items_quantity_check') {
      throw new ApiError('validation_failed', `A cart holds at most ${MAX_CART_ITEM_QUANTITY} of one variant.`, [
        { path: 'quantity', message: `At most ${MAX_CART_ITEM_QUANTITY} in all.` },
      ]);
    }
    throw error;
  }
}

/**
 * Opens the cart for a change: renews its expiry, and locks it until the
 * batch ends, so a checkout converting it cannot interleave. A cart the
 * caller cannot open is a 404, one that is no longer active a 409; a
 * signed-in shopper whom the store blocked changes no cart (403).
 */
function openForChange(slug: string, cartId: string, access: ShopperAccess): SQL[] {
  return [openCart(slug, cartId, access), ...(access.user ? [refuseBlockedShopper(slug, access.user)] : [])];
}

function openCart(slug: string, cartId: string, access: ShopperAccess): SQL {
  const cart = sql`c.id = ${cartId} AND c.store_id = ${store.id} AND ${cartAccess(access, 'c')}`;
  return sql`WITH ${storeCte(slug)},
    touched AS (
      UPDATE carts c
      SET updated_at = now(), expires_at = now() + make_interval(days => ${CART_TTL_DAYS})
      WHERE ${cart} AND c.status = 'active' AND c.expires_at > now()
      RETURNING c.id)
    SELECT CASE
      WHEN EXISTS (SELECT 1 FROM touched) THEN true
      WHEN NOT EXISTS (SELECT 1 FROM store) THEN api_error('not_found', ${noSuchStore(slug).detail})
      WHEN NOT EXISTS (SELECT 1 FROM carts c WHERE ${cart}) THEN api_error('not_found', ${NO_CART})
      ELSE api_error('cart_not_active', 'This cart has expired or has already been checked out; start a new one.') END`;
}

/** Stops the batch with a 422 on the first item that names no purchasable variant of the store. */
function requirePurchasable(
  slug: string,
  cartId: string,
  items: CartItemInput[],
  path: (index: number) => string,
): SQL {
  const rows = items.map((item, index) => ({ variant_id: item.variantId, quantity: item.quantity, position: index }));
  const wanted = sql`(SELECT * FROM jsonb_to_recordset(${JSON.stringify(rows)}::jsonb) AS w (variant_id uuid, quantity int, position int))`;
  const paths = JSON.stringify(items.map((_, index) => path(index)));
  return sql`WITH ${storeCte(slug, cartMarket(cartId))}
    SELECT api_error('validation_failed', 'This store sells no variant with that id, or it cannot be bought now.',
      ${paths}::jsonb ->> bad.position)
    FROM (
      SELECT position
      FROM (${pricedLines(wanted, store)}) l
      WHERE NOT l.purchasable
      ORDER BY position
      LIMIT 1) bad`;
}

/** Adds `items` to cart `cartId` (the same variant again raises its quantity). */
function addItems(slug: string, cartId: string, items: CartItemInput[]): SQL {
  const rows = items.map((item) => sql`(${uuidv7()}::uuid, ${item.variantId}::uuid, ${item.quantity}::int)`);
  return sql`INSERT INTO cart_items (id, store_id, cart_id, variant_id, quantity)
    SELECT i.id, s.id, ${cartId}, i.variant_id, i.quantity
    FROM (VALUES ${sql.join(rows, sql`, `)}) AS i (id, variant_id, quantity)
    CROSS JOIN stores s
    WHERE s.slug = ${slug}
    ON CONFLICT (cart_id, variant_id) DO UPDATE
    SET quantity = cart_items.quantity + excluded.quantity, updated_at = now()`;
}

/** Refuses a cart of too many lines, after items were added. */
function requireLineLimit(cartId: string): SQL {
  return sql`SELECT api_error('validation_failed', ${`A cart holds at most ${MAX_LINES} different variants.`}, 'items')
    WHERE (SELECT count(*) FROM cart_items WHERE cart_id = ${cartId}) > ${MAX_LINES}`;
}

/** Stops the batch with a 422 unless the store offers shipping rate `rateId` in the cart's market. */
function requireRate(slug: string, cartId: string, rateId: string): SQL {
  return sql`WITH ${storeCte(slug, cartMarket(cartId))}
    SELECT api_error('validation_failed', 'This store offers no shipping rate with that id.', 'shippingRateId')
    WHERE NOT EXISTS (SELECT 1 FROM shipping_rates r WHERE r.id = ${rateId} AND ${rateUsable('r', store)})`;
}

/** The UPDATE setting the cart's details that are given; none when none is. */
function setDetails(cartId: string, details: CartDetails): SQL[] {
  const changes: SQL[] = [];
  if (details.email !== undefined) changes.push(sql`email = ${details.email}`);
  if (details.shippingRateId !== undefined) changes.push(sql`shipping_rate_id = ${details.shippingRateId}`);
  if (details.country !== undefined) changes.push(sql`country = ${details.country}`);
  if (details.region !== undefined) changes.push(sql`region = ${details.region}`);
  return changes.length ? [sql`UPDATE carts SET ${sql.join(changes, sql`, `)} WHERE id = ${cartId}`] : [];
}

/**
 * Creates a cart, with items and details when given, priced in the market
 * `market` picks (an unknown one is a 422) for good. A signed-in shopper's
 * cart belongs to their customer record in this store (made or linked here;
 * a blocked one opens none); a guest's opens with the token answered once,
 * of which only a hash is kept. Its tax destination is the body's, else the
 * shopper's country.
 */
export async function createCart(
  db: Database,
  slug: string,
  shopper: Shopper | undefined,
  input: CartDetails & { items?: CartItemInput[] },
  market: MarketChoice = {},
): Promise<ViewJson<CreatedCartValue>> {
  const cartId = uuidv7();
  const token = shopper ? undefined : randomSecret();
  const access: ShopperAccess = { user: shopper, tokenHash: token ? await sha256(token) : undefined };
  const customer = shopper
    ? sql`(SELECT id FROM customers WHERE store_id = s.id AND user_id = ${shopper.userId})`
    : sql`NULL::uuid`;
  const items = input.items ?? [];
  const cart = await changedCart(
    slug,
    runBatch(db, {
      requireStore: sql`SELECT api_error('not_found', ${noSuchStore(slug).detail})
        WHERE NOT EXISTS (SELECT 1 FROM stores WHERE slug = ${slug} AND status = 'active')`,
      linkCustomer: shopper ? [linkCustomer(slug, shopper), refuseBlockedShopper(slug, shopper)] : [],
      insertCart: sql`WITH ${storeCte(slug, market)}
        INSERT INTO carts (id, store_id, customer_id, token_hash, market, currency, country, region, email, expires_at)
        SELECT ${cartId}, s.id, ${customer}, ${access.tokenHash ?? null}, m.market, m.currency,
          ${input.country ?? market.country ?? null}, ${input.region ?? null}, ${input.email ?? null},
          now() + make_interval(days => ${CART_TTL_DAYS})
        FROM store m
        JOIN stores s ON s.id = m.id
        WHERE m.refused IS NULL`,
      addItems: items.length
        ? [
            requirePurchasable(slug, cartId, items, (index) => `items.${index}.variantId`),
            addItems(slug, cartId, items),
            requireLineLimit(cartId),
          ]
        : [],
      requireRate: input.shippingRateId ? [requireRate(slug, cartId, input.shippingRateId)] : [],
      setDetails: setDetails(cartId, { shippingRateId: input.shippingRateId }),
      view: cartViewStatement(slug, cartId, access),
    }),
  );
  return token ? withFields(cart, { token }) : cart;
}

/** The cart with its current totals. One statement; reading does not extend its life. */
export async function getCart(db: Database, slug: string, cartId: string, access: ShopperAccess) {
  return cartJson(slug, await runStatement(db, cartViewStatement(slug, cartId, access)));
}

/** Sets the cart's email, shipping rate or tax destination. */
export function updateCart(db: Database, slug: string, cartId: string, access: ShopperAccess, details: CartDetails) {
  return changedCart(
    slug,
    runBatch(db, {
      open: openForChange(slug, cartId, access),
      requireRate: details.shippingRateId ? [requireRate(slug, cartId, details.shippingRateId)] : [],
      setDetails: setDetails(cartId, details),
      view: cartViewStatement(slug, cartId, access),
    }),
  );
}

/** Adds a variant, or more of one already in the cart. */
export function addCartItem(db: Database, slug: string, cartId: string, access: ShopperAccess, item: CartItemInput) {
  return changedCart(
    slug,
    runBatch(db, {
      open: openForChange(slug, cartId, access),
      requirePurchasable: requirePurchasable(slug, cartId, [item], () => 'variantId'),
      addItems: addItems(slug, cartId, [item]),
      requireLineLimit: requireLineLimit(cartId),
      view: cartViewStatement(slug, cartId, access),
    }),
  );
}

const NO_ITEM = 'This cart has no item with that id.';

/** Sets an item's quantity; 0 removes it. */
export function setCartItemQuantity(
  db: Database,
  slug: string,
  cartId: string,
  itemId: string,
  access: ShopperAccess,
  quantity: number,
) {
  const change =
    quantity === 0
      ? sql`DELETE FROM cart_items WHERE id = ${itemId} AND cart_id = ${cartId} RETURNING id`
      : sql`UPDATE cart_items
        SET quantity = ${quantity}, updated_at = now()
        WHERE id = ${itemId} AND cart_id = ${cartId}
        RETURNING id`;
  return changedCart(
    slug,
    runBatch(db, {
      open: openForChange(slug, cartId, access),
      change: sql`WITH changed AS (${change})
        SELECT api_error('not_found', ${NO_ITEM}) WHERE NOT EXISTS (SELECT 1 FROM changed)`,
      view: cartViewStatement(slug, cartId, access),
    }),
  );
}

/**
 * Enters a promotion code (upper case) on the cart, when it applies now:
 * else the batch stops, the cart unchanged, with 409 `promotion_used_up`
 * when a limit is reached, or 422 `promotion_not_applicable` saying why.
 */
export function setPromotionCode(db: Database, slug: string, cartId: string, access: ShopperAccess, code: string) {
  return changedCart(
    slug,
    runBatch(db, {
      open: openForChange(slug, cartId, access),
      setCode: sql`UPDATE carts SET promotion_code = ${code} WHERE id = ${cartId}`,
      requireApplies: sql`WITH ${cartPricing(slug, cartId, access)} ${refuseCode('code')}`,
      view: cartViewStatement(slug, cartId, access),
    }),
  );
}

/** Takes the promotion code off the cart (none there: nothing changes). */
export function removePromotionCode(db: Database, slug: string, cartId: string, access: ShopperAccess) {
  return changedCart(
    slug,
    runBatch(db, {
      open: openForChange(slug, cartId, access),
      removeCode: sql`UPDATE carts SET promotion_code = NULL WHERE id = ${cartId}`,
      view: cartViewStatement(slug, cartId, access),
    }),
  );
}
