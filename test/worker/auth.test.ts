import { env } from 'cloudflare:workers';
import { eq } from 'drizzle-orm';
import { SignJWT } from 'jose';
import { describe, expect, it } from 'vitest';
import { refreshTokens, users } from '../../src/db/schema';
import { ACCESS_TOKEN_AUDIENCE, ACCESS_TOKEN_ISSUER, ACCESS_TOKEN_TTL_SECONDS } from '../../src/lib/access-tokens';
import { fromBase64Url, toBase64Url } from '../../src/lib/encoding';
import { api, countRoundTrips, jsonBody } from '../helpers/api';
import {
  bearer,
  burstInOneWindow,
  deleteUsersAfterTest,
  postFromNewAddress,
  postRawFromNewAddress,
  registerThroughApi,
  statusesFromOneAddress,
  TEST_PASSWORD,
  uniqueEmail,
} from '../helpers/auth';
import { deleteStoreAfterTest, testDb } from '../helpers/stores';

const post = postFromNewAddress;

function decodeClaims(token: string): Record<string, unknown> {
  return JSON.parse(new TextDecoder().decode(fromBase64Url(token.split('.')[1]!)));
}

describe('register', () => {
  it('creates an account with a normalised email, a hashed password and a session', async () => {
    const email = uniqueEmail('Mixed.Case');
    const session = await registerThroughApi(`  ${email.toUpperCase()} `);
    expect(session.user.email).toBe(email.toLowerCase());
    const [row] = await testDb().select().from(users).where(eq(users.id, session.user.id));
    expect(row!.passwordHash).toMatch(/^pbkdf2-sha256\$100000\$/);
    expect(row!.passwordHash).not.toContain(TEST_PASSWORD);
    const [stored] = await testDb().select().from(refreshTokens).where(eq(refreshTokens.userId, session.user.id));
    expect(stored!.tokenHash).not.toBe(session.refreshToken);
    expect(session.refreshToken).toMatch(/^rt_[A-Za-z0-9_-]{43}$/);
  });

  it('signs an access token with the claims the API relies on', async () => {
    const session = await registerThroughApi();
    const claims = decodeClaims(session.accessToken);
    expect(claims).toMatchObject({
      iss: ACCESS_TOKEN_ISSUER,
      aud: ACCESS_TOKEN_AUDIENCE,
      sub: session.user.id,
      stores: [],
    });
    expect(claims.exp).toBe((claims.iat as number) + ACCESS_TOKEN_TTL_SECONDS);
    expect(claims.jti).toEqual(expect.any(String));
    expect(JSON.parse(atob(session.accessToken.split('.')[0]!))).toMatchObject({ alg: 'HS256' });
  });

  it('refuses a second account for the same email, whatever its case', async () => {
    const email = uniqueEmail();
    await registerThroughApi(email);
    const response = await post('/v1/auth/register', {
      email: email.toUpperCase(),
      name: 'Again',
      password: TEST_PASSWORD,
    });
    expect(response.status).toBe(409);
    expect(await response.json()).toMatchObject({
      code: 'conflict',
      detail: 'An account with this email already exists.',
    });
  });

  it.each([
    ['too short', 'short1'],
    ['too long', 'x'.repeat(64) + 'y'.repeat(65)],
    ['common', 'Password123'],
    ['one character repeated', 'aaaaaaaaaaaa'],
  ])('refuses a password that is %s, writing nothing', async (_label, password) => {
    const email = uniqueEmail();
    const response = await post('/v1/auth/register', { email, name: 'Weak', password });
    expect(response.status).toBe(422);
    const problem = await response.json<{ code: string; errors: { path: string }[] }>();
    expect(problem.code).toBe('validation_failed');
    expect(problem.errors.map((error) => error.path)).toContain('password');
    expect(await testDb().select().from(users).where(eq(users.email, email))).toHaveLength(0);
  });

  it('refuses a password that contains the email’s name', async () => {
    const response = await post('/v1/auth/register', {
      email: 'marianela@example.test',
      name: 'M',
      password: 'marianela-2026!',
    });
    expect(response.status).toBe(422);
  });

  it.each([
    ['no body', undefined, 400],
    ['not JSON', '{"email":', 400],
    ['an invalid email', { email: 'not-an-email', name: 'X', password: TEST_PASSWORD }, 422],
    ['an unknown field', { email: uniqueEmail(), name: 'X', password: TEST_PASSWORD, role: 'owner' }, 422],
    ['a missing name', { email: uniqueEmail(), password: TEST_PASSWORD }, 422],
  ])('answers %s with problem+json', async (_label, body, status) => {
    const response = await postRawFromNewAddress('/v1/auth/register', body);
    expect(response.status).toBe(status);
    expect(response.headers.get('content-type')).toBe('application/problem+json');
  });

  it('costs one round trip', async () => {
    const email = uniqueEmail();
    deleteUsersAfterTest(email);
    const { requests, result } = await countRoundTrips(() =>
      post('/v1/auth/register', { email, name: 'One', password: TEST_PASSWORD }),
    );
    expect(result.status).toBe(201);
    expect(requests).toBe(1);
  });
});

