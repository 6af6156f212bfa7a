import { eq, sql, type SQL } from 'drizzle-orm';
import type { Database } from '../db/client';
import { refreshTokens, users } from '../db/schema';
import { isUniqueViolation } from '../db/sql/errors';
import { ApiError } from '../lib/api-error';
import type { StoreRole } from '../lib/access-tokens';
import { uuidv7 } from '../lib/ids';
import { hashPassword, verifyPassword } from '../lib/password';
import { randomSecret, sha256 } from '../lib/secrets';

/** Refresh tokens live 30 days from their last rotation: an idle session ends after a month. */
export const REFRESH_TOKEN_TTL_DAYS = 30;
const REFRESH_TOKEN_PREFIX = 'rt_';
/** The password hash of an account made by an external sign-in: not a hash at all, so no password ever matches it. */
const EXTERNAL_ONLY = 'external-identity-only';

/** An account as the API shows it to its owner, with the roles its access tokens carry. */
export interface Account {
  id: string;
  email: string;
  name: string;
  emailVerified: boolean;
  createdAt: string;
  stores: StoreRole[];
}

/** A user's roles in active stores, as one JSON array built inside whichever query needs it. */
export function storeRolesOf(userId: SQL | string): SQL<StoreRole[]> {
  return sql<StoreRole[]>`(
    SELECT coalesce(json_agg(json_build_object('id', s.id, 'slug', s.slug, 'role', m.role) ORDER BY s.slug), '[]'::json)
    FROM store_members m JOIN stores s ON s.id = m.store_id
    WHERE m.user_id = ${userId} AND s.status = 'active')`;
}

/** A user's roles as a batch item: `[{ stores }]`, read after the batch's writes. */
export function readStoreRoles(db: Database, userId: string) {
  return db.select({ stores: storeRolesOf(userId) }).from(sql`(SELECT 1) AS one`);
}

const accountColumns = {
  id: users.id,
  email: users.email,
  name: users.name,
  emailVerified: users.emailVerified,
  createdAt: users.createdAt,
  stores: storeRolesOf(sql`${users.id}`),
};

/** The account without its roles, for a write that returns the row it wrote. */
const { stores: _roles, ...userColumns } = accountColumns;

type AccountRow = { createdAt: Date } & Omit<Account, 'createdAt'>;

function toAccount(row: AccountRow): Account {
  return { ...row, createdAt: row.createdAt.toISOString() };
}

interface NewRefreshToken {
  id: string;
  token: string;
  tokenHash: string;
  expiresAt: Date;
}

async function newRefreshToken(now = Date.now()): Promise<NewRefreshToken> {
  const token = `${REFRESH_TOKEN_PREFIX}${randomSecret()}`;
  return {
    id: uuidv7(now),
    token,
    tokenHash: await sha256(token),
    expiresAt: new Date(now + REFRESH_TOKEN_TTL_DAYS * 86_400_000),
  };
}

/** Creates an account and its first session in one batch; a taken email is a 409. */
export async function register(db: Database, input: { email: string; name: string; password: string }) {
  const userId = uuidv7();
  const refresh = await newRefreshToken();
  try {
    const [[user]] = await db.batch([
      db
        .insert(users)
        .values({ id: userId, email: input.email, name: input.name, passwordHash: await hashPassword(input.password) })
        .returning(userColumns),
      db.insert(refreshTokens).values({
        id: refresh.id,
        userId,
        tokenHash: refresh.tokenHash,
        familyId: refresh.id,
        expiresAt: refresh.expiresAt,
      }),
    ]);
    return { account: toAccount({ ...user!, stores: [] }), refreshToken: refresh.token };
  } catch (error) {
    if (isUniqueViolation(error, 'users_email_unique'))
      throw new ApiError('conflict', 'An account with this email already exists.');
    throw error;
  }
}

/**
 * Hashed once per isolate and checked when no account has the email, so that
 * a wrong email costs the same PBKDF2 time as a wrong password and the
 * timing tells nothing about which accounts exist.
 */
let decoyHash: Promise<string> | undefined;

/**
 * Checks email and password (two round trips: read, then write the new
 * session). Every failure is the same 401, so the answer never says whether
 * the email has an account.
 */
export async function login(db: Database, input: { email: string; password: string }) {
  const [row] = await db
    .select({ ...accountColumns, passwordHash: users.passwordHash, status: users.status })
    .from(users)
    .where(eq(users.email, input.email))
    .limit(1);
  const passwordMatches = await verifyPassword(
    input.password,
    row?.passwordHash ?? (await (decoyHash ??= hashPassword(randomSecret()))),
  );
  if (!row || !passwordMatches) throw new ApiError('unauthorized', 'The email or password is wrong.');
  if (row.status !== 'active') throw new ApiError('forbidden', 'This account is suspended.');

  const refresh = await newRefreshToken();
  await db.batch([
    db.insert(refreshTokens).values({
      id: refresh.id,
      userId: row.id,
      tokenHash: refresh.tokenHash,
      familyId: refresh.id,
      expiresAt: refresh.expiresAt,
    }),
    db.update(users).set({ lastLoginAt: new Date() }).where(eq(users.id, row.id)),
  ]);
  const { passwordHash: _hash, status: _status, ...account } = row;
  return { account: toAccount(account), refreshToken: refresh.token };
}

