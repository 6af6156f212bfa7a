import { type SQL, sql } from 'drizzle-orm';
import type { Database } from '../../db/client';
import { runStatement } from '../../db/sql/batch';
import { statement } from '../../db/sql/statement';
import { ApiError, noSuchStore } from '../../lib/api-error';
import type { SUBSCRIBER_STATUSES } from '../../lib/enums';
import { type LinkPurpose, openLink } from '../../lib/signed-links';
import type { MailLanguage } from '../../lib/store-settings';
import { mailLanguage } from '../store-settings';
import { subscriberEvents, unsubscribeCtes } from './subscriber-changes';

/**
 * What the links of newsletter mails do: confirm a sign-up (double
 * opt-in), leave in one click (RFC 8058), or, opened with GET, only show
 * where things stand. A token is a subscriber's id signed for one purpose
 * (lib/signed-links.ts); the row says the rest. Each is one statement.
 */

/** How long a confirmation link works after it was (last) mailed. */
export const CONFIRMATION_DAYS = 7;

/** The one refusal of a link that is not good, whatever is wrong with it: it tells a guesser nothing. */
export const BAD_LINK = 'This link is not valid, or no longer. Sign up again to get a new one.';

function badLink(): ApiError {
  return new ApiError('validation_failed', BAD_LINK, [{ path: 'token', message: BAD_LINK }]);
}

/** A subscriber as a link's answer and page show it, with their store's name and language. */
export interface LinkedSubscriber {
  status: (typeof SUBSCRIBER_STATUSES)[number];
  email: string;
  storeName: string;
  language: MailLanguage;
}

type LinkRow = { status: LinkedSubscriber['status']; email: string; store_name: string; language: MailLanguage };

/** The subscriber id a token of `purpose` names; anything else is the bad-link 422. */
async function subscriberOf(secret: string, purpose: LinkPurpose, token: string): Promise<string> {
  const id = await openLink(secret, purpose, token);
  if (!id) throw badLink();
  return id;
}

/**
 * Runs `change` (CTEs over `s`, the active store of `slug`, ending in
 * `changed`: the row as changed) for subscriber `id`, and answers them as
 * they are after it. No such store is a 404; a subscriber the store does
 * not have, or (as the row stood before) whom `valid` refuses, the bad-link
 * 422, and nothing changes.
 */
async function applyLink(db: Database, slug: string, id: string, change?: SQL, valid: SQL = sql`true`) {
  const changed = change ? sql`, ${change}` : sql``;
  const status = change ? sql`coalesce((SELECT status FROM changed), n.status)` : sql`n.status`;
  const [row] = await runStatement(
    db,
    statement<LinkRow>(sql`WITH s AS (SELECT id, name, settings FROM stores WHERE slug = ${slug} AND status = 'active')${changed}
      SELECT CASE WHEN s.id IS NULL THEN api_error('not_found', ${noSuchStore(slug).detail})
          WHEN n.id IS NULL OR NOT (${valid}) THEN api_error('validation_failed', ${BAD_LINK}, 'token') END AS refused,
        ${status} AS status, n.email, s.name AS store_name, ${mailLanguage('s')} AS language
      FROM (SELECT 1) one
      LEFT JOIN s ON true
      LEFT JOIN newsletter_subscribers n ON n.id = ${id} AND n.store_id = s.id`),
  );
  if (!row) throw badLink();
  return { status: row.status, email: row.email, storeName: row.store_name, language: row.language };
}

/**
 * Confirms a pending sign-up whose link was mailed within
 * CONFIRMATION_DAYS: it becomes `subscribed` and emits
 * `newsletter.subscribed`. A subscribed address answers the same
 * (idempotent); one that left, or an old link, is the bad-link 422.
 */
export async function confirmSubscription(db: Database, secret: string, slug: string, token: string) {
  const id = await subscriberOf(secret, 'newsletter_confirm', token);
  const fresh = sql`n.confirmation_sent_at > now() - make_interval(days => ${CONFIRMATION_DAYS})`;
  return applyLink(
    db,
    slug,
    id,
    sql`changed AS (
        UPDATE newsletter_subscribers n
        SET status = 'subscribed', confirmed_at = now(), subscribed_at = now()
        FROM s
        WHERE n.id = ${id} AND n.store_id = s.id AND n.status = 'pending' AND ${fresh}
        RETURNING n.id, n.store_id, n.email, n.status, n.source, n.confirmed_at AS at),
      joined AS (${subscriberEvents('newsletter.subscribed', sql`changed`)})`,
    sql`n.status = 'subscribed' OR (n.status = 'pending' AND ${fresh})`,
  );
}

/**
 * One-click unsubscribe: the subscriber, pending or subscribed, becomes
 * `unsubscribed`; one already out answers the same. The link never expires.
 */
export async function unsubscribeByLink(db: Database, secret: string, slug: string, token: string) {
  const id = await subscriberOf(secret, 'newsletter_unsubscribe', token);
  return applyLink(db, slug, id, unsubscribeCtes(sql`n.id = ${id} AND n.store_id = s.id`, sql`s`));
}

/** The subscriber an unsubscribe link names, as they are: what its page (a GET, which changes nothing) shows. */
export async function unsubscribeLinkTarget(db: Database, secret: string, slug: string, token: string) {
  return applyLink(db, slug, await subscriberOf(secret, 'newsletter_unsubscribe', token));
}
