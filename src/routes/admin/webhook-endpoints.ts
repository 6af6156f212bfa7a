import { createRoute, OpenAPIHono } from '@hono/zod-openapi';
import type { Context } from 'hono';
import type { AdminEnv } from '../../env';
import { jsonText } from '../../http/json-text';
import { pageRequest } from '../../http/pagination';
import { auditContext, requires } from '../../http/tenancy';
import { validationHook } from '../../http/validation';
import { adminProblems, jsonContent, problemResponses } from '../../schemas/common';
import { StoreParams } from '../../schemas/stores';
import {
  CreateWebhookEndpointBody,
  MAX_WEBHOOK_ENDPOINTS,
  UpdateWebhookEndpointBody,
  WebhookDeliveryDetailSchema,
  WebhookDeliveryPageSchema,
  WebhookDeliveryParams,
  WebhookDeliveryQuery,
  WebhookEndpointListSchema,
  WebhookEndpointParams,
  WebhookEndpointSchema,
  WebhookEndpointWithSecretSchema,
} from '../../schemas/webhook-endpoints';
import { examples, documenting } from '#examples';
import {
  createWebhookEndpoint,
  deleteWebhookEndpoint,
  getWebhookDelivery,
  getWebhookEndpoint,
  listWebhookDeliveries,
  listWebhookEndpoints,
  pingWebhookEndpoint,
  redeliverWebhookDelivery,
  rotateWebhookSecret,
  updateWebhookEndpoint,
} from '../../services/webhooks/endpoints';
import type { UrlPolicyOptions } from '../../services/webhooks/url-policy';

const tags = documenting && ['Webhook endpoints'];
const base = '/v1/admin/stores/{store}/webhook-endpoints';
const one = `${base}/{endpointId}`;
const NO_KEY = documenting && { 503: 'This deployment has no PAYMENT_SECRETS_KEY to seal endpoint secrets' };
const URL_RULES =
  documenting &&
  'The URL must be absolute https, at most 2048 characters, without a user name or password, and not name localhost or an IP address in a private (10/8, 172.16/12, 192.168/16, 100.64/10), loopback, link-local, unspecified or unique-local range (IPv4-mapped IPv6 included); each refusal is a 422 saying why. Plain http to 127.0.0.1 or localhost is allowed only where the Worker runs in development.';
const SECRET_ONCE =
  documenting &&
  'The signing secret (`secret`, Standard Webhooks format) is in this answer only: it is stored sealed and never shown again.';

const listRoute = createRoute({
  method: 'get',
  path: base,
  operationId: documenting && 'adminListWebhookEndpoints',
  tags,
  description:
    documenting &&
    `Every endpoint of the store, newest first; unpaged, as a store has at most ${MAX_WEBHOOK_ENDPOINTS}. One round trip.`,
  ...requires('webhooks:read'),
  request: { params: StoreParams },
  responses: documenting && {
    200: { description: 'The endpoints', ...jsonContent(WebhookEndpointListSchema, examples.webhookEndpointList) },
    ...adminProblems,
  },
});

const createEndpointRoute = createRoute({
  method: 'post',
  path: base,
  operationId: documenting && 'adminCreateWebhookEndpoint',
  tags,
  description:
    documenting &&
    `A URL that receives the store’s events of the types listed (exact names, families such as \`order.*\`, or \`*\`), signed per the Standard Webhooks specification. ${URL_RULES} ${SECRET_ONCE} One round trip; audited.`,
  ...requires('webhooks:write'),
  request: {
    params: StoreParams,
    body: { required: true, ...jsonContent(CreateWebhookEndpointBody, documenting && examples.newWebhookEndpoint) },
  },
  responses: documenting && {
    201: {
      description: 'The endpoint, with its secret this once',
      ...jsonContent(WebhookEndpointWithSecretSchema, examples.createdWebhookEndpoint),
    },
    ...adminProblems,
    ...problemResponses({ 409: `The store has ${MAX_WEBHOOK_ENDPOINTS} endpoints already`, ...NO_KEY }),
  },
});

const getRoute = createRoute({
  method: 'get',
  path: one,
  operationId: documenting && 'adminGetWebhookEndpoint',
  tags,
  ...requires('webhooks:read'),
  request: { params: WebhookEndpointParams },
  responses: documenting && {
    200: { description: 'The endpoint', ...jsonContent(WebhookEndpointSchema, examples.webhookEndpoint) },
    ...adminProblems,
  },
});

const updateRoute = createRoute({
  method: 'patch',
  path: one,
  operationId: documenting && 'adminUpdateWebhookEndpoint',
  tags,
  description:
    documenting &&
    `Any of its fields. \`active: true\` re-enables an endpoint the API disabled after 5 days of failures, clearing \`disabledAt\` and \`failingSince\`. ${URL_RULES} One round trip; audited.`,
  ...requires('webhooks:write'),
  request: {
    params: WebhookEndpointParams,
    body: { required: true, ...jsonContent(UpdateWebhookEndpointBody, documenting && examples.webhookEndpointChange) },
  },
  responses: documenting && {
    200: { description: 'The endpoint', ...jsonContent(WebhookEndpointSchema, examples.changedWebhookEndpoint) },
    ...adminProblems,
  },
});

const deleteRoute = createRoute({
  method: 'delete',
  path: one,
  operationId: documenting && 'adminDeleteWebhookEndpoint',
  tags,
  ...requires('webhooks:write'),
  request: { params: WebhookEndpointParams },
  responses: documenting && { 204: { description: 'Deleted' }, ...adminProblems },
});

