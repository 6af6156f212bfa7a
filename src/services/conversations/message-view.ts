import { type SQL, sql } from 'drizzle-orm';
import { insertEvents } from '../../db/sql/ledgers';
import { defineView } from '../../db/sql/views';
import type { MESSAGE_CHANNELS, MESSAGE_TYPES } from '../../lib/enums';
import { CustomerMessageSchema } from '../../schemas/conversations';

/**
 * Customer conversations (seed 003's customer_messages): messages that
 * integrations post as they arrive on a chat channel (inbound.ts), messages
 * staff write back (outbound.ts), and the threads staff read (threads.ts).
 */

export type MessageChannel = (typeof MESSAGE_CHANNELS)[number];
export type MessageType = (typeof MESSAGE_TYPES)[number];

/** What a message carries besides its channel and direction. */
export interface MessageContent {
  text: string;
  type: MessageType;
  metadata: Record<string, unknown>;
}

/** A customer_messages row, alias `m`, as staff and integrations read it. */
export const messageView = defineView(
  CustomerMessageSchema,
  (_message: 'm') => sql`json_build_object('id', m.id, 'customerId', m.customer_id, 'direction', m.direction,
    'channel', m.channel, 'type', m.type, 'text', m.text, 'metadata', m.metadata,
    'channelMessageId', m.channel_message_id, 'readAt', m.read_at,
    'sender', CASE WHEN m.sender_type IS NULL THEN NULL ELSE json_build_object('type', m.sender_type, 'id', m.sender_id) END,
    'createdAt', m.created_at)`,
);

/**
 * A `message.received` or `message.outbound` event per row of `source` (a
 * CTE of customer_messages rows), with the payload src/docs/webhooks.ts
 * documents (`ChatMessage`); `to` is where an outbound message goes.
 */
export function messageEvents(type: 'message.received' | 'message.outbound', source: SQL, to: SQL = sql`NULL`): SQL {
  return insertEvents(
    {
      storeId: sql`store_id`,
      type,
      aggregateType: 'customer_message',
      aggregateId: sql`id`,
      payload: sql`jsonb_build_object('messageId', id, 'customerId', customer_id, 'channel', channel,
        'direction', direction, 'type', type, 'text', text, 'channelMessageId', channel_message_id,
        'to', ${to}::text, 'metadata', metadata, 'createdAt', created_at)`,
    },
    source,
  );
}

/** The customer_messages columns a writer fills, in the order `contentValues` gives them. */
export const CONTENT_COLUMNS = sql`text, type, metadata`;

/** A message's text, type and metadata as values of an INSERT. */
export function contentValues(content: MessageContent): SQL {
  return sql`${content.text}, ${content.type}::message_type, ${JSON.stringify(content.metadata)}::jsonb`;
}
