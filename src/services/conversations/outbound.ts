import { type SQL, sql } from 'drizzle-orm';
import type { Database } from '../../db/client';
import { runBatch } from '../../db/sql/batch';
import { type ViewValue, viewOf, viewText } from '../../db/sql/views';
import { uuidv7 } from '../../lib/ids';
import type { AuditContext } from '../audit';
import { NO_CUSTOMER } from '../customers/admin-customers';
import {
  CONTENT_COLUMNS,
  contentValues,
  type MessageChannel,
  type MessageContent,
  messageEvents,
  messageView,
} from './message-view';

/**
 * A message staff write to a customer. The API does not talk to chat
 * channels: it records the message and emits `message.outbound`, which the
 * channel's integration (a webhook endpoint) delivers to `to`.
 *
 * Not audited: the message is itself the record, append-only, naming who
 * wrote it (`sender`); an audit row would repeat it.
 */
export interface OutboundMessage extends MessageContent {
  channel?: MessageChannel;
}

/**
 * `target`: customer `customerId` of the store with the channel the message
 * goes out on (the one given, else the channel of the customer's latest
 * message to the store) and the recipient there: their id on the channel,
 * else their phone on WhatsApp or SMS, or their email on email.
 */
function targetCte(storeId: string, customerId: string, channel: MessageChannel | undefined): SQL {
  return sql`target AS (
    SELECT c.id, c.store_id, route.channel,
      coalesce(c.channel_ids ->> route.channel::text, CASE
        WHEN route.channel IN ('whatsapp', 'sms') THEN c.phone
        WHEN route.channel = 'email' THEN c.email END) AS recipient
    FROM customers c
    CROSS JOIN LATERAL (SELECT coalesce(${channel ?? null}::message_channel, (
      SELECT m.channel FROM customer_messages m
      WHERE m.store_id = c.store_id AND m.customer_id = c.id AND m.direction = 'inbound'
      ORDER BY m.id DESC
      LIMIT 1)) AS channel) route
    WHERE c.id = ${customerId} AND c.store_id = ${storeId})`;
}

const NO_CHANNEL = 'The customer has not written to the store yet: name the channel to write on.';

/** Stops the batch unless the store has the customer and a way to reach them on the channel. */
function requireRecipient(target: SQL): SQL {
  return sql`WITH ${target}
    SELECT CASE
      WHEN t.id IS NULL THEN api_error('not_found', ${NO_CUSTOMER})
      WHEN t.channel IS NULL THEN api_error('validation_failed', ${NO_CHANNEL}, 'channel')
      WHEN t.recipient IS NULL THEN api_error('validation_failed',
        'The customer has no id on ' || t.channel || ' for the message to go to; write on another channel or add their id.', 'channel')
      ELSE true END
    FROM (SELECT 1) one
    LEFT JOIN target t ON true`;
}

/**
 * Records a message from staff (`context.actor`) to customer `customerId`
 * and emits `message.outbound` with where it goes. One round trip;
 * answers the message.
 */
export async function sendMessage(db: Database, context: AuditContext, customerId: string, message: OutboundMessage) {
  const { storeId, actor } = context;
  const id = uuidv7();
  const target = targetCte(storeId, customerId, message.channel);
  const { view } = await runBatch(db, {
    requireRecipient: requireRecipient(target),
    message: sql`WITH ${target},
      made AS (
        INSERT INTO customer_messages (id, store_id, customer_id, channel, direction, sender_type, sender_id, ${CONTENT_COLUMNS})
        SELECT ${id}::uuid, store_id, id, channel, 'outbound'::message_direction, ${actor.type}::actor_type, ${actor.id}::uuid,
          ${contentValues(message)}
        FROM target
        RETURNING *)
      ${messageEvents('message.outbound', sql`made`, sql`(SELECT recipient FROM target)`)}`,
    view: viewOf<ViewValue<typeof messageView>>(
      messageView.json('m'),
      sql`customer_messages m WHERE m.id = ${id} AND m.store_id = ${storeId}`,
    ),
  });
  return viewText(view, NO_CUSTOMER);
}
