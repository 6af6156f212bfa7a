import type { z } from '@hono/zod-openapi';
import type { WebhookEventDetailSchema, WebhookEventSchema } from '../../schemas/webhook-events';
import { pageExample } from './pagination';
import { amounts, stripeStory } from './story';

/** Whole-body examples of src/schemas/webhook-events.ts, for the OpenAPI document (the story is in story.ts). */

/** Stripe telling the store a card payment succeeded, applied at the first delivery. */
export const webhookEvent = {
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

export const webhookEventPage = pageExample(webhookEvent);

export const webhookEventDetail = {
  ...webhookEvent,
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

/** The Worker's answer to Stripe's delivery of that event. */
export const webhookReceipt = { received: true, eventId: stripeStory.eventId, outcome: 'applied' } as const;
