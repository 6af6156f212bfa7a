import { createRoute, OpenAPIHono } from '@hono/zod-openapi';
import type { AdminEnv } from '../../env';
import { jsonText } from '../../http/json-text';
import { pageRequest } from '../../http/pagination';
import { auditContext, requires } from '../../http/tenancy';
import { validationHook } from '../../http/validation';
import { examples, documenting } from '#examples';
import { adminProblems, jsonContent } from '../../schemas/common';
import {
  ConversationListQuery,
  ConversationSchema,
  CustomerMessageSchema,
  InboundMessageBody,
  MarkReadBody,
  OutboundMessageBody,
  ReadStateSchema,
} from '../../schemas/conversations';
import { CustomerParams } from '../../schemas/customers';
import { PageQuery, pageSchema } from '../../schemas/pagination';
import { StoreParams } from '../../schemas/stores';
import { receiveMessage } from '../../services/conversations/inbound';
import { sendMessage } from '../../services/conversations/outbound';
import { listConversations, listThread, markRead } from '../../services/conversations/threads';

const tags = documenting && ['Conversations'];
const thread = '/v1/admin/stores/{store}/customers/{customerId}/messages';

const inboundRoute = createRoute({
  method: 'post',
  path: '/v1/admin/stores/{store}/messages/inbound',
  operationId: documenting && 'adminReceiveMessage',
  tags,
  ...requires('messages:write'),
  request: {
    params: StoreParams,
    body: { required: true, ...jsonContent(InboundMessageBody, documenting && examples.inboundMessage) },
  },
  responses: documenting && {
    200: {
      description: 'Delivered before: the message as first recorded',
      ...jsonContent(CustomerMessageSchema, examples.receivedMessage),
    },
    201: { description: 'The message, recorded', ...jsonContent(CustomerMessageSchema, examples.receivedMessage) },
    ...adminProblems,
  },
});

const outboundRoute = createRoute({
  method: 'post',
  path: thread,
  operationId: documenting && 'adminSendMessage',
  tags,
  ...requires('messages:write'),
  request: {
    params: CustomerParams,
    body: { required: true, ...jsonContent(OutboundMessageBody, documenting && examples.outboundMessage) },
  },
  responses: documenting && {
    201: {
      description: 'The message, recorded for the integration to deliver',
      ...jsonContent(CustomerMessageSchema, examples.sentMessage),
    },
    ...adminProblems,
  },
});

const threadRoute = createRoute({
  method: 'get',
  path: thread,
  operationId: documenting && 'adminListCustomerMessages',
  tags,
  ...requires('messages:read'),
  request: { params: CustomerParams, query: PageQuery },
  responses: documenting && {
    200: {
      description: 'A page of the thread, newest first',
      ...jsonContent(pageSchema(CustomerMessageSchema, 'CustomerMessagePage'), examples.customerThread),
    },
    ...adminProblems,
  },
});

const conversationsRoute = createRoute({
  method: 'get',
  path: '/v1/admin/stores/{store}/conversations',
  operationId: documenting && 'adminListConversations',
  tags,
  ...requires('messages:read'),
  request: { params: StoreParams, query: ConversationListQuery },
  responses: documenting && {
    200: {
      description: 'A page of threads, latest message first',
      ...jsonContent(pageSchema(ConversationSchema, 'ConversationPage'), examples.conversationPage),
    },
    ...adminProblems,
  },
});

const markReadRoute = createRoute({
  method: 'post',
  path: `${thread}/read`,
  operationId: documenting && 'adminMarkMessagesRead',
  tags,
  ...requires('messages:write'),
  request: {
    params: CustomerParams,
    body: { required: false, ...jsonContent(MarkReadBody, documenting && examples.markMessagesRead) },
  },
  responses: documenting && {
    200: {
      description: 'What it marked, and what stays unread',
      ...jsonContent(ReadStateSchema, examples.messagesReadState),
    },
    ...adminProblems,
  },
});

/** Chat with customers: integrations post what arrives, staff read threads and write back. */
export const conversationRoutes = new OpenAPIHono<AdminEnv>({ defaultHook: validationHook })
  .openapi(inboundRoute, async (c) => {
    const { json, created } = await receiveMessage(c.var.db, c.var.store.id, c.req.valid('json'));
    return created ? jsonText(c, json, 201) : jsonText(c, json, 200);
  })
  .openapi(outboundRoute, async (c) =>
    jsonText(
      c,
      await sendMessage(c.var.db, auditContext(c), c.req.valid('param').customerId, c.req.valid('json')),
      201,
    ),
  )
  .openapi(threadRoute, async (c) =>
    jsonText(
      c,
      await listThread(c.var.db, c.var.store.id, c.req.valid('param').customerId, pageRequest(c.req.valid('query'))),
    ),
  )
  .openapi(conversationsRoute, async (c) => {
    const { limit, cursor, ...filters } = c.req.valid('query');
    return jsonText(c, await listConversations(c.var.db, c.var.store.id, filters, pageRequest({ limit, cursor })));
  })
  .openapi(markReadRoute, async (c) =>
    c.json(await markRead(c.var.db, c.var.store.id, c.req.valid('param').customerId, c.req.valid('json')?.upTo), 200),
  );
