import { pgEnum } from 'drizzle-orm/pg-core';

/**
 * Every closed set of states is a Postgres enum, so a typo in a service is a
 * database error rather than a silently unreachable row. Adding a value is a
 * cheap `ALTER TYPE ... ADD VALUE`; removing one is not, so values are only
 * listed here once something uses them.
 */

// Tenancy and identity
export const storeStatus = pgEnum('store_status', ['active', 'suspended', 'archived']);
export const userStatus = pgEnum('user_status', ['active', 'suspended', 'deleted']);
export const memberRole = pgEnum('member_role', ['owner', 'admin', 'staff']);
export const invitationStatus = pgEnum('invitation_status', ['pending', 'accepted', 'revoked', 'expired']);

/** Who did something, for ledgers and audit rows; the id (user, api key, customer) is stored beside it. */
export const actorType = pgEnum('actor_type', ['user', 'api_key', 'customer', 'system']);

// Customers
export const customerSegment = pgEnum('customer_segment', ['new', 'regular', 'vip']);

// Catalog
export const productStatus = pgEnum('product_status', ['draft', 'active', 'archived']);
/** How a storefront renders an option: size chips in display order, colour swatches, or plain text. */
export const optionKind = pgEnum('option_kind', ['size', 'color', 'text']);

// Inventory
/**
 * The kinds of stock change in `inventory_movements`. Each kind has a fixed
 * shape of deltas, enforced by `inventory_movements_shape_check`:
 * - inbound, return: on_hand up (goods arrive, or come back and are restocked);
 * - outbound: on_hand down outside an order (damage, loss, a sale elsewhere);
 * - adjustment: on_hand either way after a count;
 * - reservation, release: reserved up / down (checkout holds stock, expiry or
 *   cancellation lets it go); on_hand does not move;
 * - commit: a reserved unit is sold for good, so on_hand and reserved both drop
 *   by the same amount. It is its own kind because it is the only one that
 *   moves both columns, and "sold" is what reports ask about.
 */
export const inventoryMovementType = pgEnum('inventory_movement_type', [
  'inbound',
  'outbound',
  'adjustment',
  'reservation',
  'release',
  'commit',
  'return',
]);
export const reservationStatus = pgEnum('reservation_status', ['reserved', 'committed', 'released']);

// Carts and orders
export const cartStatus = pgEnum('cart_status', ['active', 'converted', 'abandoned', 'expired']);
export const orderStatus = pgEnum('order_status', [
  'pending_payment',
  'paid',
  'preparing',
  'shipped',
  'delivered',
  'cancelled',
]);

// Payments
export const paymentMethod = pgEnum('payment_method', ['cod', 'bank_transfer', 'zelle', 'card']);
export const paymentProvider = pgEnum('payment_provider', ['manual', 'stripe']);
export const paymentStatus = pgEnum('payment_status', [
  'pending',
  'confirmed',
  'rejected',
  'expired',
  'cancelled',
  'refunded',
  'partially_refunded',
]);
export const refundStatus = pgEnum('refund_status', ['pending', 'succeeded', 'failed']);
/** Where a payment change came from: a provider's webhook, an API caller, or a scheduled job. */
export const paymentChangeSource = pgEnum('payment_change_source', ['webhook', 'api', 'system']);

// Shipping
export const shipmentStatus = pgEnum('shipment_status', ['created', 'in_transit', 'delivered']);

// Group buying
export const campaignStatus = pgEnum('campaign_status', ['active', 'successful', 'failed', 'expired']);

// Engagement
export const subscriberStatus = pgEnum('subscriber_status', ['pending', 'subscribed', 'unsubscribed']);
export const messageChannel = pgEnum('message_channel', ['whatsapp', 'telegram', 'instagram', 'email', 'sms', 'web']);
export const messageDirection = pgEnum('message_direction', ['inbound', 'outbound']);
export const webhookDeliveryStatus = pgEnum('webhook_delivery_status', ['pending', 'succeeded', 'failed']);
