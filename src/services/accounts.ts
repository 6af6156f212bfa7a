import { type SQL, sql } from 'drizzle-orm';
import type { Database } from '../db/client';
import { runBatch, runStatement } from '../db/sql/batch';
import { isUniqueViolation } from '../db/sql/errors';
import { type Statement, statement } from '../db/sql/statement';
import { isoTimestamp } from '../db/sql/views';
import type { StoreRole } from '../lib/access-tokens';
import { ApiError } from '../lib/api-error';
import { uuidv7 } from '../lib/ids';
import { hashPassword, verifyPassword } from '../lib/password';
import { randomSecret, sha256 } from '../lib/secrets';
import { mailAccountToken } from './account-recovery/account-mails';
import { staffReachable } from './stores';

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

/** A user's roles in the stores they can reach (active or closed), as one JSON array built inside whichever query needs it. */
export function storeRolesOf(userId: SQL | string): SQL<StoreRole[]> {
  return sql<StoreRole[]>`(
    SELECT coalesce(json_agg(json_build_object('id', s.id, 'slug', s.slug, 'role', m.role) ORDER BY s.slug), '[]'::json)
    FROM store_members m
    JOIN stores s ON s.id = m.store_id
    WHERE m.user_id = ${userId} AND ${staffReachable('s')})`;
}

/** A user's roles, `[{ stores }]`: the last statement of a batch that changed them. */
export function readStoreRoles(userId: string): Statement<{ stores: StoreRole[] }> {
  return statement(sql`SELECT ${storeRolesOf(userId)} AS stores`);
}

/** User alias `u` as an `Account` (JSON, parsed by the driver), with its roles unless `withRoles` is false. */
function accountJson(withRoles = true): SQL {
  const stores = withRoles ? storeRolesOf(sql`u.id`) : sql`'[]'::json`;
  return sql`json_build_object(
    'id', u.id, 'email', u.email, 'name', u.name, 'emailVerified', u.email_verified,
    'createdAt', ${isoTimestamp(sql`u.created_at`)}, 'stores', ${stores})`;
}

type AccountRow = { account: Account };