describe('login', () => {
  it('answers a session for the right password, and records the login', async () => {
    const email = uniqueEmail();
    const registered = await registerThroughApi(email);
    const { requests, result } = await countRoundTrips(() =>
      post('/v1/auth/login', { email: email.toUpperCase(), password: TEST_PASSWORD }),
    );
    expect(result.status).toBe(200);
    expect(requests).toBe(2);
    const session = await result.json<{ user: { id: string }; accessToken: string; refreshToken: string }>();
    expect(session.user.id).toBe(registered.user.id);
    expect(session.refreshToken).not.toBe(registered.refreshToken);
    const [row] = await testDb().select().from(users).where(eq(users.id, registered.user.id));
    expect(row!.lastLoginAt).not.toBeNull();
  });

  it('answers a wrong password and an unknown email with the same 401', async () => {
    const email = uniqueEmail();
    await registerThroughApi(email);
    const wrongPassword = await post('/v1/auth/login', { email, password: 'not the password' });
    const unknownEmail = await post('/v1/auth/login', { email: uniqueEmail(), password: TEST_PASSWORD });
    expect(wrongPassword.status).toBe(401);
    expect(unknownEmail.status).toBe(401);
    const [a, b] = [await wrongPassword.json<{ detail: string }>(), await unknownEmail.json<{ detail: string }>()];
    expect(a.detail).toBe(b.detail);
  });

  it('refuses a suspended account even with the right password', async () => {
    const email = uniqueEmail();
    const { user } = await registerThroughApi(email);
    await testDb().update(users).set({ status: 'suspended' }).where(eq(users.id, user.id));
    expect((await post('/v1/auth/login', { email, password: TEST_PASSWORD })).status).toBe(403);
  });

  it('answers 429 with Retry-After after ten attempts a minute for one email', async () => {
    const responses = await burstInOneWindow(11, () => {
      const email = uniqueEmail();
      // A new address each time: the limit follows the email, not the client.
      return () => post('/v1/auth/login', { email, password: 'wrong password' });
    });
    const limited = responses.at(-1)!;
    expect(responses.slice(0, 10).every((response) => response.status === 401)).toBe(true);
    expect(limited.status).toBe(429);
    expect(limited.headers.get('retry-after')).toBe('60');
    expect(await limited.json()).toMatchObject({ code: 'rate_limited', status: 429 });
  });
});

describe('register and refresh rate limits', () => {
  it('limits registrations from one client address', async () => {
    const statuses = await statusesFromOneAddress('/v1/auth/register', () => {
      const email = uniqueEmail();
      deleteUsersAfterTest(email);
      return { email, name: 'Many', password: TEST_PASSWORD };
    });
    expect(statuses.slice(0, 10)).toEqual(Array(10).fill(201));
    expect(statuses[10]).toBe(429);
  });

  it('limits refreshes from one client address', async () => {
    const statuses = await statusesFromOneAddress('/v1/auth/refresh', () => ({ refreshToken: 'rt_unknown' }));
    expect(statuses.slice(0, 10)).toEqual(Array(10).fill(401));
    expect(statuses[10]).toBe(429);
  });
});

