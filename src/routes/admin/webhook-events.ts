import { createRoute, OpenAPIHono } from '@hono/zod-openapi';
import type { AdminEnv } from '../../env';
import { jsonText } from '../../http/json-text';
import { pageRequest } from '../../http/pagination';
import { requires } from '../../http/tenancy';
import { validationHook } from '../../http/validation';
import { adminProblems, jsonContent } from '../../schemas/common';
import { StoreParams } from '../../schemas/stores';
import {
  WebhookEventDetailSchema,
  WebhookEventListQuery,
  WebhookEventPageSchema,
  WebhookEventParams,
} from '../../schemas/webhook-events';
import { examples, documenting } from '#examples';
import { getWebhookEvent, listWebhookEvents } from '../../services/payments/webhook-log';

const tags = documenting && ['Webhooks'];
const base = '/v1/admin/stores/{store}/webhook-events';

const listRoute = createRoute({
  method: 'get',
  path: base,
  operationId: documenting && 'adminListWebhookEvents',
  tags,
  ...requires('payments:read'),
  request: { params: StoreParams, query: WebhookEventListQuery },
  responses: documenting && {
    200: { description: 'A page of deliveries', ...jsonContent(WebhookEventPageSchema, examples.webhookEventPage) },
    ...adminProblems,
  },
});

const getRoute = createRoute({
  method: 'get',
  path: `${base}/{eventId}`,
  operationId: documenting && 'adminGetWebhookEvent',
  tags,
  ...requires('payments:read'),
  request: { params: WebhookEventParams },
  responses: documenting && {
    200: { description: 'The delivery', ...jsonContent(WebhookEventDetailSchema, examples.webhookEventDetail) },
    ...adminProblems,
  },
});

/** The store's inbound webhook log, for diagnosing payments that did not move. */
export const webhookEventRoutes = new OpenAPIHono<AdminEnv>({ defaultHook: validationHook })
  .openapi(listRoute, async (c) => {
    const { limit, cursor, ...filters } = c.req.valid('query');
    return jsonText(c, await listWebhookEvents(c.var.db, c.var.store.id, filters, pageRequest({ limit, cursor })));
  })
  .openapi(getRoute, async (c) => {
    const { eventId } = c.req.valid('param');
    return jsonText(c, await getWebhookEvent(c.var.db, c.var.store.id, eventId));
  });
