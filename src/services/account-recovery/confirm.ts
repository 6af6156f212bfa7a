import { sql } from 'drizzle-orm';
import type { Database } from '../../db/client';
import { runBatch } from '../../db/sql/batch';
import { type Account, selectAccount } from '../accounts';
import { INVALID_TOKEN } from './account-mails';
import { joinGuestCustomers } from './guest-customers';

/**
 * Verifies the email of the account token row `tokenId` (its signature was
 * checked already) names, in one batch: spends the token if it is unused
 * and unexpired and the account's email is still the one it was mailed to,
 * marks the email verified, joins the guest customers of that email in
 * every store to the account (guest-customers.ts), and answers the account.
 * A token spent already by an account now verified answers it again (a mail
 * client's link scanner may have opened it first); any other is refused.
 */
export async function verifyEmail(db: Database, tokenId: string, requestId: string): Promise<Account> {
  const userId = sql`(SELECT user_id FROM account_tokens WHERE id = ${tokenId})`;
  const { account } = await runBatch(db, {
    verify: sql`WITH spent AS (
        UPDATE account_tokens t
        SET used_at = now()
        FROM users u
        WHERE t.id = ${tokenId} AND t.purpose = 'verify_email' AND t.used_at IS NULL AND t.expires_at > now()
          AND u.id = t.user_id AND u.email = t.email
        RETURNING t.user_id)
      UPDATE users u SET email_verified = true, updated_at = now()
      FROM spent
      WHERE u.id = spent.user_id AND NOT u.email_verified`,
    requireVerified: sql`SELECT api_error('validation_failed', ${INVALID_TOKEN}, 'token')
      WHERE NOT EXISTS (
        SELECT 1 FROM account_tokens t JOIN users u ON u.id = t.user_id
        WHERE t.id = ${tokenId} AND t.purpose = 'verify_email' AND t.used_at IS NOT NULL AND t.expires_at > now()
          AND u.email = t.email AND u.email_verified)`,
    ...joinGuestCustomers(userId, requestId),
    account: selectAccount(sql`u.id = ${userId}`),
  });
  return account[0]!.account;
}