const rotateRoute = createRoute({
  method: 'post',
  path: `${one}/rotate-secret`,
  operationId: documenting && 'adminRotateWebhookSecret',
  tags,
  description:
    documenting &&
    `A new secret signs from now on. The replaced one signs too for 24 hours (\`webhook-signature\` then carries both signatures), so the receiver can switch without missing a delivery; rotating again within them drops the older one. ${SECRET_ONCE} One round trip; audited.`,
  ...requires('webhooks:write'),
  request: { params: WebhookEndpointParams },
  responses: documenting && {
    200: {
      description: 'The endpoint, with its new secret this once',
      ...jsonContent(WebhookEndpointWithSecretSchema, examples.rotatedWebhookEndpoint),
    },
    ...adminProblems,
    ...problemResponses(NO_KEY),
  },
});

const pingRoute = createRoute({
  method: 'post',
  path: `${one}/ping`,
  operationId: documenting && 'adminPingWebhookEndpoint',
  tags,
  ...requires('webhooks:write'),
  request: { params: WebhookEndpointParams },
  responses: documenting && {
    202: { description: 'The delivery, queued', ...jsonContent(WebhookDeliveryDetailSchema, examples.pingDelivery) },
    ...adminProblems,
  },
});

const listDeliveriesRoute = createRoute({
  method: 'get',
  path: `${one}/deliveries`,
  operationId: documenting && 'adminListWebhookDeliveries',
  tags,
  ...requires('webhooks:read'),
  request: { params: WebhookEndpointParams, query: WebhookDeliveryQuery },
  responses: documenting && {
    200: {
      description: 'A page of deliveries',
      ...jsonContent(WebhookDeliveryPageSchema, examples.webhookDeliveryPage),
    },
    ...adminProblems,
  },
});

const getDeliveryRoute = createRoute({
  method: 'get',
  path: `${one}/deliveries/{deliveryId}`,
  operationId: documenting && 'adminGetWebhookDelivery',
  tags,
  ...requires('webhooks:read'),
  request: { params: WebhookDeliveryParams },
  responses: documenting && {
    200: { description: 'The delivery', ...jsonContent(WebhookDeliveryDetailSchema, examples.webhookDelivery) },
    ...adminProblems,
  },
});

const redeliverRoute = createRoute({
  method: 'post',
  path: `${one}/deliveries/{deliveryId}/redeliver`,
  operationId: documenting && 'adminRedeliverWebhookDelivery',
  tags,
  ...requires('webhooks:write'),
  request: { params: WebhookDeliveryParams },
  responses: documenting && {
    202: {
      description: 'The delivery, queued',
      ...jsonContent(WebhookDeliveryDetailSchema, examples.redeliveredDelivery),
    },
    ...adminProblems,
  },
});

/** Plain http to this machine is for a receiver on a developer's machine, where the Worker runs locally. */
function urlPolicy(c: Context<AdminEnv>): UrlPolicyOptions {
  return { local: c.env.ENVIRONMENT === 'development' || c.env.ENVIRONMENT === 'test' };
}

/** After the commit: the delivery goes to the queue, whose consumer sends it. */
function enqueue(c: Context<AdminEnv>, deliveryId: string): Promise<void> {
  return c.env.WEBHOOK_QUEUE.send({ deliveryId });
}

/** A store's outbound webhook endpoints and their deliveries. */
export const webhookEndpointRoutes = new OpenAPIHono<AdminEnv>({ defaultHook: validationHook })
  .openapi(listRoute, async (c) => jsonText(c, await listWebhookEndpoints(c.var.db, c.var.store.id)))
  .openapi(createEndpointRoute, async (c) =>
    jsonText(
      c,
      await createWebhookEndpoint(
        c.var.db,
        c.env.PAYMENT_SECRETS_KEY,
        urlPolicy(c),
        auditContext(c),
        c.req.valid('json'),
      ),
      201,
    ),
  )
  .openapi(getRoute, async (c) =>
    jsonText(c, await getWebhookEndpoint(c.var.db, c.var.store.id, c.req.valid('param').endpointId)),
  )
  .openapi(updateRoute, async (c) =>
    jsonText(
      c,
      await updateWebhookEndpoint(
        c.var.db,
        urlPolicy(c),
        auditContext(c),
        c.req.valid('param').endpointId,
        c.req.valid('json'),
      ),
    ),
  )
  .openapi(deleteRoute, async (c) => {
    await deleteWebhookEndpoint(c.var.db, auditContext(c), c.req.valid('param').endpointId);
    return c.body(null, 204);
  })
  .openapi(rotateRoute, async (c) =>
    jsonText(
      c,
      await rotateWebhookSecret(c.var.db, c.env.PAYMENT_SECRETS_KEY, auditContext(c), c.req.valid('param').endpointId),
    ),
  )
  .openapi(pingRoute, async (c) => {
    const { deliveryId, json } = await pingWebhookEndpoint(c.var.db, auditContext(c), c.req.valid('param').endpointId);
    await enqueue(c, deliveryId);
    return jsonText(c, json, 202);
  })
  .openapi(listDeliveriesRoute, async (c) => {
    const { limit, cursor, ...filters } = c.req.valid('query');
    const { endpointId } = c.req.valid('param');
    return jsonText(
      c,
      await listWebhookDeliveries(c.var.db, c.var.store.id, endpointId, filters, pageRequest({ limit, cursor })),
    );
  })
  .openapi(getDeliveryRoute, async (c) => {
    const { endpointId, deliveryId } = c.req.valid('param');
    return jsonText(c, await getWebhookDelivery(c.var.db, c.var.store.id, endpointId, deliveryId));
  })
  .openapi(redeliverRoute, async (c) => {
    const { endpointId, deliveryId } = c.req.valid('param');
    const json = await redeliverWebhookDelivery(c.var.db, auditContext(c), endpointId, deliveryId);
    await enqueue(c, deliveryId);
    return jsonText(c, json, 202);
  });
