import { errors, jwtVerify, SignJWT } from 'jose';
import { uuidv7 } from './ids';
import { MEMBER_ROLES, type MemberRole } from './permissions';
import { hmacKey } from './secrets';

export const ACCESS_TOKEN_ISSUER = 'urn:edge-commerce:auth';
export const ACCESS_TOKEN_AUDIENCE = 'urn:edge-commerce:api';
/** Short enough that a removed member or a changed role stops counting soon; refresh tokens bridge the gap. */
export const ACCESS_TOKEN_TTL_SECONDS = 15 * 60;
const MIN_SECRET_BYTES = 32;

/** A user's role in one store, as access tokens carry it. Slugs never change, so a claim cannot point at another store. */
export interface StoreRole {
  id: string;
  slug: string;
  role: MemberRole;
}

/** What a verified access token tells about its bearer, with no database read. */
export interface AccessClaims {
  userId: string;
  email: string;
  stores: StoreRole[];
  /** When the token was signed, in whole seconds since the epoch (`iat`). */
  issuedAt: number;
}

/** The HS256 key of the secret (imported once per isolate: lib/secrets). */
function signingKey(secret: string): Promise<CryptoKey> {
  // A configuration error, not a client's: it surfaces as a logged 500.
  if (new TextEncoder().encode(secret).length < MIN_SECRET_BYTES)
    throw new Error(`JWT_SECRET must be at least ${MIN_SECRET_BYTES} bytes`);
  return hmacKey(secret);
}

/** Signs a 15-minute HS256 access token whose claims carry the user's store roles. */
export async function signAccessToken(
  secret: string,
  user: { id: string; email: string },
  stores: StoreRole[],
  now = Date.now(),
) {
  const issuedAt = Math.floor(now / 1000);
  const token = await new SignJWT({
    email: user.email,
    stores: stores.map(({ id, slug, role }) => ({ id, slug, role })),
  })
    .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
    .setIssuer(ACCESS_TOKEN_ISSUER)
    .setAudience(ACCESS_TOKEN_AUDIENCE)
    .setSubject(user.id)
    .setJti(uuidv7(now))
    .setIssuedAt(issuedAt)
    .setNotBefore(issuedAt)
    .setExpirationTime(issuedAt + ACCESS_TOKEN_TTL_SECONDS)
    .sign(await signingKey(secret));
  return { accessToken: token, expiresIn: ACCESS_TOKEN_TTL_SECONDS };
}

function isStoreRole(value: unknown): value is StoreRole {
  const claim = value as StoreRole;
  return (
    typeof claim === 'object' &&
    claim !== null &&
    typeof claim.id === 'string' &&
    typeof claim.slug === 'string' &&
    MEMBER_ROLES.includes(claim.role)
  );
}

/**
 * Verifies signature, algorithm (HS256 only, so never `none`), issuer,
 * audience, expiry and not-before; answers the claims, or `undefined` for any
 * token that fails, whatever the reason.
 */
export async function verifyAccessToken(secret: string, token: string): Promise<AccessClaims | undefined> {
  const key = await signingKey(secret);
  try {
    const { payload } = await jwtVerify(token, key, {
      algorithms: ['HS256'],
      issuer: ACCESS_TOKEN_ISSUER,
      audience: ACCESS_TOKEN_AUDIENCE,
      requiredClaims: ['sub', 'exp', 'iat', 'jti'],
    });
    const { sub, email, stores, iat } = payload;
    if (typeof sub !== 'string' || typeof email !== 'string' || !Array.isArray(stores) || !stores.every(isStoreRole))
      return undefined;
    return { userId: sub, email, stores, issuedAt: iat! };
  } catch (error) {
    if (error instanceof errors.JOSEError) return undefined;
    throw error;
  }
}
