import { z } from '@hono/zod-openapi';
import { WEBHOOK_DELIVERY_STATUSES } from '../lib/enums';
import { EVENT_TYPES } from '../lib/event-topics';
import { PageQuery, pageSchema } from './pagination';
import { StoreParams } from './stores';

/** Schemas of a store's outbound webhook endpoints and their deliveries. */

/** How many endpoints a store may have: the list answers them all, unpaged. */
export const MAX_WEBHOOK_ENDPOINTS = 20;

const MAX_EVENT_FILTERS = 50;

/** The longest URL an endpoint may have. */
export const MAX_WEBHOOK_URL_LENGTH = 2048;

const timestamp = () => z.string().openapi({ format: 'date-time' });
const idParam = (name: string) => z.uuid().openapi({ param: { name, in: 'path' } });

export const WebhookEndpointParams = StoreParams.extend({ endpointId: idParam('endpointId') }).strict();
export const WebhookDeliveryParams = WebhookEndpointParams.extend({ deliveryId: idParam('deliveryId') }).strict();

/**
 * The families a subscription may name: every prefix of some topic that ends
 * at a dot (`order.*`, `group-commerce.*`, `group-commerce.campaign.*`).
 */
const FAMILIES = new Set(
  EVENT_TYPES.flatMap((type) =>
    type
      .split('.')
      .slice(0, -1)
      .map((_, index, parts) => `${parts.slice(0, index + 1).join('.')}.*`),
  ),
);

/** An event type, a family of them or every one: what an endpoint subscribes to. */
export function isEventFilter(value: string): boolean {
  return value === '*' || FAMILIES.has(value) || (EVENT_TYPES as string[]).includes(value);
}

const EventFilter = z
  .string()
  .max(100)
  .refine(isEventFilter, 'An event type (`order.paid`), a family of them (`order.*`) or `*`.')
  .openapi({ example: 'order.*' });

const EventFilters = z
  .array(EventFilter)
  .min(1)
  .max(MAX_EVENT_FILTERS)
  .transform((filters) => [...new Set(filters)]);

const endpointFields = {
  url: z
    .string()
    .max(MAX_WEBHOOK_URL_LENGTH)
    .openapi({
      description: `Where deliveries are posted: an absolute https URL (at most ${MAX_WEBHOOK_URL_LENGTH} characters), without a user name or password, and not an IP address in a private, loopback, link-local or unspecified range.`,
      example: 'https://hooks.example.com/commerce',
    }),
  description: z.string().trim().min(1).max(500).nullable(),
  eventTypes: EventFilters,
  active: z.boolean(),
};

export const CreateWebhookEndpointBody = z
  .object({
    ...endpointFields,
    description: endpointFields.description.optional(),
    active: endpointFields.active.optional(),
  })
  .strict()
  .openapi('NewWebhookEndpoint');

export const UpdateWebhookEndpointBody = z
  .object(endpointFields)
  .partial()
  .strict()
  .refine((body) => Object.keys(body).length > 0, 'Name at least one field to change.')
  .openapi('WebhookEndpointChange');

export const WebhookEndpointSchema = z
  .object({
    id: z.uuid(),
    url: z.string(),
    description: z.string().nullable(),
    eventTypes: z.array(z.string()),
    active: z.boolean(),
    secretHint: z.string(),
    previousSecretExpiresAt: timestamp().nullable(),
    failingSince: timestamp().nullable(),
    lastSuccessAt: timestamp().nullable(),
    disabledAt: timestamp().nullable(),
    disabledReason: z.string().nullable(),
    createdAt: timestamp(),
    updatedAt: timestamp(),
  })
  .openapi('WebhookEndpoint');

export const WebhookEndpointWithSecretSchema = WebhookEndpointSchema.extend({
  secret: z.string(),
}).openapi('WebhookEndpointWithSecret');

export const WebhookEndpointListSchema = z
  .object({ data: z.array(WebhookEndpointSchema) })
  .openapi('WebhookEndpointList', {
    description: `Every endpoint of the store (at most ${MAX_WEBHOOK_ENDPOINTS}), newest first, unpaged.`,
  });

const DeliveryStatus = z.enum(WEBHOOK_DELIVERY_STATUSES);

export const WebhookDeliverySchema = z
  .object({
    id: z.uuid(),
    endpointId: z.uuid(),
    eventId: z.uuid(),
    eventType: z.string(),
    status: DeliveryStatus,
    attempts: z.number().int(),
    nextAttemptAt: timestamp().nullable(),
    lastAttemptAt: timestamp().nullable(),
    responseStatus: z.number().int().nullable(),
    lastError: z.string().nullable(),
    deliveredAt: timestamp().nullable(),
    createdAt: timestamp(),
  })
  .openapi('WebhookDelivery');

export const WebhookDeliveryPageSchema = pageSchema(WebhookDeliverySchema, 'WebhookDeliveryPage');

export const WebhookDeliveryAttemptSchema = z
  .object({
    attempt: z.number().int(),
    startedAt: timestamp(),
    durationMs: z.number().int(),
    responseStatus: z.number().int().nullable(),
    responseBody: z.string().nullable(),
    error: z.string().nullable(),
  })
  .openapi('WebhookDeliveryAttempt');

export const WebhookDeliveryDetailSchema = WebhookDeliverySchema.extend({
  payload: z.unknown(),
  attemptLog: z.array(WebhookDeliveryAttemptSchema),
}).openapi('WebhookDeliveryDetail');

export const WebhookDeliveryQuery = PageQuery.extend({
  status: DeliveryStatus.optional(),
  eventType: EventFilter.optional(),
});
