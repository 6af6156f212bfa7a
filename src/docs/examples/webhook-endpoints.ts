import type { z } from '@hono/zod-openapi';
import type {
  CreateWebhookEndpointBody,
  UpdateWebhookEndpointBody,
  WebhookDeliveryDetailSchema,
  WebhookDeliverySchema,
  WebhookEndpointListSchema,
  WebhookEndpointSchema,
  WebhookEndpointWithSecretSchema,
} from '../../schemas/webhook-endpoints';
import { pageExample } from './pagination';
import { amounts, ids, ORDER_NUMBER } from './story';

/** Whole-body examples of src/schemas/webhook-endpoints.ts, for the OpenAPI document (the story is in story.ts). */

/** The store's fulfilment service, subscribed to orders and payments. */
const endpointId = '01a26a10-3c52-7c01-8e4b-2f6d9a0c7b31';
const pingEventId = '01a26a11-0a7e-7d02-9f3c-6b1e2d4a8c55';
const pingDeliveryId = '01a26a11-0a7e-7d03-a1b2-3c4d5e6f7a88';
const paidEventId = '01a26a14-5f21-7e04-8b6a-1d2c3e4f5a66';
const paidDeliveryId = '01a26a14-5f22-7e05-9c7b-2e3d4f5a6b77';

const endpointAt = {
  created: '2026-12-11T10:02:14.118203+00:00',
  pinged: '2026-12-11T10:02:40.530114+00:00',
  pingAnswered: '2026-12-11T10:02:40.871902+00:00',
  changed: '2026-12-11T10:05:09.004517+00:00',
  rotated: '2026-12-12T08:30:00.215744+00:00',
  previousExpires: '2026-12-13T08:30:00.215744+00:00',
  paid: '2026-12-12T09:14:03.662410+00:00',
  paidFailed: '2026-12-12T09:14:13.671020+00:00',
  paidRetry: '2026-12-12T09:19:13.671020+00:00',
};

export const newWebhookEndpoint = {
  url: 'https://fulfilment.example.com/hooks/balsamoa',
  description: 'Depósito: prepara y despacha los pedidos pagos',
  eventTypes: ['order.*', 'payment.succeeded'],
} satisfies z.input<typeof CreateWebhookEndpointBody>;

export const webhookEndpoint = {
  id: endpointId,
  ...newWebhookEndpoint,
  active: true,
  secretHint: 'k9Qx',
  previousSecretExpiresAt: null,
  failingSince: null,
  lastSuccessAt: null,
  disabledAt: null,
  disabledReason: null,
  createdAt: endpointAt.created,
  updatedAt: endpointAt.created,
} satisfies z.output<typeof WebhookEndpointSchema>;

export const createdWebhookEndpoint = {
  ...webhookEndpoint,
  secret: 'whsec_Jm3vQ8tR2yLp0aXc5nGh7bKdWs1eZf9k9Qx',
} satisfies z.output<typeof WebhookEndpointWithSecretSchema>;

/** The owner adds refunds to what the depot hears about. */
export const webhookEndpointChange = {
  eventTypes: ['order.*', 'payment.succeeded', 'payment.refunded'],
} satisfies z.input<typeof UpdateWebhookEndpointBody>;

export const changedWebhookEndpoint = {
  ...webhookEndpoint,
  ...webhookEndpointChange,
  lastSuccessAt: endpointAt.pingAnswered,
  updatedAt: endpointAt.changed,
} satisfies z.output<typeof WebhookEndpointSchema>;

export const rotatedWebhookEndpoint = {
  ...changedWebhookEndpoint,
  secretHint: 'T4mw',
  previousSecretExpiresAt: endpointAt.previousExpires,
  updatedAt: endpointAt.rotated,
  secret: 'whsec_Hq8sVb2nK5xPz1cYt7mRf4LgDa0uWe3iT4mw',
} satisfies z.output<typeof WebhookEndpointWithSecretSchema>;

export const webhookEndpointList = { data: [changedWebhookEndpoint] } satisfies z.output<
  typeof WebhookEndpointListSchema
>;

/** The ping, just queued. */
export const pingDelivery = {
  id: pingDeliveryId,
  endpointId,
  eventId: pingEventId,
  eventType: 'webhook.ping',
  status: 'pending',
  attempts: 0,
  nextAttemptAt: endpointAt.pinged,
  lastAttemptAt: null,
  responseStatus: null,
  lastError: null,
  deliveredAt: null,
  createdAt: endpointAt.pinged,
  payload: { endpointId, url: newWebhookEndpoint.url },
  attemptLog: [],
} satisfies z.output<typeof WebhookDeliveryDetailSchema>;

/** The order's payment, which the depot first answered with a 503, then took on the retry. */
const paidDelivery = {
  id: paidDeliveryId,
  endpointId,
  eventId: paidEventId,
  eventType: 'order.paid',
  status: 'succeeded',
  attempts: 2,
  nextAttemptAt: null,
  lastAttemptAt: endpointAt.paidRetry,
  responseStatus: 200,
  lastError: null,
  deliveredAt: endpointAt.paidRetry,
  createdAt: endpointAt.paid,
} satisfies z.output<typeof WebhookDeliverySchema>;

export const webhookDeliveryPage = pageExample(paidDelivery);

export const webhookDelivery = {
  ...paidDelivery,
  payload: { orderId: ids.order, orderNumber: ORDER_NUMBER, total: amounts.total, currency: 'ARS' },
  attemptLog: [
    {
      attempt: 1,
      startedAt: endpointAt.paidFailed,
      durationMs: 212,
      responseStatus: 503,
      responseBody: '{"error":"warehouse system restarting"}',
      error: null,
    },
    {
      attempt: 2,
      startedAt: endpointAt.paidRetry,
      durationMs: 148,
      responseStatus: 200,
      responseBody: '{"ok":true}',
      error: null,
    },
  ],
} satisfies z.output<typeof WebhookDeliveryDetailSchema>;

/** Sent again after the depot lost it: pending, due now, its attempts still counted. */
export const redeliveredDelivery = {
  ...webhookDelivery,
  status: 'pending',
  nextAttemptAt: '2026-12-12T11:40:22.508331+00:00',
} satisfies z.output<typeof WebhookDeliveryDetailSchema>;
