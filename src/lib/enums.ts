/**
 * Every closed set of values the API and the database share: the database's
 * enums (`db/schema/enums.ts`, where each is explained) and the API's zod
 * enums are both made from these lists, so they cannot drift apart.
 */

export const STORE_STATUSES = ['active', 'suspended', 'archived', 'closed'] as const;
export const USER_STATUSES = ['active', 'suspended', 'deleted'] as const;
export const MEMBER_ROLES = ['owner', 'admin', 'staff'] as const;
export const INVITATION_STATUSES = ['pending', 'accepted', 'revoked', 'expired'] as const;
export const ACTOR_TYPES = ['user', 'api_key', 'customer', 'system'] as const;
export const CUSTOMER_SEGMENTS = ['new', 'regular', 'vip'] as const;
export const PRODUCT_STATUSES = ['draft', 'active', 'archived'] as const;
export const OPTION_KINDS = ['size', 'color', 'text'] as const;
export const INVENTORY_MOVEMENT_TYPES = [
  'inbound',
  'outbound',
  'adjustment',
  'reservation',
  'release',
  'commit',
  'return',
] as const;
export const RESERVATION_STATUSES = ['reserved', 'committed', 'released'] as const;
export const CART_STATUSES = ['active', 'converted', 'abandoned', 'expired'] as const;
export const ORDER_STATUSES = ['pending_payment', 'paid', 'preparing', 'shipped', 'delivered', 'cancelled'] as const;
export const PAYMENT_METHODS = ['cod', 'bank_transfer', 'zelle', 'card'] as const;
export const PAYMENT_PROVIDERS = ['manual', 'stripe'] as const;
export const PAYMENT_STATUSES = [
  'pending',
  'confirmed',
  'rejected',
  'expired',
  'cancelled',
  'refunded',
  'partially_refunded',
] as const;
export const REFUND_STATUSES = ['pending', 'succeeded', 'failed'] as const;
export const PROMOTION_METHODS = ['code', 'automatic'] as const;
export const PROMOTION_TYPES = ['percentage', 'fixed_amount', 'free_shipping'] as const;
export const PAYMENT_CHANGE_SOURCES = ['webhook', 'api', 'system'] as const;
export const SHIPMENT_STATUSES = ['created', 'in_transit', 'delivered'] as const;
export const CAMPAIGN_STATUSES = ['active', 'successful', 'failed', 'expired', 'cancelled'] as const;
export const SUBSCRIBER_STATUSES = ['pending', 'subscribed', 'unsubscribed'] as const;
export const MESSAGE_CHANNELS = ['whatsapp', 'telegram', 'instagram', 'email', 'sms', 'web', 'discord'] as const;
/** What a chat message carries (seed 003): its text, or a caption with an image, a file or a button reply. */
export const MESSAGE_TYPES = ['text', 'image', 'file', 'button', 'audio', 'video', 'location'] as const;
export const MESSAGE_DIRECTIONS = ['inbound', 'outbound'] as const;
export const WEBHOOK_DELIVERY_STATUSES = ['pending', 'succeeded', 'failed'] as const;
/** A mail of the outbox: waiting to be sent (or retried), accepted by the mail API, or given up on. */
export const MAIL_STATUSES = ['pending', 'sent', 'failed'] as const;
/** What an account token proves: the address it was mailed to, or the right to set a new password. */
export const ACCOUNT_TOKEN_PURPOSES = ['verify_email', 'reset_password'] as const;
