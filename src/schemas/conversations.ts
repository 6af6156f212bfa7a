import { z } from '@hono/zod-openapi';
import { ACTOR_TYPES, MESSAGE_CHANNELS, MESSAGE_DIRECTIONS, MESSAGE_TYPES } from '../lib/enums';
import { NO_NUL, nulPath } from '../lib/nul';
import { BooleanFlag, Instant } from './common';
import { ChannelId, Phone } from './customers';
import { PageQuery } from './pagination';

/** How long a message's text may be, in characters (WhatsApp's own limit is 4096). */
export const MAX_MESSAGE_TEXT = 4096;
/** How large a message's metadata may be, as UTF-8 JSON, and how deeply it may nest. */
export const MAX_METADATA_BYTES = 16 * 1024;
export const MAX_METADATA_DEPTH = 8;

/** How deeply `value` nests: 0 for a scalar, 1 for a flat object or array. */
function depthOf(value: unknown): number {
  if (value === null || typeof value !== 'object') return 0;
  return 1 + Math.max(0, ...Object.values(value).map(depthOf));
}

/** Text as the channel gave it: kept as is (not trimmed), at most MAX_MESSAGE_TEXT characters (a NUL: the validation hook's 422). */
const MessageText = z.string().max(MAX_MESSAGE_TEXT);

/**
 * What a channel sends beside the text (media URLs, a button's payload,
 * coordinates), stored as given. Sized before it is walked, so a deep or
 * huge body is refused cheaply.
 */
const Metadata = z
  .record(z.string(), z.unknown())
  .refine((value) => new TextEncoder().encode(JSON.stringify(value)).length <= MAX_METADATA_BYTES, {
    message: `At most ${MAX_METADATA_BYTES / 1024} KiB as JSON.`,
    abort: true,
  })
  .refine((value) => depthOf(value) <= MAX_METADATA_DEPTH, {
    message: `Nested at most ${MAX_METADATA_DEPTH} levels deep.`,
    abort: true,
  })
  // The metadata is opaque: a NUL anywhere in it is refused on `metadata` itself.
  .refine((value) => nulPath(value) === undefined, NO_NUL)
  .openapi({
    description: `What the channel sent beside the text (media URLs, a button’s payload, ...), kept as given: a JSON object of at most ${MAX_METADATA_BYTES / 1024} KiB, nested at most ${MAX_METADATA_DEPTH} levels.`,
  });

const Channel = z.enum(MESSAGE_CHANNELS);
const MessageType = z.enum(MESSAGE_TYPES);

/** A `text` message needs text that is not blank; others (an image, a location) may come without a caption. */
const hasText = (message: { type?: string; text?: string }) =>
  (message.type ?? 'text') !== 'text' || (message.text ?? '').trim().length > 0;
const NEEDS_TEXT = { message: 'A text message needs text (other types may have none).', path: ['text'] };

const Sender = z
  .object({
    phone: Phone.optional(),
    channelUserId: ChannelId.optional(),
    name: z.string().trim().min(1).max(200).optional(),
  })
  .strict()
  .refine((sender) => sender.phone !== undefined || sender.channelUserId !== undefined, {
    message: 'Give the sender’s phone or their id on the channel.',
  });

export const InboundMessageBody = z
  .object({
    channel: Channel,
    channelMessageId: z.string().trim().min(1).max(200),
    from: Sender,
    text: MessageText.default(''),
    type: MessageType.default('text'),
    metadata: Metadata.default({}),
    sentAt: Instant.optional(),
  })
  .strict()
  .refine(hasText, NEEDS_TEXT)
  .openapi('InboundMessage');

export const OutboundMessageBody = z
  .object({
    text: MessageText.default(''),
    channel: Channel.optional(),
    type: MessageType.default('text'),
    metadata: Metadata.default({}),
  })
  .strict()
  .refine(hasText, NEEDS_TEXT)
  .openapi('OutboundMessage');

export const MarkReadBody = z
  .object({
    upTo: z.uuid().optional(),
  })
  .strict()
  .openapi('MarkMessagesRead');

export const ConversationListQuery = PageQuery.extend({
  unread: BooleanFlag.optional(),
  channel: Channel.optional(),
});

export const CustomerMessageSchema = z
  .object({
    id: z.uuid(),
    customerId: z.uuid(),
    direction: z.enum(MESSAGE_DIRECTIONS),
    channel: Channel,
    type: MessageType,
    text: z.string(),
    metadata: z.record(z.string(), z.unknown()),
    channelMessageId: z.string().nullable(),
    readAt: z.string().nullable(),
    sender: z.object({ type: z.enum(ACTOR_TYPES), id: z.uuid().nullable() }).nullable(),
    createdAt: z.string(),
  })
  .openapi('CustomerMessage');

export const ConversationSchema = z
  .object({
    customer: z.object({
      id: z.uuid(),
      name: z.string().nullable(),
      phone: z.string().nullable(),
      email: z.string().nullable(),
    }),
    lastMessage: CustomerMessageSchema,
    unreadCount: z.number().int(),
  })
  .openapi('Conversation');

export const ReadStateSchema = z
  .object({
    customerId: z.uuid(),
    marked: z.number().int(),
    unreadCount: z.number().int(),
  })
  .openapi('MessagesReadState');
