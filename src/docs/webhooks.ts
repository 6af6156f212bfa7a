import { z } from '@hono/zod-openapi';
import type { OpenAPIHono } from '@hono/zod-openapi';
import { EVENT_TOPICS, type EventType } from '../lib/event-topics';

/**
 * The OpenAPI document's `webhooks` section: what a webhook endpoint
 * receives, one entry per topic, each with its payload (`data`) as the
 * services write it (grep `insertEvents` in src/services). Documentation
 * only: routes reach it through `#examples`, which the deployed Worker
 * stubs out, so none of these schemas is bundled.
 */

const id = (description: string) => z.uuid().openapi({ description });
const Money = z.number().int().openapi({ description: 'Integer minor units of the order’s currency.' });
const OrderNumber = z
  .string()
  .openapi({ description: 'The order’s number, as the buyer sees it.', example: 'ORD-2026-000123' });
const orderId = id('The order.');
const Reason = z.string().nullable().openapi({ description: 'Why, as the actor gave it.' });

const VariantQuantity = z.object({ variantId: id('The variant.'), quantity: z.number().int().positive() });
const OrderLine = VariantQuantity.extend({ sku: z.string() });

const OrderMove = z.object({
  orderId,
  number: OrderNumber,
  from: z.string().openapi({ description: 'The status it left.' }),
  to: z.string().openapi({ description: 'The status it reached.' }),
  reason: Reason,
});

const StockBack = z.object({
  orderId,
  reason: z
    .string()
    .openapi({ description: 'Why the stock came back (`order_cancelled`, `reservation_expired`, ...).' }),
  items: z.array(VariantQuantity),
});

/** A payment's change: its state after it, plus what the change recorded (a reason, a provider's error, ...). */
const PaymentChange = z
  .object({
    paymentId: id('The payment.'),
    orderId,
    status: z.string().openapi({ description: 'The payment’s status after the change.' }),
    amount: Money,
    currency: z.string().length(3),
    reason: z.string().optional(),
    error: z.string().optional(),
  })
  .catchall(z.unknown());

const Shipment = z.object({
  shipmentId: id('The shipment.'),
  orderId,
  carrier: z.string().nullable(),
  trackingNumber: z.string().nullable(),
  status: z.string().openapi({ description: 'The parcel’s status after the change.' }),
});

const campaignId = id('The campaign.');
const Progress = {
  participants: z.number().int().openapi({ description: 'Participants counted when it happened.' }),
  minParticipants: z.number().int(),
  maxParticipants: z.number().int(),
};
/** A newsletter subscriber's change of status. */
const NewsletterChange = z.object({
  subscriberId: id('The subscriber.'),
  email: z.string(),
  status: z.enum(['subscribed', 'unsubscribed']),
  source: z.string().nullable().openapi({ description: 'Where the sign-up came from, as the storefront said.' }),
  at: z.string().openapi({ description: 'When it confirmed, or left.' }),
});

/** A chat message, as an integration needs it to deliver (outbound) or react (inbound). */
const ChatMessage = z.object({
  messageId: id('The message.'),
  customerId: id('The customer of the thread.'),
  channel: z.string().openapi({ description: '`whatsapp`, `telegram`, `discord`, ...' }),
  direction: z.enum(['inbound', 'outbound']),
  type: z.string().openapi({ description: '`text`, `image`, `file`, `button`, ...' }),
  text: z.string(),
  channelMessageId: z.string().nullable(),
  to: z
    .string()
    .nullable()
    .openapi({ description: 'The customer’s id on the channel (or phone): where an outbound message goes.' }),
  metadata: z.record(z.string(), z.unknown()),
  createdAt: z.string(),
});

/** A campaign's settlement: its outcome and the orders it touched. */
const CampaignSettled = z.object({
  campaignId,
  ...Progress,
  reason: z.string().nullable().openapi({
    description: '`filled` (the last place went), `ended` (its end passed), or the reason staff gave when cancelling.',
  }),
  orders: z.number().int().openapi({ description: 'Orders of the campaign that went ahead or were cancelled.' }),
  alreadyShipped: z.number().int().optional().openapi({
    description:
      'Failed or cancelled only: orders already shipped or delivered, which the settlement left as they are (staff settle them with the buyer).',
  }),
});

