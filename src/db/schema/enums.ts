import { pgEnum } from 'drizzle-orm/pg-core';
import {
  ACTOR_TYPES,
  CAMPAIGN_STATUSES,
  CART_STATUSES,
  CUSTOMER_SEGMENTS,
  INVENTORY_MOVEMENT_TYPES,
  INVITATION_STATUSES,
  MEMBER_ROLES,
  MESSAGE_CHANNELS,
  MESSAGE_DIRECTIONS,
  OPTION_KINDS,
  ORDER_STATUSES,
  PAYMENT_CHANGE_SOURCES,
  PAYMENT_METHODS,
  PAYMENT_PROVIDERS,
  PAYMENT_STATUSES,
  PRODUCT_STATUSES,
  PROMOTION_METHODS,
  PROMOTION_TYPES,
  REFUND_STATUSES,
  RESERVATION_STATUSES,
  SHIPMENT_STATUSES,
  STORE_STATUSES,
  SUBSCRIBER_STATUSES,
  USER_STATUSES,
  WEBHOOK_DELIVERY_STATUSES,
  MAIL_STATUSES,
  MESSAGE_TYPES,
  ACCOUNT_TOKEN_PURPOSES,
} from '../../lib/enums';

/**
 * Every closed set of states is a Postgres enum, so a typo in a service is a
 * database error rather than a silently unreachable row. Adding a value is a
 * cheap `ALTER TYPE ... ADD VALUE`; removing one is not, so values are only
 * listed once something uses them. The values are in `lib/enums.ts`, the one
 * source that the API's schemas take their enums from too.
 */

// Tenancy and identity
export const storeStatus = pgEnum('store_status', STORE_STATUSES);
export const userStatus = pgEnum('user_status', USER_STATUSES);
export const memberRole = pgEnum('member_role', MEMBER_ROLES);
export const invitationStatus = pgEnum('invitation_status', INVITATION_STATUSES);

/** Who did something, for ledgers and audit rows; the id (user, api key, customer) is stored beside it. */
export const actorType = pgEnum('actor_type', ACTOR_TYPES);

// Customers
export const customerSegment = pgEnum('customer_segment', CUSTOMER_SEGMENTS);

// Catalog
export const productStatus = pgEnum('product_status', PRODUCT_STATUSES);
/** How a storefront renders an option: size chips in display order, colour swatches, or plain text. */
export const optionKind = pgEnum('option_kind', OPTION_KINDS);

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
export const inventoryMovementType = pgEnum('inventory_movement_type', INVENTORY_MOVEMENT_TYPES);
export const reservationStatus = pgEnum('reservation_status', RESERVATION_STATUSES);

// Carts and orders
export const cartStatus = pgEnum('cart_status', CART_STATUSES);
export const orderStatus = pgEnum('order_status', ORDER_STATUSES);

// Payments
export const paymentMethod = pgEnum('payment_method', PAYMENT_METHODS);
export const paymentProvider = pgEnum('payment_provider', PAYMENT_PROVIDERS);
export const paymentStatus = pgEnum('payment_status', PAYMENT_STATUSES);
export const refundStatus = pgEnum('refund_status', REFUND_STATUSES);
/** Where a payment change came from: a provider's webhook, an API caller, or a scheduled job. */
export const paymentChangeSource = pgEnum('payment_change_source', PAYMENT_CHANGE_SOURCES);

// Shipping
export const shipmentStatus = pgEnum('shipment_status', SHIPMENT_STATUSES);

// Group buying
export const campaignStatus = pgEnum('campaign_status', CAMPAIGN_STATUSES);

// Engagement
export const subscriberStatus = pgEnum('subscriber_status', SUBSCRIBER_STATUSES);
export const messageChannel = pgEnum('message_channel', MESSAGE_CHANNELS);
export const messageDirection = pgEnum('message_direction', MESSAGE_DIRECTIONS);
export const messageType = pgEnum('message_type', MESSAGE_TYPES);
export const webhookDeliveryStatus = pgEnum('webhook_delivery_status', WEBHOOK_DELIVERY_STATUSES);
export const mailStatus = pgEnum('mail_status', MAIL_STATUSES);
export const accountTokenPurpose = pgEnum('account_token_purpose', ACCOUNT_TOKEN_PURPOSES);

/** How a promotion is applied: with a code the shopper enters, or by itself when its conditions hold. */
export const promotionMethod = pgEnum('promotion_method', PROMOTION_METHODS);
/** What a promotion takes off: a percentage of eligible lines, a fixed amount per currency, or the shipping fee. */
export const promotionType = pgEnum('promotion_type', PROMOTION_TYPES);
