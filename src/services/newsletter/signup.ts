import { sql } from 'drizzle-orm';
import type { Database } from '../../db/client';
import { runStatement } from '../../db/sql/batch';
import { insertMail } from '../../db/sql/ledgers';
import { statement } from '../../db/sql/statement';
import { noSuchStore } from '../../lib/api-error';
import { uuidv7 } from '../../lib/ids';

/** A pending address is mailed again on a new sign-up only this long after its last confirmation mail. */
export const CONFIRMATION_RESEND_MINUTES = 10;

/** What the confirmation mail (`newsletter.confirm`) is rendered from: the template signs the links. */
export interface ConfirmationMailData {
  subscriberId: string;
  /** The API's origin as the request saw it, for links to its own pages. */
  apiOrigin: string;
}

/**
 * A sign-up to store `slug`'s newsletter (double opt-in). A new address, or
 * one that had left, becomes `pending` and is mailed a link to confirm; a
 * pending one is mailed again only once the last mail is
 * CONFIRMATION_RESEND_MINUTES old; a subscribed one is left as it is.
 * Whatever the address, it is the same one statement and the caller answers
 * the same, so no one learns whether an address is on the list. The mail is
 * written with the change, and sent after the response.
 */
export async function signUp(
  db: Database,
  slug: string,
  input: { email: string; source?: string },
  apiOrigin: string,
): Promise<void> {
  const mailData = sql`jsonb_build_object('subscriberId', id, 'apiOrigin', ${apiOrigin}::text)`;
  await runStatement(
    db,
    statement(sql`WITH s AS (SELECT id FROM stores WHERE slug = ${slug} AND status = 'active'),
      signed AS (
        INSERT INTO newsletter_subscribers AS n (id, store_id, email, status, source, confirmation_sent_at)
        SELECT ${uuidv7()}, s.id, ${input.email}, 'pending', ${input.source ?? null}, now()
        FROM s
        ON CONFLICT (store_id, email) DO UPDATE
        SET status = 'pending', confirmed_at = NULL, confirmation_sent_at = now(),
          source = coalesce(excluded.source, n.source)
        WHERE n.status = 'unsubscribed'
          OR (n.status = 'pending' AND (n.confirmation_sent_at IS NULL
            OR n.confirmation_sent_at <= now() - make_interval(mins => ${CONFIRMATION_RESEND_MINUTES})))
        RETURNING n.id, n.store_id, n.email),
      mailed AS (${insertMail(
        { storeId: sql`store_id`, template: 'newsletter.confirm', toEmail: sql`email`, data: mailData },
        sql`signed`,
      )})
      SELECT CASE WHEN EXISTS (SELECT 1 FROM s) THEN true
        ELSE api_error('not_found', ${noSuchStore(slug).detail}) END AS ok`),
  );
}
