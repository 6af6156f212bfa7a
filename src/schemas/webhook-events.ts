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
  eventId: z
    .uuid()
    .openapi({ param: { name: 'eventId', in: 'path' }, description: 'The log entry’s id (not Stripe’s event id).' }),
}).strict();

export const WebhookEventListQuery = PageQuery.extend({
  type: z
    .string()
    .max(255)
    .regex(/^[a-z0-9_.]+$/, 'An event type such as `payment_intent.succeeded`.')
    .optional()
    .openapi({ description: 'The provider’s event type, exactly: `payment_intent.succeeded`, `charge.refunded`, ...' }),
  outcome: z.enum(WEBHOOK_OUTCOMES).optional(),
  signatureValid: BooleanFlag.optional().openapi({
    param: { name: 'signatureValid', in: 'query' },
    description: '`false`: the deliveries refused for a missing, wrong or stale signature.',
  }),
});

export const WebhookEventSchema = z
  .object({
    id: z.uuid(),
    provider: z.enum(PAYMENT_PROVIDERS),
    providerEventId: z
      .string()
      .openapi({ description: 'The provider’s id of the event (`evt_...`); empty when the body had none.' }),
    type: z.string(),
    outcome: z.enum(WEBHOOK_OUTCOMES).nullable().openapi({
      description:
        '`applied`: the payment changed. `flagged`: a success that could not be kept, flagged for refund. `ignored`: nothing to do. `deferred`: it came before an event it depends on; the next delivery tries again. `rejected`: it did not verify or parse, and changed nothing.',
    }),
    deliveries: z
      .number()
      .int()
      .openapi({ description: 'How often the provider delivered it; a verified event keeps one entry.' }),
    signatureValid: z.boolean(),
    error: z.string().nullable(),
    receivedAt: z.string(),
    lastReceivedAt: z.string(),
    processedAt: z.string().nullable(),
  })
  .openapi('WebhookEvent');

export const WebhookEventDetailSchema = WebhookEventSchema.extend({
  payload: z.unknown().openapi({ description: 'The body as the provider sent it (parsed JSON), signed or not.' }),
}).openapi('WebhookEventDetail');

export const WebhookEventPageSchema = pageSchema(WebhookEventSchema, 'WebhookEventPage');
