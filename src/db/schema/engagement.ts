import { sql } from 'drizzle-orm';
import { bigint, boolean, check, index, integer, jsonb, pgTable, text, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { createdAt, id, timestamps, timestamptz } from './columns';
import { customers } from './customers';
import {
  actorType,
  messageChannel,
  messageDirection,
  messageType,
  subscriberStatus,
  webhookDeliveryStatus,
} from './enums';
import { storeId } from './tenancy';

/**
 * A newsletter address of a store (seed 004). Sign-ups are double opt-in:
 * `pending` until the address confirms through the mailed link, then
 * `subscribed`. Unsubscribing keeps the row, so a later re-subscription is an
 * update and the history is not lost.
 */
export const newsletterSubscribers = pgTable(
  'newsletter_subscribers',
  {
    id: id(),
    storeId: storeId(),
    email: text().notNull(),
    status: subscriberStatus().notNull().default('subscribed'),
    /** Where the sign-up came from, e.g. 'footer', 'checkout'. */
    source: text(),
    subscribedAt: timestamptz().notNull().defaultNow(),
    /** When the address confirmed (double opt-in); null while pending. */
    confirmedAt: timestamptz(),
    /** When a confirmation was last mailed: a repeated sign-up mails again only after a while. */
    confirmationSentAt: timestamptz(),
    unsubscribedAt: timestamptz(),
  },
  (t) => [
    uniqueIndex('newsletter_subscribers_store_email_unique').on(t.storeId, t.email),
    // The admin list walks newest first (UUIDv7 ids), whole or by status.
    index('newsletter_subscribers_store_id_idx').on(t.storeId, t.id),
    index('newsletter_subscribers_store_status_idx').on(t.storeId, t.status, t.id),
    check('newsletter_subscribers_email_lowercase_check', sql`${t.email} = lower(${t.email})`),
  ],
);

/**
 * A chat message to or from a customer on a messaging channel (seed 003).
 * Inbound messages come from integrations, once per (store, channel, channel
 * message id) however often the channel redelivers; outbound ones are
 * recorded by staff and reach the integration as `message.outbound` events.
 */
export const customerMessages = pgTable(
  'customer_messages',
  {
    id: id(),
    storeId: storeId(),
    customerId: uuid()
      .notNull()
      .references(() => customers.id, { onDelete: 'cascade' }),
    channel: messageChannel().notNull(),
    direction: messageDirection().notNull(),
    text: text().notNull(),
    type: messageType().notNull().default('text'),
    /** The channel's own id for the message, to drop duplicate deliveries. */
    channelMessageId: text(),
    /** What the channel sent beside the text (media URLs, button payloads, ...), as given. */
    metadata: jsonb().$type<Record<string, unknown>>().notNull().default({}),
    /** When staff read an inbound message; null while unread. Outbound messages are never unread. */
    readAt: timestamptz(),
    /** Who recorded an outbound message (a user or an API key); null for inbound ones. */
    senderType: actorType(),
    senderId: uuid(),
    createdAt: createdAt(),
  },
  (t) => [
    index('customer_messages_customer_created_idx').on(t.customerId, t.createdAt),
    index('customer_messages_store_created_idx').on(t.storeId, t.createdAt),
    uniqueIndex('customer_messages_channel_message_unique').on(t.storeId, t.channel, t.channelMessageId),
    // A thread is read newest first by id (UUIDv7).
    index('customer_messages_thread_idx').on(t.storeId, t.customerId, t.id),
    index('customer_messages_unread_idx')
      .on(t.storeId, t.customerId)
      .where(sql`${t.direction} = 'inbound' AND ${t.readAt} IS NULL`),
  ],
);

/**
 * Who changed what in a store's admin (seed 003). `actorId` is a user or
 * API key id and deliberately has no foreign key: the trail must survive the
 * deletion of the actor. `before`/`after` hold the changed fields.
 */
export const auditLog = pgTable(
  'audit_log',
  {
    id: id(),
    storeId: storeId(),
    actorType: actorType().notNull(),
    actorId: uuid(),
    action: text().notNull(),
    entityType: text().notNull(),
    entityId: uuid(),
    before: jsonb(),
    after: jsonb(),
    requestId: text(),
    createdAt: createdAt(),
  },
  (t) => [
    index('audit_log_store_created_idx').on(t.storeId, t.createdAt),
    index('audit_log_store_entity_idx').on(t.storeId, t.entityType, t.entityId),
    // The log is read newest first by id (UUIDv7), whole or filtered by action or actor.
    index('audit_log_store_id_idx').on(t.storeId, t.id),
    index('audit_log_store_action_idx').on(t.storeId, t.action, t.id),
    index('audit_log_store_actor_idx').on(t.storeId, t.actorId, t.id),
  ],
);

/**
 * Transactional outbox (seed 002's event topics: order.created,
 * inventory.reserved, payment.succeeded, ...). A service inserts the event
 * in the same batch as the change it describes, so an event exists exactly
 * when its change committed; a job later fans unpublished events out to
 * webhook endpoints and sets `publishedAt`. The partial index keeps that
 * job's scan proportional to the backlog, not to all history.
 */
export const events = pgTable(
  'events',
  {
    id: id(),
    storeId: storeId(),
    type: text().notNull(),
    aggregateType: text().notNull(),
    aggregateId: uuid().notNull(),
    payload: jsonb().notNull(),
    createdAt: createdAt(),
    publishedAt: timestamptz(),
    /**
     * The id of the transaction that wrote the event (`pg_current_xact_id()`).
     * Ids (UUIDv7) follow the clock, not commit order; the feed instead walks
     * (txid, id) and shows only events of transactions older than every one
     * still running, so a poller never passes an event that commits later.
     */
    txid: bigint({ mode: 'number' }).notNull().default(sql`(pg_current_xact_id()::text::bigint)`),
  },
  (t) => [
    index('events_store_created_idx').on(t.storeId, t.createdAt),
    index('events_store_feed_idx').on(t.storeId, t.txid, t.id),
    // The cron's retention purge walks events by age, across stores.
    index('events_created_idx').on(t.createdAt),
    index('events_aggregate_idx').on(t.aggregateId),
    index('events_unpublished_idx').on(t.createdAt).where(sql`${t.publishedAt} IS NULL`),
  ],
);

/**
 * A store's subscriber URL for outbound webhooks. The signing secret is kept
 * encrypted (the Worker must send it in clear to sign, so hashing will not
 * do). `events` lists event types, or ['*'] for all.
 */
export const webhookEndpoints = pgTable(
  'webhook_endpoints',
  {
    id: id(),
    storeId: storeId(),
    url: text().notNull(),
    description: text(),
    secretCiphertext: text().notNull(),
    /** The secret's last four characters, so staff can tell which one a receiver holds. */
    secretLast4: text().notNull().default(''),
    /** After a rotation, the secret it replaced: it signs too until it expires (24 hours). */
    previousSecretCiphertext: text(),
    previousSecretExpiresAt: timestamptz(),
    events: text().array().notNull().default(sql`'{}'::text[]`),
    active: boolean().notNull().default(true),
    /** Since when every delivery failed, with no success since; null while it succeeds. */
    failingSince: timestamptz(),
    lastSuccessAt: timestamptz(),
    /** Set when the API disabled it (5 days failing); staff re-enable it by setting `active`. */
    disabledAt: timestamptz(),
    disabledReason: text(),
    ...timestamps(),
  },
  (t) => [index('webhook_endpoints_store_idx').on(t.storeId, t.active)],
);

/**
 * One event to one endpoint, with its retry state. Unique per pair so
 * fanning out the same event twice cannot send it twice.
 */
export const webhookDeliveries = pgTable(
  'webhook_deliveries',
  {
    id: id(),
    storeId: storeId(),
    endpointId: uuid()
      .notNull()
      .references(() => webhookEndpoints.id, { onDelete: 'cascade' }),
    eventId: uuid()
      .notNull()
      .references(() => events.id, { onDelete: 'cascade' }),
    status: webhookDeliveryStatus().notNull().default('pending'),
    attempts: integer().notNull().default(0),
    nextAttemptAt: timestamptz(),
    responseStatus: integer(),
    lastError: text(),
    deliveredAt: timestamptz(),
    lastAttemptAt: timestamptz(),
    /** While a sender holds the delivery (it is being sent): no other sender takes it before then. */
    leaseUntil: timestamptz(),
    ...timestamps(),
  },
  (t) => [
    uniqueIndex('webhook_deliveries_endpoint_event_unique').on(t.endpointId, t.eventId),
    // Staff list an endpoint's deliveries newest first.
    index('webhook_deliveries_endpoint_id_idx').on(t.endpointId, t.id),
    index('webhook_deliveries_event_idx').on(t.eventId),
    index('webhook_deliveries_store_idx').on(t.storeId, t.createdAt),
    index('webhook_deliveries_due_idx').on(t.nextAttemptAt).where(sql`${t.status} = 'pending'`),
  ],
);

/** One try at sending a delivery: what the endpoint answered (the first 1 KiB), or why it could not. */
export const webhookDeliveryAttempts = pgTable(
  'webhook_delivery_attempts',
  {
    id: id(),
    storeId: storeId(),
    deliveryId: uuid()
      .notNull()
      .references(() => webhookDeliveries.id, { onDelete: 'cascade' }),
    attempt: integer().notNull(),
    startedAt: timestamptz().notNull(),
    durationMs: integer().notNull(),
    responseStatus: integer(),
    responseBody: text(),
    error: text(),
  },
  (t) => [
    uniqueIndex('webhook_delivery_attempts_delivery_attempt_unique').on(t.deliveryId, t.attempt),
    index('webhook_delivery_attempts_store_idx').on(t.storeId),
  ],
);
