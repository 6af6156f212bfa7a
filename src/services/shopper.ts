/**
 * Who a storefront request acts for, as the services see it: the HTTP layer
 * (`http/shopper.ts`) reads these from the request's headers.
 */

/** A signed-in shopper: the user behind a storefront request. */
export interface Shopper {
  userId: string;
  email: string;
}

/**
 * Who may open a cart or an order on the storefront: the bearer of its
 * secret token (a guest; only the token's hash is compared), or the signed-in
 * user it belongs to. Either may be absent, not both.
 */
export interface ShopperAccess {
  user?: Shopper;
  tokenHash?: string;
}
