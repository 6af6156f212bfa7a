import { createRoute, OpenAPIHono, type z } from '@hono/zod-openapi';
import type { Context } from 'hono';
import type { AppEnv } from '../env';
import { publicAccess } from '../http/security';
import { unauthorized } from '../http/authenticate';
import { ApiError } from '../lib/api-error';
import { clientAddress, enforceRateLimit } from '../http/rate-limit';
import { validationHook } from '../http/validation';
import { signAccessToken } from '../lib/access-tokens';
import { verifyExternalToken, type IdentityProvider } from '../lib/external-identity';
import { ExternalTokenBody, LoginBody, RefreshTokenBody, RegisterBody, SessionSchema } from '../schemas/auth';
import { examples, documenting } from '#examples';
import { jsonContent, malformedBody, problemResponses } from '../schemas/common';
import { login, logout, refresh, register, signInExternal, type Account } from '../services/accounts';

/** The answer of the routes that sign in, with an example of a session when one fits. */
const sessionResponse = (example?: z.output<typeof SessionSchema>) => ({
  description: documenting && 'The account, a 15-minute access token and a refresh token',
  ...jsonContent(SessionSchema, example),
});
const rateLimited = documenting && ({ 429: 'Too many attempts; `Retry-After` says when to try again' } as const);

const registerRoute = createRoute({
  method: 'post',
  path: '/v1/auth/register',
  operationId: documenting && 'register',
  ...publicAccess,
  tags: ['Identity'],
  request: { body: { required: true, ...jsonContent(RegisterBody, documenting && examples.register) } },
  responses: documenting && {
    201: sessionResponse(examples.buyerSession),
    ...problemResponses({
      ...malformedBody,
      409: 'An account with this email exists',
      422: 'A field is invalid',
      ...rateLimited,
    }),
  },
});

const loginRoute = createRoute({
  method: 'post',
  path: '/v1/auth/login',
  operationId: documenting && 'login',
  ...publicAccess,
  tags: ['Identity'],
  request: { body: { required: true, ...jsonContent(LoginBody, documenting && examples.login) } },
  responses: documenting && {
    200: sessionResponse(examples.ownerSession),
    ...problemResponses({
      ...malformedBody,
      401: 'The email or password is wrong',
      403: 'The account is suspended',
      422: 'A field is invalid',
      ...rateLimited,
    }),
  },
});

const refreshRoute = createRoute({
  method: 'post',
  path: '/v1/auth/refresh',
  operationId: documenting && 'refreshTokens',
  ...publicAccess,
  tags: ['Identity'],
  request: { body: { required: true, ...jsonContent(RefreshTokenBody, documenting && examples.refreshToken) } },
  responses: documenting && {
    200: sessionResponse(examples.refreshedSession),
    ...problemResponses({
      ...malformedBody,
      401: 'Unknown, expired, revoked or already used',
      422: 'A field is invalid',
      ...rateLimited,
    }),
  },
});

const logoutRoute = createRoute({
  method: 'post',
  path: '/v1/auth/logout',
  operationId: documenting && 'logout',
  ...publicAccess,
  tags: ['Identity'],
  request: { body: { required: true, ...jsonContent(RefreshTokenBody, documenting && examples.refreshToken) } },
  responses: documenting && {
    204: { description: 'The session is over' },
    ...problemResponses({ ...malformedBody, 422: 'A field is invalid' }),
  },
});

const externalRoute = createRoute({
  method: 'post',
  path: '/v1/auth/external',
  operationId: documenting && 'signInExternal',
  ...publicAccess,
  tags: ['Identity'],
  request: { body: { required: true, ...jsonContent(ExternalTokenBody, documenting && examples.externalToken) } },
  responses: documenting && {
    200: sessionResponse(examples.externalSession),
    ...problemResponses({
      ...malformedBody,
      401: 'The token is invalid, expired, or its email is not verified',
      403: 'The account is suspended',
      404: 'No external provider is configured',
      422: 'A field is invalid',
      ...rateLimited,
    }),
  },
});

function identityProvider(env: AppEnv['Bindings']): IdentityProvider {
  const { AUTH_JWKS_URL: jwksUrl, AUTH_JWKS_ISSUER: issuer, AUTH_JWKS_AUDIENCE: audience } = env;
  if (!jwksUrl || !issuer || !audience)
    throw new ApiError('not_found', 'This deployment has no external identity provider.');
  return { jwksUrl, issuer, audience };
}

async function sessionOf(c: Context<AppEnv>, account: Account, refreshToken: string) {
  return { user: account, ...(await signAccessToken(c.env.JWT_SECRET, account, account.stores)), refreshToken };
}

/** Accounts and sessions: register, login, refresh, logout. */
export const authRoutes = new OpenAPIHono<AppEnv>({ defaultHook: validationHook })
  .openapi(registerRoute, async (c) => {
    await enforceRateLimit(c.env.AUTH_RATE_LIMITER, 'register', clientAddress(c));
    const { account, refreshToken } = await register(c.var.db, c.req.valid('json'), new URL(c.req.url).origin);
    return c.json(await sessionOf(c, account, refreshToken), 201);
  })
  .openapi(loginRoute, async (c) => {
    const credentials = c.req.valid('json');
    await enforceRateLimit(c.env.AUTH_RATE_LIMITER, 'login', credentials.email);
    const { account, refreshToken } = await login(c.var.db, credentials);
    return c.json(await sessionOf(c, account, refreshToken), 200);
  })
  .openapi(refreshRoute, async (c) => {
    await enforceRateLimit(c.env.AUTH_RATE_LIMITER, 'refresh', clientAddress(c));
    const { account, refreshToken } = await refresh(c.var.db, c.req.valid('json').refreshToken);
    return c.json(await sessionOf(c, account, refreshToken), 200);
  })
  .openapi(externalRoute, async (c) => {
    const provider = identityProvider(c.env);
    await enforceRateLimit(c.env.AUTH_RATE_LIMITER, 'external', clientAddress(c));
    const identity = await verifyExternalToken(provider, c.req.valid('json').token);
    if (!identity)
      throw unauthorized('The identity provider’s token is invalid, expired or lacks a verified email.', true);
    const { account, refreshToken } = await signInExternal(c.var.db, identity);
    return c.json(await sessionOf(c, account, refreshToken), 200);
  })
  .openapi(logoutRoute, async (c) => {
    await logout(c.var.db, c.req.valid('json').refreshToken);
    return c.body(null, 204);
  });