/** The account of the user `where` picks (a condition over alias `u`). */
export function selectAccount(where: SQL): Statement<AccountRow> {
  return statement(sql`SELECT ${accountJson()} AS account FROM users u WHERE ${where}`);
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

/**
 * A new session: refresh token `next` for the users `users` picks (a query
 * answering `id`), as the first of its family unless `familyOf` names the
 * column of the source that carries the family.
 */
function insertSession(next: NewRefreshToken, users: SQL, familyOf: SQL = sql`${next.id}::uuid`): SQL {
  return sql`INSERT INTO refresh_tokens (id, user_id, token_hash, family_id, expires_at)
    SELECT ${next.id}::uuid, source.id, ${next.tokenHash}, ${familyOf}, ${next.expiresAt.toISOString()}::timestamptz
    FROM (${users}) source`;
}

/**
 * Creates an account, its first session and the mail that verifies its
 * email (under the store `input.store` names, when it is an active one) in
 * one batch; a taken email is a 409.
 */
export async function register(
  db: Database,
  input: { email: string; name: string; password: string; store?: string },
  apiOrigin: string,
) {
  const userId = uuidv7();
  const session = await newRefreshToken();
  const passwordHash = await hashPassword(input.password);
  try {
    const { user } = await runBatch(db, {
      user: statement<AccountRow>(sql`INSERT INTO users AS u (id, email, name, password_hash)
        VALUES (${userId}, ${input.email}, ${input.name}, ${passwordHash})
        RETURNING ${accountJson(false)} AS account`),
      session: insertSession(session, sql`SELECT ${userId}::uuid AS id`),
      verification: mailAccountToken('verify_email', sql`u.id = ${userId}`, { apiOrigin, store: input.store }),
    });
    return { account: user[0]!.account, refreshToken: session.token };
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

type Credentials = AccountRow & { password_hash: string; status: string };

/**
 * Checks email and password (two round trips: read, then write the new
 * session). Every failure is the same 401, so the answer never says whether
 * the email has an account.
 */
export async function login(db: Database, input: { email: string; password: string }) {
  const [row] = await runStatement(
    db,
    statement<Credentials>(sql`SELECT ${accountJson()} AS account, u.password_hash, u.status
      FROM users u
      WHERE u.email = ${input.email}
      LIMIT 1`),
  );
  const passwordMatches = await verifyPassword(
    input.password,
    row?.password_hash ?? (await (decoyHash ??= hashPassword(randomSecret()))),
  );
  if (!row || !passwordMatches) throw new ApiError('unauthorized', 'The email or password is wrong.');
  if (row.status !== 'active') throw new ApiError('forbidden', 'This account is suspended.');

  const session = await newRefreshToken();
  await runBatch(db, {
    session: insertSession(session, sql`SELECT ${row.account.id}::uuid AS id`),
    lastLogin: sql`UPDATE users SET last_login_at = now(), updated_at = now() WHERE id = ${row.account.id}`,
  });
  return { account: row.account, refreshToken: session.token };
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
  const { rotated, account } = await runBatch(db, {
    rotated: statement<{ user_id: string }>(sql`UPDATE refresh_tokens t
      SET rotated_at = now(), replaced_by = ${next.id}
      FROM users u
      WHERE t.token_hash = ${presentedHash} AND u.id = t.user_id AND u.status = 'active'
        AND t.rotated_at IS NULL AND t.revoked_at IS NULL AND t.expires_at > now()
      RETURNING t.user_id`),
    session: insertSession(
      next,
      sql`SELECT user_id AS id, family_id FROM refresh_tokens WHERE token_hash = ${presentedHash} AND replaced_by = ${next.id}`,
      sql`source.family_id`,
    ),
    revokeReplayed: sql`UPDATE refresh_tokens SET revoked_at = now()
      WHERE revoked_at IS NULL AND family_id = (
        SELECT family_id FROM refresh_tokens
        WHERE token_hash = ${presentedHash} AND rotated_at IS NOT NULL AND replaced_by IS DISTINCT FROM ${next.id}::uuid)`,
    account: selectAccount(sql`u.id = (SELECT user_id FROM refresh_tokens WHERE id = ${next.id})`),
  });
  if (rotated.length === 0 || !account[0])
    throw new ApiError('unauthorized', 'The refresh token is invalid, expired or already used.');
  return { account: account[0].account, refreshToken: next.token };
}

/**
 * Signs in someone an external identity provider vouches for: links to the
 * account with that email, or creates one without a password (its hash is a
 * marker no password verifies against). One batch: upsert, new session, read
 * back. A suspended account gets no session.
 */
export async function signInExternal(db: Database, identity: { email: string; name?: string }) {
  const session = await newRefreshToken();
  const { user, account } = await runBatch(db, {
    user: statement<{
      status: string;
    }>(sql`INSERT INTO users (id, email, name, password_hash, email_verified, last_login_at)
      VALUES (${uuidv7()}, ${identity.email}, ${identity.name ?? identity.email}, ${EXTERNAL_ONLY}, true, now())
      ON CONFLICT (email) DO UPDATE SET last_login_at = now(), updated_at = now()
      RETURNING status`),
    session: insertSession(session, sql`SELECT id FROM users WHERE email = ${identity.email} AND status = 'active'`),
    account: selectAccount(sql`u.email = ${identity.email}`),
  });
  if (user[0]!.status !== 'active') throw new ApiError('forbidden', 'This account is suspended.');
  return { account: account[0]!.account, refreshToken: session.token };
}

/** Ends the session a refresh token belongs to (its whole family). Idempotent: an unknown token changes nothing. */
export async function logout(db: Database, presented: string): Promise<void> {
  const presentedHash = await sha256(presented);
  await runStatement(
    db,
    statement(sql`UPDATE refresh_tokens SET revoked_at = now()
      WHERE revoked_at IS NULL AND family_id = (SELECT family_id FROM refresh_tokens WHERE token_hash = ${presentedHash})`),
  );
}

/**
 * The caller's account, fresh from the database. An account deleted since
 * the token was signed is a 401, and so is one whose password was reset
 * since: `issuedAt` (whole seconds) before `password_changed_at`, so a token
 * of the reset's own second is refused too. Other routes trust the token
 * for its 15 minutes.
 */
export async function getAccount(db: Database, userId: string, issuedAt: number): Promise<Account> {
  const [row] = await runStatement(
    db,
    selectAccount(sql`u.id = ${userId}
      AND (u.password_changed_at IS NULL OR u.password_changed_at <= to_timestamp(${issuedAt}::double precision))`),
  );
  if (!row)
    throw new ApiError(
      'unauthorized',
      'The account of this access token no longer exists, or its password was reset since the token was issued.',
    );
  return row.account;
}
