import { type SQL, sql } from 'drizzle-orm';
import type { Database } from '../../db/client';
import { runBatch } from '../../db/sql/batch';
import { type Statement, statement } from '../../db/sql/statement';
import type { ViewJson, ViewValue } from '../../db/sql/views';
import { lockStoreScope } from '../../db/sql/writes';
import { uuidv7 } from '../../lib/ids';
import { customerCreatedEvent } from '../customers/link-customer';
import {
  CONTENT_COLUMNS,
  contentValues,
  type MessageChannel,
  type MessageContent,
  messageEvents,
  messageView,
} from './message-view';

/**
 * A message a customer sent on a chat channel, as the channel's integration
 * posts it. Channels redeliver, so a message is recorded once per (store,
 * channel, channel message id); the sender is found among the store's
 * customers by their id on the channel, else by phone, and an unknown one
 * becomes a customer. A blocked customer's messages are recorded too: the
 * block keeps them from buying, not from being heard.
 */
export interface InboundMessage extends MessageContent {
  channel: MessageChannel;
  channelMessageId: string;
  from: { phone?: string; channelUserId?: string; name?: string };
  sentAt?: string;
}

type MessageValue = ViewValue<typeof messageView>;

/**
 * Locks that serialise the deliveries which could race over one row: the
 * message's own (every redelivery of it), then the sender's identities, in
 * a fixed order so two transactions never wait on each other in a circle.
 * Deliveries from one new sender queue here, so the second finds the
 * customer the first made instead of making another.
 */
function deliveryLocks(storeId: string, message: InboundMessage): SQL[] {
  const { channel, from } = message;
  const identities = [
    from.channelUserId === undefined ? undefined : `chat-sender:${channel}:${from.channelUserId}`,
    from.phone === undefined ? undefined : `chat-phone:${from.phone}`,
  ].filter((key) => key !== undefined);
  return [`chat-message:${channel}:${message.channelMessageId}`, ...identities.sort()].map((scope) =>
    lockStoreScope(scope, storeId),
  );
}

/** Whether the message was recorded already (by an earlier delivery). */
function alreadyRecorded(storeId: string, message: InboundMessage): SQL {
  return sql`EXISTS (SELECT 1 FROM customer_messages
    WHERE store_id = ${storeId} AND channel = ${message.channel} AND channel_message_id = ${message.channelMessageId})`;
}

/**
 * The store's customer who sent the message: the one with this id on the
 * channel, else the oldest with this phone. Containment (`@>`), which the
 * GIN index on channel_ids serves (migration 0019).
 */
function senderCustomer(storeId: string, message: InboundMessage): SQL {
  const { channel, from } = message;
  const matches: SQL[] = [];
  if (from.channelUserId !== undefined) {
    matches.push(sql`c.channel_ids @> ${JSON.stringify({ [channel]: from.channelUserId })}::jsonb`);
  }
  if (from.phone !== undefined) matches.push(sql`c.phone = ${from.phone}`);
  // The schema asks for one of them at least; the channel id, when given, ranks first.
  return sql`(SELECT c.id FROM customers c
    WHERE c.store_id = ${storeId} AND (${sql.join(matches, sql` OR `)})
    ORDER BY ${matches[0]} DESC, c.id
    LIMIT 1)`;
}

/**
 * Finds or makes the sender's customer, unless the message was recorded
 * already. A known customer learns what the channel tells of them and
 * their record lacks (their id on this channel, a phone, a name), never
 * losing what staff wrote; a new one emits `customer.created` (source `chat`).
 */
function findOrMakeSender(storeId: string, message: InboundMessage, customerId: string): SQL {
  const { channel, from } = message;
  const channelId = from.channelUserId ?? null;
  const channelIds = from.channelUserId === undefined ? {} : { [channel]: from.channelUserId };
  return sql`WITH matched AS (SELECT ${senderCustomer(storeId, message)} AS id WHERE NOT ${alreadyRecorded(storeId, message)}),
    learned AS (
      UPDATE customers c
      SET channel_ids = CASE WHEN ${channelId}::text IS NOT NULL AND c.channel_ids -> ${channel}::text IS NULL
          THEN c.channel_ids || ${JSON.stringify(channelIds)}::jsonb ELSE c.channel_ids END,
        phone = coalesce(c.phone, ${from.phone ?? null}),
        name = coalesce(c.name, ${from.name ?? null}),
        updated_at = now()
      FROM matched
      WHERE c.id = matched.id
        AND ((${channelId}::text IS NOT NULL AND c.channel_ids -> ${channel}::text IS NULL)
          OR (c.phone IS NULL AND ${from.phone ?? null}::text IS NOT NULL)
          OR (c.name IS NULL AND ${from.name ?? null}::text IS NOT NULL))
      RETURNING c.id),
    made AS (
      INSERT INTO customers (id, store_id, phone, name, channel_ids)
      SELECT ${customerId}::uuid, ${storeId}::uuid, ${from.phone ?? null}::text, ${from.name ?? null}::text,
        ${JSON.stringify(channelIds)}::jsonb
      FROM matched
      WHERE matched.id IS NULL
      RETURNING id, store_id, email, name, phone)
    ${customerCreatedEvent('chat')}`;
}

/** Records the message for its sender, unless an earlier delivery did; a new row emits `message.received`. */
function insertMessage(storeId: string, message: InboundMessage, messageId: string): SQL {
  return sql`WITH made AS (
      INSERT INTO customer_messages (id, store_id, customer_id, channel, direction, channel_message_id, created_at, ${CONTENT_COLUMNS})
      SELECT ${messageId}::uuid, ${storeId}::uuid, ${senderCustomer(storeId, message)}, ${message.channel}::message_channel,
        'inbound'::message_direction,
        ${message.channelMessageId}, least(coalesce(${message.sentAt ?? null}::timestamptz, now()), now()), ${contentValues(message)}
      WHERE NOT ${alreadyRecorded(storeId, message)}
      ON CONFLICT (store_id, channel, channel_message_id) DO NOTHING
      RETURNING *)
    ${messageEvents('message.received', sql`made`)}`;
}

/** The recorded message (this delivery's or an earlier one's), and whether this delivery recorded it. */
function recordedMessage(
  storeId: string,
  message: InboundMessage,
  messageId: string,
): Statement<{ json: ViewJson<MessageValue> | null; created: boolean }> {
  return statement(sql`SELECT ${messageView.json('m')}::text AS json, m.id = ${messageId} AS created
    FROM customer_messages m
    WHERE m.store_id = ${storeId} AND m.channel = ${message.channel} AND m.channel_message_id = ${message.channelMessageId}`);
}

/**
 * Records an inbound message: one round trip, whatever the sender. Answers
 * the message as recorded, and whether this delivery recorded it (a
 * redelivery answers the first delivery's row, not its own body).
 */
export async function receiveMessage(db: Database, storeId: string, message: InboundMessage) {
  const messageId = uuidv7();
  const { recorded } = await runBatch(db, {
    locks: deliveryLocks(storeId, message),
    sender: findOrMakeSender(storeId, message, uuidv7()),
    message: insertMessage(storeId, message, messageId),
    recorded: recordedMessage(storeId, message, messageId),
  });
  const row = recorded[0]!;
  return { json: row.json!, created: row.created };
}
