import { env } from 'cloudflare:workers';
import { eq } from 'drizzle-orm';
import { generateKeyPair, importJWK, SignJWT, type JWK } from 'jose';
import { describe, expect, it } from 'vitest';
import { users } from '../../src/db/schema';
import { api, jsonBody } from '../helpers/api';
import { bearer, deleteUsersAfterTest, registerThroughApi, uniqueAddress, uniqueEmail } from '../helpers/auth';
import { testDb } from '../helpers/stores';

type Alg = 'RS256' | 'ES256' | 'EdDSA';
const privateKeys = JSON.parse(env.TEST_IDP_PRIVATE_JWKS) as (JWK & { kid: string; alg: Alg })[];

interface Claims {
  email?: string;
  email_verified?: boolean;
  name?: string;
  iss?: string;
  aud?: string;
  exp?: number;
}

async function providerToken(alg: Alg, claims: Claims, key?: { kid: string; key: CryptoKey }): Promise<string> {
  const jwk = privateKeys.find((candidate) => candidate.alg === alg)!;
  const now = Math.floor(Date.now() / 1000);
  const { iss = env.AUTH_JWKS_ISSUER!, aud = env.AUTH_JWKS_AUDIENCE!, exp = now + 300, ...rest } = claims;
  return new SignJWT({ ...rest })
    .setProtectedHeader({ alg, kid: key?.kid ?? jwk.kid })
    .setIssuer(iss)
    .setAudience(aud)
    .setSubject('idp|123')
    .setIssuedAt(now)
    .setExpirationTime(exp)
    .sign(key?.key ?? (await importJWK(jwk, alg)));
}

const exchange = (token: string) =>
  api('/v1/auth/external', jsonBody({ token }, { headers: { 'cf-connecting-ip': uniqueAddress() } }));

describe('sign-in through an external identity provider (JWKS)', () => {
  it.each(['RS256', 'ES256', 'EdDSA'] as const)(
    'trades a verified %s token for a session, creating the account',
    async (alg) => {
      const email = uniqueEmail('idp');
      deleteUsersAfterTest(email);
      const response = await exchange(
        await providerToken(alg, { email: email.toUpperCase(), email_verified: true, name: 'Ada' }),
      );
      expect(response.status).toBe(200);
      const session = await response.json<{
        user: { email: string; name: string };
        accessToken: string;
        refreshToken: string;
      }>();
      expect(session.user).toMatchObject({ email, name: 'Ada', emailVerified: true });
      expect((await api('/v1/me', bearer(session.accessToken))).status).toBe(200);
      // The account has no password: nothing logs into it but the provider.
      const login = await api('/v1/auth/login', jsonBody({ email, password: 'external-identity-only' }));
      expect(login.status).toBe(401);
    },
  );

  it('links to an existing account with the same email', async () => {
    const registered = await registerThroughApi();
    const response = await exchange(
      await providerToken('ES256', { email: registered.user.email, email_verified: true }),
    );
    expect(response.status).toBe(200);
    expect((await response.json<{ user: { id: string } }>()).user.id).toBe(registered.user.id);
    const [row] = await testDb().select().from(users).where(eq(users.id, registered.user.id));
    expect(row!.passwordHash).toMatch(/^pbkdf2-sha256\$/);
  });

  it.each<[string, () => Promise<string>]>([
    ['an unverified email', () => providerToken('RS256', { email: uniqueEmail(), email_verified: false })],
    ['no email', () => providerToken('RS256', { email_verified: true })],
    [
      'another issuer',
      () => providerToken('RS256', { email: uniqueEmail(), email_verified: true, iss: 'https://evil.example/' }),
    ],
    [
      'another audience',
      () => providerToken('ES256', { email: uniqueEmail(), email_verified: true, aud: 'someone-else' }),
    ],
    [
      'an expired token',
      () =>
        providerToken('EdDSA', { email: uniqueEmail(), email_verified: true, exp: Math.floor(Date.now() / 1000) - 60 }),
    ],
    [
      'a key the provider does not publish',
      async () => {
        const { privateKey } = await generateKeyPair('ES256');
        return providerToken(
          'ES256',
          { email: uniqueEmail(), email_verified: true },
          { kid: 'test-es256', key: privateKey },
        );
      },
    ],
    ['one of our own HS256 tokens', async () => (await registerThroughApi()).accessToken],
  ])('refuses %s with 401 and creates nothing', async (_label, make) => {
    const response = await exchange(await make());
    expect(response.status).toBe(401);
    expect(await response.json()).toMatchObject({ code: 'unauthorized' });
  });
});
