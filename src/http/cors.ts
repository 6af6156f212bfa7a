import { cors } from 'hono/cors';

/**
 * Cross-origin access for browsers: storefronts call the public API from
 * their own domains, admin UIs the admin API. Any origin may call, because
 * no credential rides on cookies: every caller sends its token or API key
 * explicitly, which a foreign page cannot read. Preflights are cached a day.
 */
export function apiCors() {
  return cors({
    origin: '*',
    allowMethods: ['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE'],
    allowHeaders: [
      'Authorization',
      'Content-Type',
      'Idempotency-Key',
      'If-Match',
      'If-None-Match',
      'X-Cart-Token',
      'X-Order-Token',
      'X-Request-Id',
    ],
    exposeHeaders: ['ETag', 'Retry-After', 'Idempotent-Replayed', 'X-Request-Id', 'X-Catalog-Cache'],
    maxAge: 86_400,
  });
}
