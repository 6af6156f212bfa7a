import type { z } from '@hono/zod-openapi';
import type {
  ConversationSchema,
  CustomerMessageSchema,
  InboundMessageBody,
  MarkReadBody,
  OutboundMessageBody,
  ReadStateSchema,
} from '../../schemas/conversations';
import { type PageOf, pageExample } from './pagination';
import { CHAT_BUYER_PHONE, conversationStory, ids, setupIds } from './story';

/** Whole-body examples of src/schemas/conversations.ts, for the OpenAPI document (the story is in story.ts). */

/** Martín's question, as the store's WhatsApp integration posts it. */
export const inboundMessage = {
  channel: 'whatsapp',
  channelMessageId: conversationStory.wamid,
  from: { phone: CHAT_BUYER_PHONE, channelUserId: CHAT_BUYER_PHONE, name: 'Martín Sosa' },
  text: 'Hola! El buzo negro lo tienen en L? Necesito 6.',
  type: 'text',
  sentAt: conversationStory.received,
} satisfies z.input<typeof InboundMessageBody>;

export const receivedMessage = {
  id: conversationStory.inbound,
  customerId: setupIds.chatCustomer,
  direction: 'inbound',
  channel: 'whatsapp',
  type: 'text',
  text: inboundMessage.text,
  metadata: {},
  channelMessageId: conversationStory.wamid,
  readAt: null,
  sender: null,
  createdAt: conversationStory.received,
} satisfies z.output<typeof CustomerMessageSchema>;

/** Staff answer on the channel he wrote on. */
export const outboundMessage = {
  text: '¡Hola Martín! Sí, tenemos 8 en L. ¿Te reservo 6?',
} satisfies z.input<typeof OutboundMessageBody>;

export const sentMessage = {
  ...receivedMessage,
  id: conversationStory.outbound,
  direction: 'outbound',
  text: outboundMessage.text,
  channelMessageId: null,
  sender: { type: 'user', id: ids.staff },
  createdAt: conversationStory.answered,
} satisfies z.output<typeof CustomerMessageSchema>;

const readMessage = { ...receivedMessage, readAt: conversationStory.read };

export const customerThread = pageExample<z.output<typeof CustomerMessageSchema>>(
  sentMessage,
  readMessage,
) satisfies PageOf<typeof CustomerMessageSchema>;

export const conversationPage = pageExample({
  customer: {
    id: setupIds.chatCustomer,
    name: 'Martín Sosa',
    phone: CHAT_BUYER_PHONE,
    email: 'martin.sosa@example.com',
  },
  lastMessage: sentMessage,
  unreadCount: 0,
}) satisfies PageOf<typeof ConversationSchema>;

export const markMessagesRead = { upTo: conversationStory.inbound } satisfies z.input<typeof MarkReadBody>;

export const messagesReadState = {
  customerId: setupIds.chatCustomer,
  marked: 1,
  unreadCount: 0,
} satisfies z.output<typeof ReadStateSchema>;
