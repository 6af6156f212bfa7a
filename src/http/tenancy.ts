import type { Context, MiddlewareHandler } from 'hono';
import type { AdminEnv } from '../env';
import { roleAllows, type Permission } from '../lib/permissions';
import { authenticateApiKey } from '../services/api-keys';
import type { AuditContext } from '../services/audit';
import { authenticateUser, bearerCredential, unauthorized } from './authenticate';
import { API_KEY_PREFIX } from '../services/api-keys';
import { ApiError, noSuchStore } from '../lib/api-error';

/** Names of the two OpenAPI security schemes (registered in app.ts): both ride on `Authorization: Bearer`. */
export const USER_TOKEN_SCHEME = 'userToken';
export const API_KEY_SCHEME = 'apiKey';

function forbidden(permission: Permission, who: string): ApiError {
  return new ApiError('forbidden', `${who} does not grant '${permission}', which this route needs.`);
}

/**
 * The tenancy guard of every admin route: resolves `{store}` and authorises
 * the caller for it, in this order: no or bad credentials 401; a store the
 * caller has no place in 404; a role or key without `permission` 403.
 * A user's access token costs no database read (its claims carry the roles);
 * an API key costs one.
 */
export function authorizeStore(permission: Permission): MiddlewareHandler<AdminEnv> {
  return async function authorizeStoreMiddleware(c, next) {
    const credential = bearerCredential(c);
    const slug = c.req.param('store') ?? '';
    if (credential.startsWith(API_KEY_PREFIX)) {
      const key = await authenticateApiKey(c.var.db, credential);
      if (!key) throw unauthorized('The API key is invalid, expired or revoked.', true);
      if (key.storeSlug !== slug) throw noSuchStore(slug);
      if (!key.scopes.includes(permission)) throw forbidden(permission, 'This API key');
      c.set('store', { id: key.storeId, slug });
      c.set('actor', { type: 'api_key', id: key.id, scopes: key.scopes });
    } else {
      const claims = await authenticateUser(c, credential);
      const membership = claims.stores.find((store) => store.slug === slug);
      if (!membership) throw noSuchStore(slug);
      if (!roleAllows(membership.role, permission)) throw forbidden(permission, `The role '${membership.role}'`);
      c.set('store', { id: membership.id, slug });
      c.set('actor', { type: 'user', id: claims.userId, role: membership.role });
    }
    await next();
  };
}

/**
 * Spread into an admin route's `createRoute({...})`: enforces `permission`
 * through the tenancy guard and declares it as the route's OpenAPI security
 * requirement. One declaration feeds both, so the security suite, which
 * reads the requirement from the OpenAPI document, tests what is enforced.
 */
export function requires(permission: Permission) {
  const security: Record<string, string[]>[] = [
    { [USER_TOKEN_SCHEME]: [permission] },
    { [API_KEY_SCHEME]: [permission] },
  ];
  return {
    security,
    middleware: [authorizeStore(permission)],
  };
}

/** The store, actor and request that an admin route's audited changes are attributed to. */
export function auditContext(c: Context<AdminEnv>): AuditContext {
  return { storeId: c.var.store.id, actor: c.var.actor, requestId: c.var.requestId };
}
