import { env } from 'cloudflare:workers';
import { eq, inArray } from 'drizzle-orm';
import { onTestFinished } from 'vitest';
import { storeMembers, users } from '../../src/db/schema';
import { signAccessToken, type StoreRole } from '../../src/lib/access-tokens';
import { uuidv7 } from '../../src/lib/ids';
import type { MemberRole, Permission } from '../../src/lib/permissions';
import { createApiKey } from '../../src/services/api-keys';
import { api, jsonBody } from './api';
import { createTestStore, testDb, type TestStore } from './stores';

export const TEST_PASSWORD = 'correct horse battery staple';

/** An email no other test uses. */
export function uniqueEmail(label = 'user'): string {
  return `${label}-${uuidv7().slice(-12)}@example.test`;
}

/** A client address of the test's own, so rate limits keyed by address never couple tests. */
export function uniqueAddress(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(3));
  return `10.${bytes[0]}.${bytes[1]}.${bytes[2]}`;
}

/** Deletes, when the test finishes, the accounts registered under these emails. */
export function deleteUsersAfterTest(...emails: string[]): void {
  onTestFinished(async () => {
    await testDb().delete(users).where(inArray(users.email, emails));
  });
}

/** Registers an account through the API (as a client would) and answers its session. */
export async function registerThroughApi(email = uniqueEmail(), password = TEST_PASSWORD) {
  deleteUsersAfterTest(email.trim().toLowerCase());
  const response = await api(
    '/v1/auth/register',
    jsonBody({ email, name: 'Test User', password }, { headers: { 'cf-connecting-ip': uniqueAddress() } }),
  );
  if (response.status !== 201) throw new Error(`register answered ${response.status}: ${await response.text()}`);
  return (await response.json()) as { user: { id: string; email: string }; accessToken: string; refreshToken: string };
}

export interface TestUser {
  id: string;
  email: string;
}

/** A user written straight to the database, with no usable password, deleted after the test. */
export async function createTestUser(): Promise<TestUser> {
  const user = { id: uuidv7(), email: uniqueEmail() };
  await testDb()
    .insert(users)
    .values({ ...user, name: 'Test User', passwordHash: 'none' });
  onTestFinished(async () => {
    await testDb().delete(users).where(eq(users.id, user.id));
  });
  return user;
}

/** A real access token for `user` with these store roles, signed with the Worker's secret. */
export async function accessTokenFor(user: TestUser, stores: StoreRole[]): Promise<string> {
  return (await signAccessToken(env.JWT_SECRET, user, stores)).accessToken;
}

/** `Authorization: Bearer <credential>` as request init. */
export function bearer(credential: string, init: RequestInit = {}): RequestInit {
  return { ...init, headers: { ...init.headers, authorization: `Bearer ${credential}` } };
}

export interface StoreTeam {
  store: TestStore;
  tokens: Record<MemberRole, string>;
  users: Record<MemberRole, TestUser>;
  memberIds: Record<MemberRole, string>;
}

/** A store of the test's own with an owner, an admin and a staff member, and an access token for each. */
export async function createStoreWithTeam(): Promise<StoreTeam> {
  const store = await createTestStore();
  const roles: MemberRole[] = ['owner', 'admin', 'staff'];
  const team = await Promise.all(
    roles.map(async (role) => {
      const user = await createTestUser();
      const memberId = uuidv7();
      await testDb().insert(storeMembers).values({ id: memberId, storeId: store.id, userId: user.id, role });
      return { role, user, memberId, token: await accessTokenFor(user, [{ id: store.id, slug: store.slug, role }]) };
    }),
  );
  const byRole = <T>(pick: (member: (typeof team)[number]) => T) =>
    Object.fromEntries(team.map((member) => [member.role, pick(member)])) as Record<MemberRole, T>;
  return { store, tokens: byRole((m) => m.token), users: byRole((m) => m.user), memberIds: byRole((m) => m.memberId) };
}

/** An API key of `store` with these scopes, made by the service itself; answers the whole key. */
export async function createTestApiKey(
  store: TestStore,
  scopes: Permission[],
  expiresAt?: Date,
): Promise<{ id: string; secret: string }> {
  const creator = await createTestUser();
  const context = { storeId: store.id, actor: { type: 'user' as const, id: creator.id }, requestId: 'test' };
  const { apiKey, secret } = await createApiKey(testDb(), context, { name: 'test key', scopes, expiresAt });
  return { id: apiKey.id, secret };
}

/** `init` from a client address of the request's own, so limits keyed by address never couple requests or tests. */
export function fromNewAddress(init: RequestInit = {}): RequestInit {
  return { ...init, headers: { ...init.headers, 'cf-connecting-ip': uniqueAddress() } };
}

/** POSTs `body` as JSON from a new client address. */
export function postFromNewAddress(path: string, body: unknown, init: RequestInit = {}): Promise<Response> {
  return api(path, fromNewAddress(jsonBody(body, init)));
}

/** POSTs a body as it is given (text as it is, anything else as JSON, undefined as none) as JSON from a new client address. */
export function postRawFromNewAddress(path: string, body: unknown): Promise<Response> {
  const init: RequestInit = { method: 'POST', headers: { 'content-type': 'application/json' } };
  if (body !== undefined) init.body = typeof body === 'string' ? body : JSON.stringify(body);
  return api(path, fromNewAddress(init));
}

/**
 * The answers of a burst of `count` requests meant to end refused (429):
 * `burst()` starts one (a client address or an email of its own) and gives
 * what sends each request of it. Rate limiters count in fixed windows
 * aligned to the clock, so a burst that straddles a window's end is counted
 * in two; of two bursts at most one can straddle, so a second is sent when
 * the first did not end refused. Answers the last burst's responses.
 */
export async function burstInOneWindow(count: number, burst: () => () => Promise<Response>): Promise<Response[]> {
  let responses: Response[] = [];
  for (let tries = 0; tries < 2 && responses.at(-1)?.status !== 429; tries++) {
    const send = burst();
    responses = [];
    for (let attempt = 0; attempt < count; attempt++) responses.push(await send());
  }
  return responses;
}

/** The statuses of a burst (`burstInOneWindow`) of `count` POSTs to `path` from one client address, each with the body `body()` makes. */
export async function statusesFromOneAddress(path: string, body: () => unknown, count = 11): Promise<number[]> {
  const responses = await burstInOneWindow(count, () => {
    const address = uniqueAddress();
    return () => api(path, jsonBody(body(), { headers: { 'cf-connecting-ip': address } }));
  });
  return responses.map((response) => response.status);
}