describe('refresh', () => {
  it('rotates: the new token works once, the old one no more, in one round trip', async () => {
    const first = await registerThroughApi();
    const { requests, result } = await countRoundTrips(() =>
      post('/v1/auth/refresh', { refreshToken: first.refreshToken }),
    );
    expect(result.status).toBe(200);
    expect(requests).toBe(1);
    const second = await result.json<{ user: { id: string }; accessToken: string; refreshToken: string }>();
    expect(second.user.id).toBe(first.user.id);
    expect(second.refreshToken).not.toBe(first.refreshToken);
    expect((await api('/v1/me', bearer(second.accessToken))).status).toBe(200);
    expect((await post('/v1/auth/refresh', { refreshToken: second.refreshToken })).status).toBe(200);
  });

  it('revokes the whole family when a rotated token is presented again', async () => {
    const first = await registerThroughApi();
    const second = await (await post('/v1/auth/refresh', { refreshToken: first.refreshToken })).json<{
      refreshToken: string;
    }>();
    const replay = await post('/v1/auth/refresh', { refreshToken: first.refreshToken });
    expect(replay.status).toBe(401);
    // The legitimate holder of the newer token is logged out too: the family is burnt.
    expect((await post('/v1/auth/refresh', { refreshToken: second.refreshToken })).status).toBe(401);
    const family = await testDb().select().from(refreshTokens).where(eq(refreshTokens.userId, first.user.id));
    expect(family.every((token) => token.revokedAt !== null)).toBe(true);
  });

  it('lets only one of two concurrent uses of a token win', async () => {
    const first = await registerThroughApi();
    const results = await Promise.all([0, 1].map(() => post('/v1/auth/refresh', { refreshToken: first.refreshToken })));
    expect(results.map((response) => response.status).sort()).toEqual([200, 401]);
  });

  it('refuses an expired, an unknown and a malformed token', async () => {
    const session = await registerThroughApi();
    await testDb()
      .update(refreshTokens)
      .set({ expiresAt: new Date(Date.now() - 1000) })
      .where(eq(refreshTokens.userId, session.user.id));
    expect((await post('/v1/auth/refresh', { refreshToken: session.refreshToken })).status).toBe(401);
    expect((await post('/v1/auth/refresh', { refreshToken: `rt_${'A'.repeat(43)}` })).status).toBe(401);
    expect((await post('/v1/auth/refresh', { refreshToken: '' })).status).toBe(422);
    expect((await post('/v1/auth/refresh', { token: session.refreshToken })).status).toBe(422);
  });

  it('carries the roles the user has now, not those of the old token', async () => {
    const session = await registerThroughApi();
    const created = await api(
      '/v1/stores',
      bearer(
        session.accessToken,
        jsonBody({ slug: `s-${crypto.randomUUID().slice(0, 8)}`, name: 'S', currency: 'USD' }),
      ),
    );
    expect(created.status).toBe(201);
    const { store } = await created.json<{ store: { id: string; slug: string } }>();
    deleteStoreAfterTest(store.id);
    const refreshed = await (await post('/v1/auth/refresh', { refreshToken: session.refreshToken })).json<{
      accessToken: string;
    }>();
    expect(decodeClaims(refreshed.accessToken).stores).toEqual([{ id: store.id, slug: store.slug, role: 'owner' }]);
  });
});

