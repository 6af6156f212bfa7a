/**
 * Every event type the outbox carries (seed 002's topics and ours), with how
 * long it is kept (seed 002's retention table: orders and stock 7 days, the
 * catalog and shipping 30, payments 90) and what it means. Webhook endpoints
 * subscribe to these names, or to a family (`order.*`, `message.*`, `group-commerce.*`,
 * `group-commerce.campaign.*`) or to all (`*`); the
 * cron purges events past their retention; the OpenAPI document lists them
 * with their payloads.
 */
export interface EventTopic {
  retentionDays: 7 | 30 | 90;
  description: string;
}

export const EVENT_TOPICS = {
  'order.created': { retentionDays: 7, description: 'Checkout placed an order; its stock is reserved.' },
  'order.paid': { retentionDays: 7, description: 'The order’s payment was confirmed.' },
  'order.preparing': { retentionDays: 7, description: 'Staff started preparing the order.' },
  'order.shipped': { retentionDays: 7, description: 'The order’s first parcel left.' },
  'order.delivered': { retentionDays: 7, description: 'Every parcel of the order arrived.' },
  'order.cancelled': { retentionDays: 7, description: 'The order was cancelled; its stock is back on sale.' },
  'inventory.reserved': { retentionDays: 7, description: 'Checkout held stock for an order.' },
  'inventory.insufficient': { retentionDays: 7, description: 'A checkout asked for more than was available.' },
  'inventory.released': { retentionDays: 7, description: 'An unpaid order’s held stock went back on sale.' },
  'inventory.returned': { retentionDays: 7, description: 'Units of a cancelled or refunded order came back.' },
  'inventory.adjusted': { retentionDays: 7, description: 'Staff or an integration adjusted a variant’s stock.' },
  'product.created': { retentionDays: 30, description: 'A product was created.' },
  'product.updated': { retentionDays: 30, description: 'A product’s fields changed.' },
  'product.deleted': { retentionDays: 30, description: 'A product was deleted.' },
  'payment.created': { retentionDays: 90, description: 'An order’s payment was created, pending.' },
  'payment.authorized': { retentionDays: 90, description: 'A campaign join’s card was authorised, to capture later.' },
  'payment.succeeded': { retentionDays: 90, description: 'A payment was confirmed (staff or the provider).' },
  'payment.failed': { retentionDays: 90, description: 'A payment failed or was rejected.' },
  'payment.expired': { retentionDays: 90, description: 'An unpaid order’s payment expired with its reservation.' },
  'payment.cancelled': { retentionDays: 90, description: 'A pending payment was cancelled with its order.' },
  'payment.needs_refund': { retentionDays: 90, description: 'Money arrived for a cancelled order: refund it.' },
  'payment.refunded': { retentionDays: 90, description: 'Part or all of a payment was refunded.' },
  'payment.refund_failed': { retentionDays: 90, description: 'The provider refused a refund.' },
  'shipment.created': { retentionDays: 30, description: 'A parcel was recorded for an order.' },
  'shipment.in_transit': { retentionDays: 30, description: 'The carrier has the parcel.' },
  'shipment.delivered': { retentionDays: 30, description: 'The parcel arrived.' },
  'customer.created': { retentionDays: 30, description: 'A customer was recorded (checkout, staff or chat).' },
  'group-commerce.campaign.created': { retentionDays: 30, description: 'Staff created a group-buying campaign.' },
  'group-commerce.campaign.joined': {
    retentionDays: 7,
    description: 'A shopper joined a campaign; the join placed an order at the campaign price.',
  },
  'group-commerce.campaign.successful': {
    retentionDays: 30,
    description:
      'A campaign reached its minimum by its end (or filled up): its orders go ahead, card holds are captured.',
  },
  'group-commerce.campaign.failed': {
    retentionDays: 30,
    description: 'A campaign ended below its minimum: its orders are cancelled and their stock released.',
  },
  'group-commerce.campaign.cancelled': {
    retentionDays: 30,
    description: 'Staff cancelled a campaign: its orders are cancelled as for a failure.',
  },
  'promotion.redeemed': {
    retentionDays: 30,
    description: 'An order was placed with a promotion (a code or an automatic one): what it took off.',
  },
  'newsletter.subscribed': {
    retentionDays: 30,
    description: 'An address confirmed its newsletter sign-up (double opt-in) and is now subscribed.',
  },
  'newsletter.unsubscribed': {
    retentionDays: 30,
    description: 'A subscriber left the newsletter (its one-click link, or staff).',
  },
  'message.received': {
    retentionDays: 7,
    description: 'A customer’s message arrived from a chat channel (recorded once per channel message id).',
  },
  'message.outbound': {
    retentionDays: 7,
    description: 'Staff wrote to a customer: the integration of the channel delivers the message.',
  },
  'webhook_endpoint.disabled': {
    retentionDays: 30,
    description: 'An endpoint failed for 5 days without a success and was disabled.',
  },
  'webhook.ping': { retentionDays: 7, description: 'A test ping staff sent to one endpoint; no change behind it.' },
} as const satisfies Record<string, EventTopic>;

export type EventType = keyof typeof EVENT_TOPICS;
export const EVENT_TYPES = Object.keys(EVENT_TOPICS) as EventType[];
