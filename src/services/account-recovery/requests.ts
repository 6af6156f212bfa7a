import { sql } from 'drizzle-orm';
import type { Database } from '../../db/client';
import { runBatch } from '../../db/sql/batch';
import { statement } from '../../db/sql/statement';
import { ApiError } from '../../lib/api-error';
import { type AccountMailSource, lockUsers, mailAccountToken, recentTokens, underMailLimit } from './account-mails';

interface VerificationState {
  email_verified: boolean;
  limited: boolean;
  retry_after: number | null;
}

/**
 * Mails the signed-in user a new link to verify their email: one batch
 * (lock the user, state, token and mail). An address verified already is a
 * 409; past the hourly limit, a 429 whose `Retry-After` says when the
 * oldest mail of the hour stops counting. Neither writes anything.
 */
export async function requestVerificationMail(db: Database, userId: string, source: AccountMailSource) {
  const user = sql`u.id = ${userId}`;
  const { state } = await runBatch(db, {
    lock: lockUsers(user),
    state: statement<VerificationState>(sql`SELECT u.email_verified, NOT ${underMailLimit('verify_email')} AS limited,
        (SELECT ceil(extract(epoch FROM min(t.created_at) + interval '1 hour' - now()))::int
          FROM ${recentTokens('verify_email')}) AS retry_after
      FROM users u
      WHERE ${user}`),
    mail: mailAccountToken(
      'verify_email',
      sql`${user} AND NOT u.email_verified AND ${underMailLimit('verify_email')}`,
      source,
    ),
  });
  const [row] = state;
  if (!row) throw new ApiError('unauthorized', 'The account of this access token no longer exists.');
  if (row.email_verified) throw new ApiError('conflict', 'This account’s email is verified already.');
  if (row.limited) {
    throw new ApiError('rate_limited', 'Too many verification mails this hour. Use the last one, or wait.', undefined, {
      'Retry-After': String(Math.max(1, row.retry_after ?? 1)),
    });
  }
}

/**
 * Mails a link to set a new password to the active account with `email`, if
 * there is one and it had fewer than three such mails this hour. The same
 * batch runs whether or not the account exists, and answers nothing: the
 * caller cannot tell the cases apart.
 */
export async function requestPasswordReset(db: Database, email: string, source: AccountMailSource): Promise<void> {
  const account = sql`u.email = ${email} AND u.status = 'active'`;
  await runBatch(db, {
    lock: lockUsers(account),
    mail: mailAccountToken('reset_password', sql`${account} AND ${underMailLimit('reset_password')}`, source),
  });
}
