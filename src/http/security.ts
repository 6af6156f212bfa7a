/**
 * The credentials an operation takes, as its OpenAPI `security`. Spread one of
 * these into a route's `createRoute({...})`; admin routes use `requires()`
 * (tenancy.ts), which also enforces a permission.
 */

/** Names of the two OpenAPI security schemes (registered in the OpenAPI document): both ride on `Authorization: Bearer`. */
export const USER_TOKEN_SCHEME = 'userToken';
export const API_KEY_SCHEME = 'apiKey';

type SecurityRequirements = Record<string, string[]>[];

/** No credentials: anyone may call it. */
export const publicAccess = { security: [] as SecurityRequirements };

/** A guest, or a signed-in customer with their access token (which then owns what the guest would get). */
export const guestOrCustomer = { security: [{}, { [USER_TOKEN_SCHEME]: [] }] as SecurityRequirements };

/** A signed-in user's access token only. */
export const userAccess = { security: [{ [USER_TOKEN_SCHEME]: [] }] as SecurityRequirements };

/** Staff: a user's access token or a store's API key (admin routes, through `requires()`). */
export const staffAccess = {
  security: [{ [USER_TOKEN_SCHEME]: [] }, { [API_KEY_SCHEME]: [] }] as SecurityRequirements,
};
