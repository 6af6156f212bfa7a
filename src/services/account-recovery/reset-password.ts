import { sql } from 'drizzle-orm';
import type { Database } from '../../db/client';
import { runBatch } from '../../db/sql/batch';
import { hashPassword } from '../../lib/password';
import { INVALID_TOKEN } from './account-mails';

/**
 * Sets a new password with the reset token row `tokenId` (its signature was
 * checked already), in one batch: spends the token if it is unused,
 * unexpired, of an active account whose email is still the one it was
 * mailed to (else the one invalid-token answer, and nothing changes); sets
 * the hash and `password_changed_at` (access tokens issued before it no
 * longer open /v1/me); closes the account's other reset tokens; and revokes
 * every refresh token of the account, so every session ends.
 */
export async function resetPassword(db: Database, tokenId: string, password: string): Promise<void> {
  const passwordHash = await hashPassword(password);
  const userId = sql`(SELECT user_id FROM account_tokens WHERE id = ${tokenId})`;
  await runBatch(db, {
    reset: sql`WITH spent AS (
        UPDATE account_tokens t
        SET used_at = now()
        FROM users u
        WHERE t.id = ${tokenId} AND t.purpose = 'reset_password' AND t.used_at IS NULL AND t.expires_at > now()
          AND u.id = t.user_id AND u.email = t.email AND u.status = 'active'
        RETURNING t.user_id),
      changed AS (
        UPDATE users u
        SET password_hash = ${passwordHash}, password_changed_at = now(), updated_at = now()
        FROM spent
        WHERE u.id = spent.user_id
        RETURNING u.id)
      SELECT api_error('validation_failed', ${INVALID_TOKEN}, 'token') WHERE NOT EXISTS (SELECT 1 FROM changed)`,
    closeOtherTokens: sql`UPDATE account_tokens SET used_at = now()
      WHERE user_id = ${userId} AND purpose = 'reset_password' AND used_at IS NULL`,
    endSessions: sql`UPDATE refresh_tokens SET revoked_at = now() WHERE user_id = ${userId} AND revoked_at IS NULL`,
  });
}
