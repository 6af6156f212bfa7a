import { type SQL, sql } from 'drizzle-orm';
import { insertEvents } from '../../db/sql/ledgers';

/**
 * The changes of a subscriber's status that more than one caller makes
 * (the mailed links, staff), as CTEs of one statement, and the events they
 * emit. A change CTE returns the subscriber's `id, store_id, email, status,
 * source`, `at` (when it happened) and `was` (its status before).
 */

/**
 * `newsletter.subscribed` or `newsletter.unsubscribed` (the payload
 * `NewsletterChange` of docs/webhooks.ts) per row of `source`.
 */
export function subscriberEvents(type: 'newsletter.subscribed' | 'newsletter.unsubscribed', source: SQL): SQL {
  return insertEvents(
    {
      storeId: sql`store_id`,
      type,
      aggregateType: 'newsletter_subscriber',
      aggregateId: sql`id`,
      payload: sql`jsonb_build_object('subscriberId', id, 'email', email, 'status', status, 'source', source, 'at', at)`,
    },
    source,
  );
}

/**
 * Takes subscriber row `n` (`where` picks it, over `from` when given) out
 * of the newsletter; one that is out already is left as it is. Only leaving
 * `subscribed` is news to the store's integrations: a pending address was
 * never on the list.
 */
export function unsubscribeCtes(where: SQL, from?: SQL): SQL {
  const joined = from ? sql`${from}, ` : sql``;
  return sql`changed AS (
      UPDATE newsletter_subscribers n
      SET status = 'unsubscribed', unsubscribed_at = now()
      FROM ${joined}newsletter_subscribers before
      WHERE before.id = n.id AND n.status <> 'unsubscribed' AND ${where}
      RETURNING n.id, n.store_id, n.email, n.status, n.source, n.unsubscribed_at AS at, before.status AS was),
    left_list AS (${subscriberEvents('newsletter.unsubscribed', sql`changed WHERE was = 'subscribed'`)})`;
}
