import { createRoute, OpenAPIHono } from '@hono/zod-openapi';
import type { Context } from 'hono';
import type { AppEnv } from '../env';
import { clientAddress, enforceRateLimit } from '../http/rate-limit';
import { validationHook } from '../http/validation';
import { signAccessToken } from '../lib/access-tokens';
import { LoginBody, RefreshTokenBody, RegisterBody, SessionSchema } from '../schemas/auth';
import { jsonContent, problemResponses } from '../schemas/common';
import { login, logout, refresh, register, type Account } from '../services/accounts';

const sessionResponse = { description: 'The account, a 15-minute access token and a refresh token', ...jsonContent(SessionSchema) };
const rateLimited = { 429: 'Too many attempts; `Retry-After` says when to try again' } as const;

const registerRoute = createRoute({
  method: 'post',
  path: '/v1/auth/register',
  tags: ['Identity'],
  summary: 'Create an account',
  description: 'Emails are trimmed and lower-cased. Passwords: 10 to 128 characters, not a common one. Rate-limited per client address. One round trip.',
  request: { body: { required: true, ...jsonContent(RegisterBody) } },
  responses: { 201: sessionResponse, ...problemResponses({ 409: 'An account with this email exists', 422: 'A field is invalid', ...rateLimited }) },
});

const loginRoute = createRoute({
  method: 'post',
  path: '/v1/auth/login',
  tags: ['Identity'],
  summary: 'Sign in with email and password',
  description: 'Rate-limited per email. Two round trips: read the account, then record the session.',
  request: { body: { required: true, ...jsonContent(LoginBody) } },
  responses: { 200: sessionResponse, ...problemResponses({ 401: 'The email or password is wrong', 403: 'The account is suspended', 422: 'A field is invalid', ...rateLimited }) },
});

const refreshRoute = createRoute({
  method: 'post',
  path: '/v1/auth/refresh',
  tags: ['Identity'],
  summary: 'Trade a refresh token for new tokens',
  description:
    'Each refresh token works once and is replaced by the one answered. Presenting one that was already used revokes every token of its session. Rate-limited per client address. One round trip.',
  request: { body: { required: true, ...jsonContent(RefreshTokenBody) } },
  responses: { 200: sessionResponse, ...problemResponses({ 401: 'Unknown, expired, revoked or already used', 422: 'A field is invalid', ...rateLimited }) },
});

const logoutRoute = createRoute({
  method: 'post',
  path: '/v1/auth/logout',
  tags: ['Identity'],
  summary: 'End a session',
  description: 'Revokes the refresh token and every other token of its session. Idempotent. One round trip.',
  request: { body: { required: true, ...jsonContent(RefreshTokenBody) } },
  responses: { 204: { description: 'The session is over' }, ...problemResponses({ 422: 'A field is invalid' }) },
});

async function sessionOf(c: Context<AppEnv>, account: Account, refreshToken: string) {
  return { user: account, ...(await signAccessToken(c.env.JWT_SECRET, account, account.stores)), refreshToken };
}

/** Accounts and sessions: register, login, refresh, logout. */
export const authRoutes = new OpenAPIHono<AppEnv>({ defaultHook: validationHook })
  .openapi(registerRoute, async (c) => {
    await enforceRateLimit(c.env.AUTH_RATE_LIMITER, 'register', clientAddress(c));
    const { account, refreshToken } = await register(c.var.db, c.req.valid('json'));
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
  .openapi(logoutRoute, async (c) => {
    await logout(c.var.db, c.req.valid('json').refreshToken);
    return c.body(null, 204);
  });