describe('logout', () => {
  it('ends the session: its refresh tokens stop working; a second logout is harmless', async () => {
    const session = await registerThroughApi();
    const { requests, result } = await countRoundTrips(() =>
      post('/v1/auth/logout', { refreshToken: session.refreshToken }),
    );
    expect(result.status).toBe(204);
    expect(requests).toBe(1);
    expect((await post('/v1/auth/refresh', { refreshToken: session.refreshToken })).status).toBe(401);
    expect((await post('/v1/auth/logout', { refreshToken: session.refreshToken })).status).toBe(204);
  });
});

describe('GET /v1/me', () => {
  it('answers the account in one round trip', async () => {
    const session = await registerThroughApi();
    const { requests, result } = await countRoundTrips(() => api('/v1/me', bearer(session.accessToken)));
    expect(result.status).toBe(200);
    expect(requests).toBe(1);
    expect(await result.json()).toMatchObject({ id: session.user.id, email: session.user.email, stores: [] });
  });

  const secret = () => new TextEncoder().encode(env.JWT_SECRET);
  const now = () => Math.floor(Date.now() / 1000);
  async function token(
    overrides: { iss?: string; aud?: string; exp?: number; nbf?: number; key?: Uint8Array } = {},
    subject = '0193b5d2-7f3a-7c4e-9a41-8d3e2f1b6c5a',
  ) {
    return new SignJWT({ email: 'x@example.test', stores: [] })
      .setProtectedHeader({ alg: 'HS256' })
      .setIssuer(overrides.iss ?? ACCESS_TOKEN_ISSUER)
      .setAudience(overrides.aud ?? ACCESS_TOKEN_AUDIENCE)
      .setSubject(subject)
      .setJti(crypto.randomUUID())
      .setIssuedAt(now() - 10)
      .setNotBefore(overrides.nbf ?? now() - 10)
      .setExpirationTime(overrides.exp ?? now() + 600)
      .sign(overrides.key ?? secret());
  }

  const badTokens: [string, () => Promise<string>][] = [
    [
      'forged (another secret)',
      () => token({ key: new TextEncoder().encode('another-secret-that-is-32-bytes-long!!') }),
    ],
    ['expired', () => token({ exp: now() - 60 })],
    ['not yet valid', () => token({ nbf: now() + 600 })],
    ['from another issuer', () => token({ iss: 'https://evil.example' })],
    ['for another audience', () => token({ aud: 'urn:someone-else' })],
    [
      'unsigned (alg: none)',
      async () => {
        const [, payload] = (await token()).split('.');
        return `${toBase64Url(new TextEncoder().encode(JSON.stringify({ alg: 'none', typ: 'JWT' })))}.${payload}.`;
      },
    ],
    [
      'tampered',
      async () => {
        const [header, , signature] = (await token()).split('.');
        const claims = {
          ...decodeClaims(await token()),
          stores: [{ id: crypto.randomUUID(), slug: 'x', role: 'owner' }],
        };
        return `${header}.${toBase64Url(new TextEncoder().encode(JSON.stringify(claims)))}.${signature}`;
      },
    ],
    ['garbage', async () => 'not-a-jwt'],
    ['an API key', async () => 'ck_abcdefghijkl.secret'],
  ];

  it.each(badTokens)('answers a token that is %s with 401', async (_label, make) => {
    const response = await api('/v1/me', bearer(await make()));
    expect(response.status).toBe(401);
    expect(response.headers.get('www-authenticate')).toContain('invalid_token');
    expect(await response.json()).toMatchObject({ code: 'unauthorized' });
  });

  it('answers no credentials, or another scheme, with 401', async () => {
    const none = await api('/v1/me');
    expect(none.status).toBe(401);
    expect(none.headers.get('www-authenticate')).toBe('Bearer realm="api"');
    expect((await api('/v1/me', { headers: { authorization: 'Basic dXNlcjpwYXNz' } })).status).toBe(401);
  });

  it('answers 401 when the token’s account was deleted', async () => {
    const session = await registerThroughApi();
    await testDb().delete(users).where(eq(users.id, session.user.id));
    expect((await api('/v1/me', bearer(session.accessToken))).status).toBe(401);
  });
});
