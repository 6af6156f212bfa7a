import type { z } from '@hono/zod-openapi';
import type {
  AccountSchema,
  ExternalTokenBody,
  LoginBody,
  RefreshTokenBody,
  RegisterBody,
  SessionSchema,
} from '../../schemas/auth';
import { BUYER_EMAIL, OWNER_EMAIL, at, ids, tokens } from './story';

/** Whole-body examples of src/schemas/auth.ts, for the OpenAPI document (the story is in story.ts). */

/** Lucía opens an account after her first order. */
export const register = {
  email: BUYER_EMAIL,
  name: 'Lucía Fernández',
  password: 'mate con medialunas 2026',
  store: 'balsamoa',
} satisfies z.input<typeof RegisterBody>;

/** The demo store's owner, with the password `npm run dev` seeds. */
export const login = { email: OWNER_EMAIL, password: 'demo-password-123' } satisfies z.input<typeof LoginBody>;

export const refreshToken = { refreshToken: tokens.ownerRefresh } satisfies z.input<typeof RefreshTokenBody>;

export const externalToken = {
  token:
    'eyJhbGciOiJSUzI1NiIsInR5cCI6IkpXVCIsImtpZCI6ImsxIn0.eyJpc3MiOiJodHRwczovL2xvZ2luLmV4YW1wbGUuY29tLyIsInN1YiI6ImF1dGgwfDY1ZjNjMmExIiwiYXVkIjoiZWRnZS1jb21tZXJjZSIsImVtYWlsIjoibHVjaWEuZmVybmFuZGV6QGV4YW1wbGUuY29tIiwiZW1haWxfdmVyaWZpZWQiOnRydWUsImlhdCI6MTc5NjExOTQyMCwiZXhwIjoxNzk2MTIzMDIwfQ.WnaYECymbPCRMMflJnroCMtKGkt3Y1h2T6d5VfNJWtE',
} satisfies z.input<typeof ExternalTokenBody>;

export const ownerAccount = {
  id: ids.owner,
  email: OWNER_EMAIL,
  name: 'Balsamoa Owner',
  emailVerified: true,
  createdAt: at.ownerJoined,
  stores: [{ id: ids.store, slug: 'balsamoa', role: 'owner' }],
} satisfies z.output<typeof AccountSchema>;

export const ownerSession = {
  user: ownerAccount,
  accessToken: tokens.ownerAccess,
  expiresIn: 900,
  refreshToken: tokens.ownerRefresh,
} satisfies z.output<typeof SessionSchema>;

export const buyerSession = {
  user: {
    id: ids.buyer,
    email: BUYER_EMAIL,
    name: 'Lucía Fernández',
    emailVerified: false,
    createdAt: at.buyerJoined,
    stores: [],
  },
  accessToken: tokens.buyerAccess,
  expiresIn: 900,
  refreshToken: tokens.buyerRefresh,
} satisfies z.output<typeof SessionSchema>;

/** The owner's session traded at /v1/auth/refresh (`refreshToken`): a new refresh token replaces the one sent. */
export const refreshedSession = {
  ...ownerSession,
  refreshToken: tokens.ownerRefreshNext,
} satisfies z.output<typeof SessionSchema>;

/** Lucía signed in with her identity provider, which vouches for her email. */
export const externalSession = {
  ...buyerSession,
  user: { ...buyerSession.user, emailVerified: true },
} satisfies z.output<typeof SessionSchema>;
