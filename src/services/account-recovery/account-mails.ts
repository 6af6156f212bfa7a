import { type SQL, sql } from 'drizzle-orm';
import { insertMail } from '../../db/sql/ledgers';
import { type Statement, statement } from '../../db/sql/statement';
import { ApiError } from '../../lib/api-error';
import type { ACCOUNT_TOKEN_PURPOSES } from '../../lib/enums';

/**
 * The mails that prove an address or set a new password: each is an
 * `account_tokens` row and a mail naming it, written together by one
 * statement. The token itself is signed when the mail is rendered
 * (templates/accounts.ts), so neither the row nor the outbox holds it.
 */

export type AccountTokenPurpose = (typeof ACCOUNT_TOKEN_PURPOSES)[number];

/** How long each kind of token works, and the template that mails it. */
export const ACCOUNT_TOKENS = {
  verify_email: { ttlHours: 24, template: 'account.verify_email' },
  reset_password: { ttlHours: 1, template: 'account.reset_password' },
} as const satisfies Record<AccountTokenPurpose, { ttlHours: number; template: string }>;

/** The one answer to a token that is forged, unknown, expired or used: it never says which. */
export const INVALID_TOKEN = 'This link or code is invalid, has expired or was used already. Ask for a new one.';

/**
 * `INVALID_TOKEN` as the error a route throws before reaching the database
 * (a signature that is not ours): a 422 on the field `token`, as the SQL
 * raises it for a row that does not pass, and as the newsletter's links answer.
 */
export function invalidToken(): ApiError {
  return new ApiError('validation_failed', INVALID_TOKEN, [{ path: 'token', message: INVALID_TOKEN }]);
}

/** At most this many mails of one purpose per account in an hour (counted from its tokens). */
export const ACCOUNT_MAILS_PER_HOUR = 3;

/** An account mail's `data`, nothing secret: the token's row (signed at rendering), the API's origin for links, a name to greet. */
export interface AccountMailData {
  tokenId: string;
  apiOrigin: string;
  name: string;
}

/** Where an account mail comes from: the API's origin (for links) and the store whose name and language it takes, if any. */
export interface AccountMailSource {
  apiOrigin: string;
  /** A store slug: an unknown or closed one means a platform mail, never an error. */
  store?: string;
}

/** `FROM` the tokens of `purpose` that user alias `u` was mailed in the last hour (alias `t`): what the hourly limit counts. */
export function recentTokens(purpose: AccountTokenPurpose): SQL {
  return sql`account_tokens t
    WHERE t.user_id = u.id AND t.purpose = ${purpose} AND t.created_at > now() - interval '1 hour'`;
}

/** The users (alias `u`) whose mails of `purpose` in the last hour are still under the limit. */
export function underMailLimit(purpose: AccountTokenPurpose): SQL {
  return sql`(SELECT count(*) FROM ${recentTokens(purpose)}) < ${ACCOUNT_MAILS_PER_HOUR}`;
}

/**
 * One statement: a token of `purpose` for each user `where` picks (a
 * condition over alias `u`), and a mail of it to the user's address, under
 * the store `source.store` names when it is active (else a platform mail).
 */
export function mailAccountToken(purpose: AccountTokenPurpose, where: SQL, source: AccountMailSource): SQL {
  const { ttlHours, template } = ACCOUNT_TOKENS[purpose];
  return sql`WITH issued AS (
      INSERT INTO account_tokens (user_id, purpose, email, expires_at)
      SELECT u.id, ${purpose}, u.email, now() + make_interval(hours => ${ttlHours})
      FROM users u
      WHERE ${where}
      RETURNING id, user_id, email)
    ${insertMail(
      {
        storeId: sql`(SELECT id FROM stores WHERE slug = ${source.store ?? null}::text AND status = 'active')`,
        template,
        toEmail: sql`issued.email`,
        data: sql`jsonb_build_object('tokenId', issued.id, 'apiOrigin', ${source.apiOrigin}::text, 'name', u.name)`,
      },
      sql`issued JOIN users u ON u.id = issued.user_id`,
    )}`;
}

/**
 * Locks the users `where` picks (alias `u`), so that the statement after it
 * counts their recent tokens with every concurrent request's counted: the
 * limit holds however many requests arrive at once.
 */
export function lockUsers(where: SQL): Statement<{ id: string }> {
  return statement(sql`SELECT u.id FROM users u WHERE ${where} FOR UPDATE`);
}
