import { type SQL, sql } from 'drizzle-orm';
import type { Database } from '../../db/client';
import { runStatement } from '../../db/sql/batch';
import { defineView, readIdPage, type ViewValue, viewOf, viewText } from '../../db/sql/views';
import { WebhookEventDetailSchema, WebhookEventSchema, type WEBHOOK_OUTCOMES } from '../../schemas/webhook-events';

/**
 * The store's inbound webhook log, as staff read it: what each provider
 * delivered, whether it verified and what it did. It holds the deliveries
 * (`webhook_events`), never the signing secret, which lives sealed in
 * `stripe_accounts` and is not read here.
 */

/** The columns of webhook_events alias `w` that both views answer. */
const summaryFields = sql`'id', w.id, 'provider', w.provider, 'providerEventId', w.event_id, 'type', w.type,
  'outcome', w.outcome, 'deliveries', w.deliveries, 'signatureValid', w.signature_valid, 'error', w.error,
  'receivedAt', w.received_at, 'lastReceivedAt', w.last_received_at, 'processedAt', w.processed_at`;

/** A delivery in a list. */
export const webhookEventView = defineView(WebhookEventSchema, (_w: 'w') => sql`json_build_object(${summaryFields})`);

/** One delivery, with the body the provider sent. */
export const webhookEventDetailView = defineView(
  WebhookEventDetailSchema,
  (_w: 'w') => sql`json_build_object(${summaryFields}, 'payload', w.payload)`,
);

export const NO_WEBHOOK_EVENT = 'This store has no webhook delivery with that id.';

export interface WebhookEventFilters {
  type?: string;
  outcome?: (typeof WEBHOOK_OUTCOMES)[number];
  signatureValid?: boolean;
}

/** The store's deliveries, newest first, one page, narrowed by `filters`. One round trip. */
export async function listWebhookEvents(
  db: Database,
  storeId: string,
  filters: WebhookEventFilters,
  page: { limit: number; after?: string },
) {
  const conditions: SQL[] = [sql`w.store_id = ${storeId}`];
  if (filters.type) conditions.push(sql`w.type = ${filters.type}`);
  if (filters.outcome) conditions.push(sql`w.outcome = ${filters.outcome}`);
  if (filters.signatureValid !== undefined) conditions.push(sql`w.signature_valid = ${filters.signatureValid}`);
  return readIdPage<ViewValue<typeof webhookEventView>>(
    db,
    'w',
    sql`webhook_events w WHERE ${sql.join(conditions, sql` AND `)}`,
    webhookEventView.json('w'),
    page,
  );
}

/** One delivery of the store, with its payload; another store's is a 404. One round trip. */
export async function getWebhookEvent(db: Database, storeId: string, eventId: string) {
  const rows = await runStatement(
    db,
    viewOf<ViewValue<typeof webhookEventDetailView>>(
      webhookEventDetailView.json('w'),
      sql`webhook_events w WHERE w.id = ${eventId} AND w.store_id = ${storeId}`,
    ),
  );
  return viewText(rows, NO_WEBHOOK_EVENT);
}
