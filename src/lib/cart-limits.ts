/**
 * The bounds of a cart or checkout, shared by the request schemas, the
 * services and the table's CHECK (db/schema/carts.ts).
 */

/** Most units of one variant a single cart line may hold; a bound stops absurd quantities early. */
export const MAX_CART_ITEM_QUANTITY = 999;

/** Most distinct variants one cart or checkout may hold. */
export const MAX_LINES = 100;
