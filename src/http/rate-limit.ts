import type { Context } from 'hono';
import type { RateLimiter } from '../env';
import { sha256 } from '../lib/secrets';
import { ApiError } from '../lib/api-error';

/** The window of the `[[ratelimits]]` bindings in wrangler.toml; the binding itself does not report it. */
const RATE_LIMIT_PERIOD_SECONDS = 60;

/**
 * The caller's address as Cloudflare's edge reports it (clients cannot set
 * this header through Cloudflare; locally, wrangler sets it).
 */
export function clientAddress(c: Context): string {
  return c.req.header('cf-connecting-ip') ?? 'unknown';
}

/**
 * Counts one request against `limiter` for `key` and answers 429 with
 * `Retry-After` when over. The key is hashed so that no email or address
 * leaves the Worker in clear.
 */
export async function enforceRateLimit(limiter: RateLimiter, action: string, key: string): Promise<void> {
  const { success } = await limiter.limit({ key: await sha256(`${action}:${key}`) });
  if (!success) {
    throw new ApiError('rate_limited', 'Too many attempts. Wait a minute and try again.', undefined, {
      'Retry-After': String(RATE_LIMIT_PERIOD_SECONDS),
    });
  }
}
