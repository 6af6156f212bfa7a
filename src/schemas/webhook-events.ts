import { z } from '@hono/zod-openapi';
import { PAYMENT_PROVIDERS } from '../lib/enums';
import { BooleanFlag } from './common';
import { PageQuery, pageSchema } from './pagination';
import { StoreParams } from './stores';

/**
 * The inbound webhook log: every delivery a payment provider made to the
 * store, as recorded by src/services/payments/stripe-events.ts.
 */

/** What became of a delivery: the outcomes stripe-events.ts records, and `rejected` for one that did not verify or parse. */
export const WEBHOOK_OUTCOMES = ['applied', 'flagged', 'ignored', 'deferred', 'rejected'] as const;

export const WebhookEventParams = StoreParams.extend({
  eventId: z.uuid().openapi({ param: { name: 'eventId', in: 'path' } }),
}).strict();

export const WebhookEventListQuery = PageQuery.extend({
  type: z
    .string()
    .max(255)
    .regex(/^[a-z0-9_.]+$/, 'An event type such as `payment_intent.succeeded`.')
    .optional(),
  outcome: z.enum(WEBHOOK_OUTCOMES).optional(),
  signatureValid: BooleanFlag.optional().openapi({
    param: { name: 'signatureValid', in: 'query' },
  }),
});

export const WebhookEventSchema = z
  .object({
    id: z.uuid(),
    provider: z.enum(PAYMENT_PROVIDERS),
    providerEventId: z.string(),
    type: z.string(),
    outcome: z.enum(WEBHOOK_OUTCOMES).nullable(),
    deliveries: z.number().int(),
    signatureValid: z.boolean(),
    error: z.string().nullable(),
    receivedAt: z.string(),
    lastReceivedAt: z.string(),
    processedAt: z.string().nullable(),
  })
  .openapi('WebhookEvent');

export const WebhookEventDetailSchema = WebhookEventSchema.extend({
  payload: z.unknown(),
}).openapi('WebhookEventDetail');

export const WebhookEventPageSchema = pageSchema(WebhookEventSchema, 'WebhookEventPage');
