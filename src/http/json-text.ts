import type { Context, TypedResponse } from 'hono';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import type { JSONParsed } from 'hono/utils/types';
import type { ViewJson } from '../db/sql/views';

/** The answer type of a view's JSON: its value, or (for text not yet typed by a view) anything the route declares. */
type Answer<Value> = unknown extends Value ? never : JSONParsed<NoInfer<Value>>;

/**
 * A JSON response whose body Postgres already built: passed through as text,
 * never parsed and re-serialised. Typed with the value of the view that
 * built it (`defineView` in db/sql/views.ts), so the route's declared
 * response schema must match the view's own.
 */
export function jsonText<Value, S extends ContentfulStatusCode = 200>(
  c: Context,
  body: ViewJson<Value>,
  status?: S,
): Response & TypedResponse<Answer<Value>, NoInfer<S>, 'json'> {
  return c.body(body, status ?? 200, { 'Content-Type': 'application/json; charset=utf-8' }) as unknown as Response &
    TypedResponse<Answer<Value>, NoInfer<S>, 'json'>;
}

/** A JSON answer meant for one shopper (a cart, an order): no shared cache may store it. */
export function privateJsonText<Value, S extends ContentfulStatusCode = 200>(
  c: Context,
  body: ViewJson<Value>,
  status?: S,
): Response & TypedResponse<Answer<Value>, NoInfer<S>, 'json'> {
  c.header('Cache-Control', 'private, no-store');
  return jsonText(c, body, status);
}
