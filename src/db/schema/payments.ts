import { sql } from 'drizzle-orm';
import { boolean, char, check, index, integer, jsonb, pgTable, text, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { createdAt, currency, id, money, timestamps, timestamptz } from './columns';
import { customers } from './customers';
import { actorType, paymentChangeSource, paymentMethod, paymentProvider, paymentStatus, refundStatus } from './enums';
import { orders } from './orders';
import { storeId, stores } from './tenancy';

/**
 * A payment attempt for an order: manual methods (cash on delivery, bank
 * transfer, Zelle) that staff confirm or reject, or a card through Stripe
 * whose webhook confirms it.
 *
 * `refundedAmount` is raised in the same batch that inserts a refund, and
 * `payments_refunded_amount_check` keeps it within the payment, so the
 * database itself refuses refunds beyond what was paid, however many run
 * at once. A provider success that arrives after the order was cancelled is
 * recorded with `needsRefund` set instead of being applied silently.
 * `providerReference` is the provider's id (a Stripe PaymentIntent) or the
 * reference we give the buyer to quote; `referenceSeen` is what staff saw on
 * the bank statement when confirming.
 */
export const payments = pgTable(
  'payments',
  {
    id: id(),
    storeId: storeId(),
    orderId: uuid()
      .notNull()
      .references(() => orders.id, { onDelete: 'cascade' }),
    method: paymentMethod().notNull(),
    provider: paymentProvider().notNull(),
    providerReference: text(),
    amount: money().notNull(),
    currency: currency().notNull(),
    status: paymentStatus().notNull().default('pending'),
    refundedAmount: money().notNull().default(0),
    needsRefund: boolean().notNull().default(false),
    failureReason: text(),
    /** What the buyer was told to do (bank details, amount, reference), as shown at checkout. */
    instructions: jsonb().$type<Record<string, unknown>>(),
    referenceSeen: text(),
    confirmedByType: actorType(),
    confirmedById: uuid(),
    confirmedAt: timestamptz(),
    /** A card payment taken with capture_method=manual (a campaign join): when Stripe held the money, still `pending`. */
    authorizedAt: timestamptz(),
    /** When we asked Stripe to capture that hold; Stripe's `payment_intent.succeeded` then confirms the payment. */
    captureRequestedAt: timestamptz(),
    ...timestamps(),
  },
  (t) => [
    index('payments_order_idx').on(t.orderId),
    index('payments_store_status_idx').on(t.storeId, t.status, t.createdAt),
    // The admin list pages a store's payments newest first by id (ids are time-ordered).
    index('payments_store_id_idx').on(t.storeId, t.id),
    index('payments_needs_refund_idx').on(t.storeId).where(sql`${t.needsRefund}`),
    uniqueIndex('payments_provider_reference_unique').on(t.provider, t.providerReference),
    check('payments_amount_check', sql`${t.amount} > 0`),
    check('payments_refunded_amount_check', sql`${t.refundedAmount} >= 0 AND ${t.refundedAmount} <= ${t.amount}`),
  ],
);

/**
 * Money given back on a payment (seed 003). `restock` says whether the
 * refunded goods go back into stock (a `return` movement in the same batch).
 */
export const refunds = pgTable(
  'refunds',
  {
    id: id(),
    storeId: storeId(),
    paymentId: uuid()
      .notNull()
      .references(() => payments.id, { onDelete: 'cascade' }),
    orderId: uuid()
      .notNull()
      .references(() => orders.id, { onDelete: 'cascade' }),
    amount: money().notNull(),
    currency: currency().notNull(),
    reason: text(),
    status: refundStatus().notNull().default('pending'),
    providerReference: text(),
    restock: boolean().notNull().default(false),
    /** The order lines it pays back, `[{orderItemId, quantity}]` (empty: an amount alone). */
    items: jsonb().$type<{ orderItemId: string; quantity: number }[]>().notNull().default([]),
    createdByType: actorType().notNull(),
    createdById: uuid(),
    ...timestamps(),
  },
  (t) => [
    index('refunds_payment_idx').on(t.paymentId),
    index('refunds_order_idx').on(t.orderId),
    index('refunds_store_created_idx').on(t.storeId, t.createdAt),
    uniqueIndex('refunds_provider_reference_unique').on(t.providerReference),
    check('refunds_amount_check', sql`${t.amount} > 0`),
  ],
);

/** Append-only history of every payment status change and who or what caused it (seed 003). */
export const paymentAuditLog = pgTable(
  'payment_audit_log',
  {
    id: id(),
    storeId: storeId(),
    paymentId: uuid()
      .notNull()
      .references(() => payments.id, { onDelete: 'cascade' }),
    action: text().notNull(),
    fromStatus: paymentStatus(),
    toStatus: paymentStatus(),
    source: paymentChangeSource().notNull(),
    actorType: actorType(),
    actorId: uuid(),
    details: jsonb().$type<Record<string, unknown>>(),
    createdAt: createdAt(),
  },
  (t) => [
    index('payment_audit_log_payment_idx').on(t.paymentId, t.createdAt),
    index('payment_audit_log_store_idx').on(t.storeId, t.createdAt),
  ],
);

/**
 * Every provider webhook received, valid or not (seed 003/001), so a
 * delivery takes effect once: processing starts with an insert that
 * conflicts on (store_id, provider, event_id). The uniqueness covers only
 * events whose signature verified: otherwise anyone could post a forged event
 * under a real event's id first and make the genuine delivery look like a
 * replay. It is per store because each store signs with its own secret: one
 * store's events can never pre-empt another's.
 * The store is known from the webhook URL; it is nullable so that a request
 * naming no known store can still be kept for diagnosis.
 */
export const webhookEvents = pgTable(
  'webhook_events',
  {
    id: id(),
    storeId: uuid().references(() => stores.id, { onDelete: 'cascade' }),
    provider: paymentProvider().notNull(),
    eventId: text().notNull(),
    type: text().notNull(),
    payload: jsonb().notNull(),
    signatureValid: boolean().notNull(),
    /** How many times the provider delivered this event; a verified event keeps one row however often it comes. */
    deliveries: integer().notNull().default(1),
    /** What processing did: applied, flagged, ignored or deferred (see src/services/payments/stripe-events.ts). */
    outcome: text(),
    processedAt: timestamptz(),
    error: text(),
    receivedAt: timestamptz().notNull().defaultNow(),
    lastReceivedAt: timestamptz().notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('webhook_events_store_provider_event_unique')
      .on(t.storeId, t.provider, t.eventId)
      .where(sql`${t.signatureValid}`),
    index('webhook_events_store_received_idx').on(t.storeId, t.receivedAt),
    // Staff read a store's deliveries newest first by id (UUIDv7).
    index('webhook_events_store_id_idx').on(t.storeId, t.id),
  ],
);

/**
 * A store's Stripe account: the publishable key (public by design), and the
 * secret key and webhook signing secret, each encrypted with AES-GCM under
 * the Worker secret PAYMENT_SECRETS_KEY (src/lib/sealed-secrets.ts), bound to
 * this store so a ciphertext copied to another store's row does not open.
 * No API ever answers the secrets; `secretKeyLast4` lets staff tell keys apart.
 */
export const stripeAccounts = pgTable('stripe_accounts', {
  storeId: uuid()
    .primaryKey()
    .references(() => stores.id, { onDelete: 'cascade' }),
  publishableKey: text().notNull(),
  secretKeySealed: text().notNull(),
  secretKeyLast4: text().notNull(),
  webhookSecretSealed: text().notNull(),
  ...timestamps(),
});

/**
 * A customer's saved payment method: the provider's token and what is safe
 * to display (brand, last four digits, expiry). Card numbers and CVCs never
 * reach this database.
 */
export const paymentMethods = pgTable(
  'payment_methods',
  {
    id: id(),
    storeId: storeId(),
    customerId: uuid()
      .notNull()
      .references(() => customers.id, { onDelete: 'cascade' }),
    provider: paymentProvider().notNull(),
    providerToken: text().notNull(),
    brand: text(),
    last4: char({ length: 4 }),
    expMonth: integer(),
    expYear: integer(),
    isDefault: boolean().notNull().default(false),
    ...timestamps(),
  },
  (t) => [
    uniqueIndex('payment_methods_provider_token_unique').on(t.provider, t.providerToken),
    uniqueIndex('payment_methods_one_default_per_customer').on(t.customerId).where(sql`${t.isDefault}`),
    index('payment_methods_customer_idx').on(t.customerId),
    index('payment_methods_store_idx').on(t.storeId),
    check('payment_methods_last4_check', sql`${t.last4} ~ '^[0-9]{4}$'`),
    check('payment_methods_expiry_check', sql`${t.expMonth} BETWEEN 1 AND 12 AND ${t.expYear} >= 2000`),
  ],
);
