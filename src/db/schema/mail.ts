import { sql } from 'drizzle-orm';
import { index, integer, jsonb, pgTable, text, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { createdAt, id, timestamps, timestamptz } from './columns';
import { accountTokenPurpose, mailStatus } from './enums';
import { stores, users } from './tenancy';

/**
 * The mail outbox. A row is written in the same batch as the change it tells
 * of (an account token, a newsletter sign-up) or by the event relay from an
 * order's events; after the response (and from the cron) it is queued, and
 * the queue's consumer renders `template` with `data` in the store's
 * language and posts it to the mail API, retrying with backoff. Nothing is
 * rendered or sent in a request. `storeId` is null for mails of the platform
 * (an account's, asked for without a store). `eventId` (no foreign key:
 * events are purged sooner than mail history) makes one mail per event and
 * template, however often the relay meets the event.
 */
export const mailMessages = pgTable(
  'mail_messages',
  {
    id: id(),
    storeId: uuid().references(() => stores.id, { onDelete: 'cascade' }),
    template: text().notNull(),
    toEmail: text().notNull(),
    data: jsonb().$type<Record<string, unknown>>().notNull().default({}),
    eventId: uuid(),
    status: mailStatus().notNull().default('pending'),
    attempts: integer().notNull().default(0),
    nextAttemptAt: timestamptz().notNull().defaultNow(),
    /** While a sender holds the mail: no other sender takes it before then. */
    leaseUntil: timestamptz(),
    /** When it was put on the queue; null until then (the relay and the cron queue these). */
    queuedAt: timestamptz(),
    sentAt: timestamptz(),
    /** The mail API's id for the accepted message. */
    providerMessageId: text(),
    lastError: text(),
    ...timestamps(),
  },
  (t) => [
    uniqueIndex('mail_messages_event_template_unique').on(t.eventId, t.template),
    index('mail_messages_unqueued_idx').on(t.createdAt).where(sql`${t.queuedAt} IS NULL`),
    index('mail_messages_due_idx').on(t.nextAttemptAt).where(sql`${t.status} = 'pending'`),
    index('mail_messages_store_idx').on(t.storeId, t.id),
    index('mail_messages_to_idx').on(t.toEmail, t.createdAt),
  ],
);

/**
 * Seed 000's `verification`: a single-use token mailed to prove an address
 * (24 hours) or to set a new password (1 hour). The token itself is never
 * stored: it is this row's id signed with a key derived from JWT_SECRET, so
 * neither the row nor the outbox gives it away. `usedAt` makes it single
 * use; `email` is the address it was mailed to, which is what verifying it
 * proves.
 */
export const accountTokens = pgTable(
  'account_tokens',
  {
    id: id(),
    userId: uuid()
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    purpose: accountTokenPurpose().notNull(),
    email: text().notNull(),
    expiresAt: timestamptz().notNull(),
    usedAt: timestamptz(),
    createdAt: createdAt(),
  },
  (t) => [
    // Resends are limited by counting a user's recent tokens of a purpose.
    index('account_tokens_user_purpose_idx').on(t.userId, t.purpose, t.createdAt),
    index('account_tokens_expires_at_idx').on(t.expiresAt),
  ],
);
