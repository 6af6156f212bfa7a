import type { MiddlewareHandler } from 'hono';
import type { AppEnv } from '../env';
import { uuidv7 } from '../lib/ids';

const ACCEPTABLE_ID = /^[A-Za-z0-9._:-]{8,128}$/;

/**
 * Gives every request an id: the caller's `X-Request-Id` when it looks sane
 * (so a trace can cross services), otherwise a fresh UUIDv7. It is echoed in
 * the `X-Request-Id` response header, in problem+json `instance`, and in logs.
 */
export function requestId(): MiddlewareHandler<AppEnv> {
  return async function requestIdMiddleware(c, next) {
    const incoming = c.req.header('x-request-id');
    const id = incoming && ACCEPTABLE_ID.test(incoming) ? incoming : uuidv7();
    c.set('requestId', id);
    c.header('X-Request-Id', id);
    await next();
    if (!c.res.headers.has('X-Request-Id')) c.res.headers.set('X-Request-Id', id);
  };
}
