import { API_KEY_PREFIX } from '../services/api-keys';
import type { Context, MiddlewareHandler } from 'hono';
import type { AppEnv, UserEnv } from '../env';
import { verifyAccessToken, type AccessClaims } from '../lib/access-tokens';
import { ApiError } from '../lib/api-error';

/** A 401 that tells the client, per RFC 6750, which scheme to use and whether its token was the problem. */
export function unauthorized(detail: string, tokenGiven: boolean): ApiError {
  const challenge = tokenGiven ? 'Bearer realm="api", error="invalid_token"' : 'Bearer realm="api"';
  return new ApiError('unauthorized', detail, undefined, { 'WWW-Authenticate': challenge });
}

/** The credential of `Authorization: Bearer <credential>`; a missing or other-scheme header is a 401. */
export function bearerCredential(c: Context): string {
  const header = c.req.header('authorization');
  if (!header) throw unauthorized('This route needs `Authorization: Bearer <token>`.', false);
  const match = /^Bearer +([\x21-\x7e]+)$/i.exec(header.trim());
  if (!match) throw unauthorized('The Authorization header must be `Bearer <token>`.', true);
  return match[1]!;
}

/** Verifies a user's access token; any failure (forged, expired, wrong issuer or audience, `alg: none`) is the same 401. */
export async function authenticateUser<E extends AppEnv>(c: Context<E>, credential: string): Promise<AccessClaims> {
  const claims = await verifyAccessToken(c.env.JWT_SECRET, credential);
  if (!claims) throw unauthorized('The access token is invalid or has expired.', true);
  return claims;
}

/** For routes about the caller themselves (`/v1/me`, creating a store): a user access token, never an API key. */
export function requireUser(): MiddlewareHandler<UserEnv> {
  return async function requireUserMiddleware(c, next) {
    const credential = bearerCredential(c);
    if (credential.startsWith(API_KEY_PREFIX))
      throw unauthorized('This route needs a user access token, not an API key.', true);
    c.set('user', await authenticateUser(c, credential));
    await next();
  };
}
