import { createRemoteJWKSet, errors, jwtVerify } from 'jose';

/** An external identity provider, from the AUTH_JWKS_* bindings. */
export interface IdentityProvider {
  jwksUrl: string;
  issuer: string;
  audience: string;
}

/** Who an external token says its bearer is. */
export interface ExternalIdentity {
  email: string;
  name?: string;
}

/** Asymmetric algorithms only: a shared-secret (HS*) token from outside would mean sharing our secret. */
const ALGORITHMS = ['RS256', 'ES256', 'EdDSA'];

/**
 * One key set per URL and isolate: jose caches the provider's keys and
 * refetches them (rate-limited by its cooldown) only when a token names a
 * key id it has not seen, which is how providers roll keys.
 */
const keySets = new Map<string, ReturnType<typeof createRemoteJWKSet>>();

function keySetFor(url: string) {
  let keySet = keySets.get(url);
  if (!keySet) {
    keySet = createRemoteJWKSet(new URL(url), { timeoutDuration: 5000 });
    keySets.set(url, keySet);
  }
  return keySet;
}

/**
 * Verifies a provider's token against its published keys, issuer and
 * audience, and answers the identity it asserts. The email must be marked
 * verified: accounts are linked by email, so an unverified one would let
 * anyone who types someone else's address at the provider into their account.
 * Any failure is `undefined`.
 */
export async function verifyExternalToken(
  provider: IdentityProvider,
  token: string,
): Promise<ExternalIdentity | undefined> {
  try {
    const { payload } = await jwtVerify(token, keySetFor(provider.jwksUrl), {
      algorithms: ALGORITHMS,
      issuer: provider.issuer,
      audience: provider.audience,
      requiredClaims: ['sub', 'exp'],
    });
    const { email, email_verified: emailVerified, name } = payload;
    if (typeof email !== 'string' || emailVerified !== true) return undefined;
    return {
      email: email.trim().toLowerCase(),
      name: typeof name === 'string' && name.trim() ? name.trim().slice(0, 200) : undefined,
    };
  } catch (error) {
    if (error instanceof errors.JOSEError) return undefined;
    throw error;
  }
}
