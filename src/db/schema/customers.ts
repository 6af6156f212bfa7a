import { sql } from 'drizzle-orm';
import { boolean, char, check, index, integer, jsonb, pgTable, text, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { customerSegment } from './enums';
import { id, money, timestamps, timestamptz } from './columns';
import { storeId, users } from './tenancy';

/**
 * A buyer of one store. Guests who check out become customers by email; a
 * customer may also be linked to a user account (at most one customer row
 * per user and store). Emails are stored lower-cased so that the per-store
 * unique index matches case-insensitively. Seed 003's chat customers may
 * have only a phone, so email is optional (NULLs never collide).
 * `totalSpent`, `orderCount` and `lastOrderAt` are running aggregates kept by
 * the order services, in the store's currency.
 */
export const customers = pgTable(
  'customers',
  {
    id: id(),
    storeId: storeId(),
    userId: uuid().references(() => users.id, { onDelete: 'set null' }),
    email: text(),
    phone: text(),
    name: text(),
    segment: customerSegment().notNull().default('new'),
    totalSpent: money().notNull().default(0),
    orderCount: integer().notNull().default(0),
    lastOrderAt: timestamptz(),
    /** Ids on chat channels (WhatsApp number, Telegram handle, ...), keyed by channel. */
    channelIds: jsonb().$type<Record<string, string>>().notNull().default({}),
    metadata: jsonb().$type<Record<string, unknown>>().notNull().default({}),
    /** Staff's labels for the customer (e.g. 'wholesale'); the admin list filters by them. */
    tags: text().array().notNull().default(sql`'{}'::text[]`),
    /** Staff's private notes; never shown to the customer. */
    notes: text(),
    /** Whether the customer agreed to marketing messages, and when that last changed. */
    marketingConsent: boolean().notNull().default(false),
    marketingConsentAt: timestamptz(),
    /** Set while the customer is blocked: they can open no cart and place no order. */
    blockedAt: timestamptz(),
    blockedReason: text(),
    ...timestamps(),
  },
  (t) => [
    uniqueIndex('customers_store_email_unique').on(t.storeId, t.email),
    uniqueIndex('customers_store_user_unique').on(t.storeId, t.userId),
    index('customers_user_idx').on(t.userId),
    // The admin list walks this newest first: ids are time-ordered UUIDv7.
    index('customers_store_id_idx').on(t.storeId, t.id),
    index('customers_store_segment_idx').on(t.storeId, t.segment),
    index('customers_store_phone_idx').on(t.storeId, t.phone),
    index('customers_tags_idx').using('gin', t.tags),
    // A chat sender is found by their id on the channel (`channel_ids @> {"whatsapp": ...}`).
    index('customers_channel_ids_idx').using('gin', t.channelIds.op('jsonb_path_ops')),
    // Verifying an email finds its guest customers in every store.
    index('customers_email_idx').on(t.email),
    index('customers_store_blocked_idx').on(t.storeId, t.id).where(sql`${t.blockedAt} IS NOT NULL`),
    check('customers_email_lowercase_check', sql`${t.email} = lower(${t.email})`),
    check('customers_totals_check', sql`${t.totalSpent} >= 0 AND ${t.orderCount} >= 0`),
  ],
);

/**
 * A customer's saved delivery address (seed 004's datos_envio). Orders copy
 * the address into a snapshot, so editing or deleting one never rewrites
 * history. The partial unique index allows at most one default per customer.
 */
export const addresses = pgTable(
  'addresses',
  {
    id: id(),
    storeId: storeId(),
    customerId: uuid()
      .notNull()
      .references(() => customers.id, { onDelete: 'cascade' }),
    name: text().notNull(),
    line1: text().notNull(),
    line2: text(),
    city: text().notNull(),
    region: text(),
    postalCode: text(),
    /** ISO 3166-1 alpha-2. */
    country: char({ length: 2 }).notNull(),
    phone: text(),
    isDefault: boolean().notNull().default(false),
    ...timestamps(),
  },
  (t) => [
    index('addresses_customer_idx').on(t.customerId),
    index('addresses_store_idx').on(t.storeId),
    uniqueIndex('addresses_one_default_per_customer').on(t.customerId).where(sql`${t.isDefault}`),
    check('addresses_country_check', sql`${t.country} ~ '^[A-Z]{2}$'`),
  ],
);
