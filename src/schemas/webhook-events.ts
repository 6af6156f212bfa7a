import { z } from '@hono/zod-openapi';
import { PAYMENT_PROVIDERS } from '../lib/enums';
import { BooleanFlag } from './common';
import { amounts, stripeStory } from './example-story';
import { PageQuery, pageExample, pageSchema } from './pagination';
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

// Whole-body examples for the document (the story is in example-story.ts).

/** Stripe telling the store a card payment succeeded, applied at the first delivery. */
export const webhookEventExample = {
  id: stripeStory.webhookEvent,
  provider: 'stripe',
  providerEventId: stripeStory.eventId,
  type: 'payment_intent.succeeded',
  outcome: 'applied',
  deliveries: 1,
  signatureValid: true,
  error: null,
  receivedAt: stripeStory.received,
  lastReceivedAt: stripeStory.received,
  processedAt: stripeStory.received,
} satisfies z.output<typeof WebhookEventSchema>;

export const webhookEventPageExample = pageExample(webhookEventExample);

export const webhookEventDetailExample = {
  ...webhookEventExample,
  payload: {
    id: stripeStory.eventId,
    object: 'event',
    type: 'payment_intent.succeeded',
    livemode: false,
    data: {
      object: {
        id: stripeStory.intentId,
        object: 'payment_intent',
        amount: amounts.total,
        amount_received: amounts.total,
        currency: 'ars',
        status: 'succeeded',
      },
    },
  },
} satisfies z.output<typeof WebhookEventDetailSchema>;

export const WebhookEventPageSchema = pageSchema(WebhookEventSchema, 'WebhookEventPage');
