import type { MiddlewareHandler } from 'hono';
import { routePath } from 'hono/route';
import type { AppEnv } from '../env';

/**
 * One JSON line per request the Worker answers, errors included (their own
 * error line shares the request id):
 *
 * `{"level":"info","message":"request","requestId","method","path","route","status","durationMs","store","roundTrips","cacheHit"}`
 *
 * `route` is the matched route's pattern (`/v1/stores/:store/products`),
 * null when none matched; `store` the store slug the path names, else null;
 * `roundTrips` the database round trips this request made (counted on its
 * own handle, db/client.ts `requestDatabase`); `cacheHit` whether a catalog
 * read was answered from the cache, null for routes that are not cached.
 * In Workers the clock moves only across I/O, so `durationMs` is the time
 * spent waiting on the database, the cache and the like, not CPU time.
 * It runs on every request: a few property reads and one `JSON.stringify`.
 */
export function accessLog(): MiddlewareHandler<AppEnv> {
  return async function accessLogMiddleware(c, next) {
    const started = Date.now();
    await next();
    // After `next()` the route index is the last handler that ran: a middleware's `*` pattern when no route matched.
    const route = routePath(c);
    const matched = !route.endsWith('*');
    console.log(
      JSON.stringify({
        level: 'info',
        message: 'request',
        requestId: c.var.requestId,
        method: c.req.method,
        path: c.req.path,
        route: matched ? route : null,
        status: c.res.status,
        durationMs: Date.now() - started,
        store: (matched && c.req.param('store')) || null,
        roundTrips: c.var.db?.roundTrips ?? 0,
        cacheHit: c.var.catalogCacheHit ?? null,
      }),
    );
  };
}
