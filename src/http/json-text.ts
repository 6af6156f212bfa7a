import type { Context, TypedResponse } from 'hono';
import type { ContentfulStatusCode } from 'hono/utils/http-status';

/**
 * A JSON response whose body Postgres already built: passed through as text,
 * never parsed and re-serialised. Typed as the route's JSON answer for its
 * status, which the route's schema documents.
 */
export function jsonText<S extends ContentfulStatusCode = 200>(
  c: Context,
  body: string,
  status?: S,
): Response & TypedResponse<never, S, 'json'> {
  return c.body(body, status ?? 200, { 'Content-Type': 'application/json; charset=utf-8' }) as unknown as Response &
    TypedResponse<never, S, 'json'>;
}

/** A JSON answer meant for one shopper (a cart, an order): no shared cache may store it. */
export function privateJsonText<S extends ContentfulStatusCode = 200>(
  c: Context,
  body: string,
  status?: S,
): Response & TypedResponse<never, S, 'json'> {
  c.header('Cache-Control', 'private, no-store');
  return jsonText(c, body, status);
}
