import type { Context } from 'hono';
import type { AppEnv } from '../env';
import { sha256 } from '../lib/secrets';
import type { Shopper, ShopperAccess } from '../services/shopper';
import { authenticateUser, bearerCredential, unauthorized } from './authenticate';
import { API_KEY_PREFIX } from '../services/api-keys';

/** A storefront route's optional signed-in user; a bad token is a 401 rather than a silent guest. */
export async function optionalShopper(c: Context<AppEnv>): Promise<Shopper | undefined> {
  if (!c.req.header('authorization')) return undefined;
  const credential = bearerCredential(c);
  if (credential.startsWith(API_KEY_PREFIX))
    throw unauthorized('Storefront routes take a user access token, not an API key.', true);
  const claims = await authenticateUser(c, credential);
  return { userId: claims.userId, email: claims.email };
}

/**
 * The credentials of a request for a guest's or a customer's resource:
 * the secret token in `tokenHeader`, and/or a user access token. Neither is a
 * 401; a token that opens nothing is the resource's 404, decided in SQL.
 */
export async function shopperAccess(c: Context<AppEnv>, tokenHeader: string): Promise<ShopperAccess> {
  const token = c.req.header(tokenHeader);
  const user = await optionalShopper(c);
  if (!token && !user)
    throw unauthorized(`Send the \`${tokenHeader}\` header, or a signed-in customer's access token.`, false);
  return { user, tokenHash: token ? await sha256(token) : undefined };
}
