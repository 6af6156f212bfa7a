import type { Context, MiddlewareHandler } from 'hono';
import type { AdminEnv } from '../env';
import { roleAllows, type Permission } from '../lib/permissions';
import { authenticateApiKey } from '../services/api-keys';
import type { AuditContext } from '../services/audit';
import { authenticateUser, bearerCredential, unauthorized } from './authenticate';
import { API_KEY_PREFIX } from '../services/api-keys';
import { ApiError, noSuchStore } from '../lib/api-error';
import { staffAccess } from './security';

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
 * through the tenancy guard and declares it in the OpenAPI document as the
 * operation's `x-permission`, with either credential as its security. One
 * declaration feeds both, so the security suite, which reads the permission
 * from the document, tests what is enforced. (Bearer schemes have no scopes
 * to list it among, so it is an extension rather than a security role.)
 */
export function requires(permission: Permission) {
  return {
    ...staffAccess,
    'x-permission': permission,
    middleware: [authorizeStore(permission)],
  };
}

/** The store, actor and request that an admin route's audited changes are attributed to. */
export function auditContext(c: Context<AdminEnv>): AuditContext {
  return { storeId: c.var.store.id, actor: c.var.actor, requestId: c.var.requestId };
}
