import createClient, { type Client, type ClientOptions, type Middleware } from 'openapi-fetch';
import { operationHeaders } from './generated/operations.ts';
import type { components, paths } from './generated/schema.d.ts';

export type { components, paths };

/** An error answer: every error of the API is `application/problem+json` of this shape. */
export type Problem = components['schemas']['Problem'];

export interface CommerceClientOptions extends ClientOptions {
  /** A user's access token or a store's API key, sent as `Authorization: Bearer <token>`. */
  token?: string;
  /** A guest cart's token (answered once, when the cart is made), sent as `X-Cart-Token` to the routes that take it. */
  cartToken?: string;
}

/** The openapi-fetch client of the API's paths, with its credentials settable between requests. */
export type CommerceClient = Client<paths> & {
  /** Sets the bearer credential of the requests that follow; `undefined` signs out. */
  setToken(token: string | undefined): void;
  /** Sets the guest cart token of the requests that follow; `undefined` forgets it. */
  setCartToken(cartToken: string | undefined): void;
};

interface Credentials {
  token?: string;
  cartToken?: string;
}

/**
 * A typed client of the Edge Commerce API (openapi-fetch over the types
 * generated from its OpenAPI document). Each request gets, unless the caller
 * set the header itself: the bearer token; a fresh `Idempotency-Key` where
 * the operation requires one (checkout), so a retry must pass the key it
 * wants to repeat; and the cart token where the operation takes one.
 */
export function createCommerceClient({ token, cartToken, ...options }: CommerceClientOptions = {}): CommerceClient {
  const credentials: Credentials = { token, cartToken };
  // Option filters travel as parameters of their own (`size=M`), as the
  // document's `options` parameter says (style form, exploded).
  const client = createClient<paths>({ querySerializer: { object: { style: 'form', explode: true } }, ...options });
  client.use(commerceHeaders(credentials));
  return Object.assign(client, {
    setToken(value: string | undefined) {
      credentials.token = value;
    },
    setCartToken(value: string | undefined) {
      credentials.cartToken = value;
    },
  });
}

/** Adds the headers the API expects of a client, reading which ones each operation declares from the document. */
function commerceHeaders(credentials: Credentials): Middleware {
  return {
    onRequest({ request, schemaPath }) {
      const declared = operationHeaders[`${request.method} ${schemaPath}`] ?? {};
      const { headers } = request;
      if (credentials.token && !headers.has('authorization')) {
        headers.set('authorization', `Bearer ${credentials.token}`);
      }
      if (declared['idempotency-key'] === 'required' && !headers.has('idempotency-key')) {
        headers.set('idempotency-key', crypto.randomUUID());
      }
      if (credentials.cartToken && declared['x-cart-token'] && !headers.has('x-cart-token')) {
        headers.set('x-cart-token', credentials.cartToken);
      }
      return request;
    },
  };
}
