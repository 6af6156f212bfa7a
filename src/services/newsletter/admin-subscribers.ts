import { type SQL, sql } from 'drizzle-orm';
import type { Database } from '../../db/client';
import { runBatch, runStatement } from '../../db/sql/batch';
import { defineView, readIdPage, type ViewValue, viewOf, viewText } from '../../db/sql/views';
import type { SUBSCRIBER_STATUSES } from '../../lib/enums';
import { SubscriberSchema } from '../../schemas/newsletter';
import { type AuditContext, auditFromCte } from '../audit';
import { unsubscribeCtes } from './subscriber-changes';

export const NO_SUBSCRIBER = 'This store has no newsletter subscriber with that id.';

/** Subscriber alias `n` as staff see it. */
export const subscriberView = defineView(
  SubscriberSchema,
  (_subscriber: 'n') => sql`json_build_object('id', n.id, 'email', n.email, 'status', n.status, 'source', n.source,
    'subscribedAt', n.subscribed_at, 'confirmedAt', n.confirmed_at, 'confirmationSentAt', n.confirmation_sent_at,
    'unsubscribedAt', n.unsubscribed_at)`,
);

type SubscriberValue = ViewValue<typeof subscriberView>;

export interface SubscriberFilters {
  status?: (typeof SUBSCRIBER_STATUSES)[number];
  /** Part of the email, any case (emails are stored in lower case). */
  q?: string;
  /** The sign-up's source, exactly. */
  source?: string;
}

/** `newsletter_subscribers n WHERE ...`: the store's subscribers that `filters` keep. */
export function filteredSubscribers(storeId: string, filters: SubscriberFilters): SQL {
  const conditions: SQL[] = [sql`n.store_id = ${storeId}`];
  if (filters.status) conditions.push(sql`n.status = ${filters.status}`);
  if (filters.q) conditions.push(sql`strpos(n.email, lower(${filters.q})) > 0`);
  if (filters.source) conditions.push(sql`n.source = ${filters.source}`);
  return sql`newsletter_subscribers n WHERE ${sql.join(conditions, sql` AND `)}`;
}

/** A page of the store's subscribers, newest sign-up first, in one statement. */
export async function listSubscribers(
  db: Database,
  storeId: string,
  filters: SubscriberFilters,
  page: { limit: number; after?: string },
) {
  return readIdPage<SubscriberValue>(db, 'n', filteredSubscribers(storeId, filters), subscriberView.json('n'), page);
}

function subscriberStatement(storeId: string, subscriberId: string) {
  return viewOf<SubscriberValue>(
    subscriberView.json('n'),
    sql`newsletter_subscribers n WHERE n.id = ${subscriberId} AND n.store_id = ${storeId}`,
  );
}

/** One subscriber of the store, in one statement; another store's is a 404. */
export async function getSubscriber(db: Database, storeId: string, subscriberId: string) {
  return viewText(await runStatement(db, subscriberStatement(storeId, subscriberId)), NO_SUBSCRIBER);
}

/**
 * Staff take a subscriber off the list: `unsubscribed`, audited, and
 * `newsletter.unsubscribed` when they were subscribed. One who is out
 * already is answered as they are, and nothing is written. One round trip.
 */
export async function unsubscribeSubscriber(db: Database, context: AuditContext, subscriberId: string) {
  const { storeId } = context;
  const { view } = await runBatch(db, {
    unsubscribe: sql`WITH ${unsubscribeCtes(sql`n.id = ${subscriberId} AND n.store_id = ${storeId}`)}
      ${auditFromCte(
        context,
        'newsletter_subscriber.unsubscribed',
        'newsletter_subscriber',
        sql`(SELECT id AS entity_id, jsonb_build_object('status', was) AS before,
          jsonb_build_object('status', status) AS after FROM changed) audited`,
      )}`,
    view: subscriberStatement(storeId, subscriberId),
  });
  return viewText(view, NO_SUBSCRIBER);
}