/** Payloads the services write; topics added since may carry more than their ids, never less. */
const PAYLOADS = {
  'order.created': z.object({
    orderId,
    number: OrderNumber,
    customerId: id('The customer the order is counted for.').nullable(),
    email: z.string().nullable(),
    currency: z.string().length(3),
    total: Money,
    items: z.array(OrderLine),
  }),
  'order.paid': z.object({ orderId, number: OrderNumber, total: Money }),
  'order.preparing': OrderMove,
  'order.shipped': OrderMove,
  'order.delivered': OrderMove,
  'order.cancelled': z.object({
    orderId,
    number: OrderNumber,
    reason: Reason,
    from: z.string().optional().openapi({ description: 'The status it left, when it had been paid.' }),
  }),
  'inventory.reserved': z.object({
    orderId,
    expiresAt: z.string().nullable().openapi({ description: 'When the hold lapses if the order is not paid.' }),
    items: z.array(OrderLine),
  }),
  'inventory.insufficient': z.object({
    items: z.array(
      z.object({ variantId: id('The variant.'), requested: z.number().int(), available: z.number().int() }),
    ),
  }),
  'inventory.released': StockBack,
  'inventory.returned': StockBack,
  'inventory.adjusted': z.object({ variantId: id('The variant.') }).catchall(z.unknown()),
  'product.created': z.object({
    id: id('The product.'),
    slug: z.string(),
    name: z.string(),
    status: z.string(),
  }),
  'product.updated': z.object({ id: id('The product.') }).catchall(z.unknown()),
  'product.deleted': z.object({ id: id('The product.') }).catchall(z.unknown()),
  'payment.created': PaymentChange,
  'payment.authorized': PaymentChange,
  'payment.succeeded': PaymentChange,
  'payment.failed': PaymentChange,
  'payment.expired': PaymentChange,
  'payment.cancelled': PaymentChange,
  'payment.needs_refund': PaymentChange,
  'payment.refunded': PaymentChange,
  'payment.refund_failed': PaymentChange,
  'shipment.created': Shipment,
  'shipment.in_transit': Shipment,
  'shipment.delivered': Shipment,
  'customer.created': z.object({ customerId: id('The customer.') }).catchall(z.unknown()),
  'group-commerce.campaign.created': z.object({
    campaignId,
    variantId: id('The variant sold.'),
    name: z.string(),
    price: Money,
    originalPrice: Money,
    currency: z.string().length(3),
    unitsPerParticipant: z.number().int(),
    minParticipants: z.number().int(),
    maxParticipants: z.number().int(),
    startsAt: z.string(),
    endsAt: z.string(),
  }),
  'group-commerce.campaign.joined': z.object({
    campaignId,
    orderId,
    customerId: id('The customer who joined.').nullable(),
    ...Progress,
  }),
  'group-commerce.campaign.successful': CampaignSettled,
  'group-commerce.campaign.failed': CampaignSettled,
  'group-commerce.campaign.cancelled': CampaignSettled,
  'promotion.redeemed': z.object({
    promotionId: id('The promotion applied.'),
    code: z.string().nullable().openapi({ description: 'The code entered; null for an automatic promotion.' }),
    orderId,
    customerId: id('The order’s customer.').nullable(),
    amount: Money.openapi({ description: 'What it took off the lines, in minor units of the order’s currency.' }),
    shippingAmount: Money.openapi({ description: 'The shipping fee it waived.' }),
    currency: z.string().length(3),
  }),
  'newsletter.subscribed': NewsletterChange,
  'newsletter.unsubscribed': NewsletterChange,
  'message.received': ChatMessage,
  'message.outbound': ChatMessage,
  'webhook_endpoint.disabled': z.object({ endpointId: id('The endpoint that was disabled.') }).catchall(z.unknown()),
  'webhook.ping': z.object({ endpointId: id('The endpoint pinged.') }).catchall(z.unknown()),
} satisfies Record<EventType, z.ZodType>;

/** The Standard Webhooks headers every delivery carries. */
const SignatureHeaders = z.object({
  'webhook-id': z.string().openapi({
    description:
      'The delivery’s id: the same for an event and an endpoint on every retry, so receivers drop what they already handled.',
  }),
  'webhook-timestamp': z
    .string()
    .openapi({ description: 'Seconds since the Unix epoch when this attempt was signed; refuse ones too old.' }),
  'webhook-signature': z.string().openapi({
    description:
      '`v1,<base64 HMAC-SHA256 of id.timestamp.body>` under the endpoint’s secret (the base64 after `whsec_`); several, space-separated, while a rotated secret still signs. Verify with any Standard Webhooks library.',
  }),
});

const operationId = (topic: string) =>
  `webhook${topic
    .split(/[._-]/)
    .map((word) => word[0]!.toUpperCase() + word.slice(1))
    .join('')}`;

/** Adds one `webhooks` entry per topic to the document of the app owning `registry`. */
export function registerEventWebhooks(registry: OpenAPIHono['openAPIRegistry']): void {
  for (const [topic, data] of Object.entries(PAYLOADS)) {
    const { description, retentionDays } = EVENT_TOPICS[topic as EventType];
    registry.registerWebhook({
      method: 'post',
      path: topic,
      operationId: operationId(topic),
      tags: ['Webhook endpoints'],
      // The receiver checks the signature headers, not one of the API's own schemes.
      security: [],
      summary: topic,
      description: `${description} Sent per Standard Webhooks to each active endpoint subscribed to \`${topic}\` (or its family, or \`*\`); kept ${retentionDays} days in the event feed.`,
      request: {
        headers: SignatureHeaders,
        body: {
          required: true,
          content: {
            'application/json': {
              schema: z.object({
                type: z.literal(topic),
                timestamp: z.iso.datetime().openapi({ description: 'When the event happened.' }),
                data,
              }),
            },
          },
        },
      },
      responses: {
        200: {
          description:
            'Any 2xx within 10 seconds acknowledges the delivery; the body is ignored (its first 1 KiB is kept with the attempt).',
        },
        '4XX': {
          description:
            'Any other answer, or none within 10 seconds, fails the attempt: it is retried with backoff for about three days with the same `webhook-id`, and an endpoint without a success for 5 days is disabled.',
        },
      },
    });
  }
}