/**
 * Rotates a refresh token in one batch transaction. The rotation is one
 * guarded UPDATE, so of two concurrent uses only one succeeds. A token that
 * was already rotated is a stolen copy or a replay: the statement after the
 * rotation (a fresh snapshot, so it also sees a concurrent winner) revokes
 * its whole family, the thief's and the owner's sessions alike.
 */
export async function refresh(db: Database, presented: string) {
  const presentedHash = await sha256(presented);
  const next = await newRefreshToken();
  const [rotated, , , [account]] = await db.batch([
    db.execute<{ user_id: string }>(sql`
      UPDATE refresh_tokens t SET rotated_at = now(), replaced_by = ${next.id}
      FROM users u
      WHERE t.token_hash = ${presentedHash} AND u.id = t.user_id AND u.status = 'active'
        AND t.rotated_at IS NULL AND t.revoked_at IS NULL AND t.expires_at > now()
      RETURNING t.user_id`),
    db.execute(sql`
      INSERT INTO refresh_tokens (id, user_id, token_hash, family_id, expires_at)
      SELECT ${next.id}::uuid, user_id, ${next.tokenHash}, family_id, ${next.expiresAt}::timestamptz
      FROM refresh_tokens WHERE token_hash = ${presentedHash} AND replaced_by = ${next.id}`),
    db.execute(sql`
      UPDATE refresh_tokens SET revoked_at = now()
      WHERE revoked_at IS NULL AND family_id = (
        SELECT family_id FROM refresh_tokens
        WHERE token_hash = ${presentedHash} AND rotated_at IS NOT NULL AND replaced_by IS DISTINCT FROM ${next.id}::uuid)`),
    db
      .select(accountColumns)
      .from(users)
      .where(sql`${users.id} = (SELECT user_id FROM refresh_tokens WHERE id = ${next.id})`),
  ]);
  if (rotated.rows.length === 0 || !account)
    throw new ApiError('unauthorized', 'The refresh token is invalid, expired or already used.');
  return { account: toAccount(account), refreshToken: next.token };
}

/**
 * Signs in someone an external identity provider vouches for: links to the
 * account with that email, or creates one without a password (its hash is a
 * marker no password verifies against). One batch: upsert, new session, read
 * back. A suspended account gets no session.
 */
export async function signInExternal(db: Database, identity: { email: string; name?: string }) {
  const refresh = await newRefreshToken();
  const byEmail = eq(users.email, identity.email);
  const [[user], , [account]] = await db.batch([
    db
      .insert(users)
      .values({
        id: uuidv7(),
        email: identity.email,
        name: identity.name ?? identity.email,
        passwordHash: EXTERNAL_ONLY,
        emailVerified: true,
        lastLoginAt: new Date(),
      })
      .onConflictDoUpdate({ target: users.email, set: { lastLoginAt: new Date() } })
      .returning({ status: users.status }),
    db.execute(sql`
      INSERT INTO refresh_tokens (id, user_id, token_hash, family_id, expires_at)
      SELECT ${refresh.id}::uuid, id, ${refresh.tokenHash}, ${refresh.id}::uuid, ${refresh.expiresAt}::timestamptz
      FROM users WHERE email = ${identity.email} AND status = 'active'`),
    db.select(accountColumns).from(users).where(byEmail),
  ]);
  if (user!.status !== 'active') throw new ApiError('forbidden', 'This account is suspended.');
  return { account: toAccount(account!), refreshToken: refresh.token };
}

/** Ends the session a refresh token belongs to (its whole family). Idempotent: an unknown token changes nothing. */
export async function logout(db: Database, presented: string): Promise<void> {
  const presentedHash = await sha256(presented);
  await db.execute(sql`
    UPDATE refresh_tokens SET revoked_at = now()
    WHERE revoked_at IS NULL AND family_id = (SELECT family_id FROM refresh_tokens WHERE token_hash = ${presentedHash})`);
}

/** The caller's account, fresh from the database; an account deleted since the token was signed is a 401. */
export async function getAccount(db: Database, userId: string): Promise<Account> {
  const [row] = await db.select(accountColumns).from(users).where(eq(users.id, userId)).limit(1);
  if (!row) throw new ApiError('unauthorized', 'The account of this access token no longer exists.');
  return toAccount(row);
}
