import { sql } from 'drizzle-orm';
import { boolean, check, index, integer, jsonb, pgTable, text, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { createdAt, currency, id, timestamps, timestamptz } from './columns';
import { invitationStatus, memberRole, storeStatus, userStatus } from './enums';

/** Social and messaging handles a store is reached on (seed 003's WhatsApp/Telegram/Instagram). */
export interface StoreChannels {
  whatsapp?: string;
  telegram?: string;
  instagram?: string;
  facebook?: string;
  tiktok?: string;
  website?: string;
}

/** Where a store is, for invoices and the storefront's contact page (seed 003). */
export interface StoreAddress {
  line1: string;
  line2?: string | null;
  city: string;
  region?: string | null;
  postalCode?: string | null;
  /** ISO 3166-1 alpha-2. */
  country: string;
}

/**
 * Per-store knobs that do not deserve a column. Everything is optional: the
 * code applies its own default when a key is absent. Secrets (Stripe keys)
 * are stored encrypted by the Worker, never in clear.
 */
export interface StoreSettings {
  /** Edge cache lifetime of storefront catalog responses. */
  catalogCacheMaxAgeSeconds?: number;
  /** How long past max-age an edge may serve a catalog response while it fetches a fresh one. */
  catalogCacheStaleWhileRevalidateSeconds?: number;
  /** Available stock at or below this is shown as `low_stock` when a variant has no reorder level. */
  lowStockThreshold?: number;
  /** How long checkout holds stock for an unpaid order. */
  reservationTtlMinutes?: number;
  /** Shown to the buyer after choosing bank transfer. */
  bankTransferInstructions?: string;
  zelleInstructions?: string;
  /** Payment methods offered at checkout; absent means all that are configured. */
  paymentMethods?: ('cod' | 'bank_transfer' | 'zelle' | 'card')[];
  /** Total spent (minor units) from which a customer is `vip`; unset, nobody is. */
  vipTotalSpent?: number;
  /** The language of the store's mails (lib/store-settings.ts MAIL_LANGUAGES); English when unset. */
  language?: 'en' | 'es' | 'id';
  /** The name the store's mails are sent under (the store's name when unset), and where replies go. */
  mailSenderName?: string;
  mailReplyTo?: string;
  /** The storefront's address: mailed account links open its pages. */
  storefrontUrl?: string;
  stripe?: {
    publishableKey?: string;
    secretKeyCiphertext?: string;
    webhookSecretCiphertext?: string;
  };
}

/**
 * A tenant. Every tenant-owned row elsewhere carries `store_id` and goes with
 * its store (ON DELETE CASCADE). The slug is the store's public handle in
 * storefront URLs, so it is lower-case, URL-safe and at most 63 characters
 * (it may become a subdomain). Tax is in basis points (1200 = 12 %), added on
 * top of prices at checkout. A `closed` store (its owner closed it) keeps its
 * admin but has no storefront; `suspended` and `archived` are the platform's.
 */
export const stores = pgTable(
  'stores',
  {
    id: id(),
    slug: text().notNull(),
    name: text().notNull(),
    currency: currency().notNull(),
    taxRateBps: integer().notNull().default(0),
    /** The home market's tax mode: prices include tax (EU-style), else tax is added (US-style). */
    pricesIncludeTax: boolean().notNull().default(false),
    timezone: text().notNull().default('UTC'),
    contactEmail: text(),
    contactPhone: text(),
    description: text(),
    address: jsonb().$type<StoreAddress>(),
    taxId: text(),
    channels: jsonb().$type<StoreChannels>().notNull().default({}),
    logoUrl: text(),
    coverUrl: text(),
    settings: jsonb().$type<StoreSettings>().notNull().default({}),
    status: storeStatus().notNull().default('active'),
    ...timestamps(),
  },
  (t) => [
    uniqueIndex('stores_slug_unique').on(t.slug),
    check('stores_slug_check', sql`${t.slug} ~ '^[a-z0-9]+(-[a-z0-9]+)*$' AND char_length(${t.slug}) <= 63`),
    check('stores_currency_check', sql`${t.currency} ~ '^[A-Z]{3}$'`),
    check('stores_tax_rate_check', sql`${t.taxRateBps} BETWEEN 0 AND 10000`),
  ],
);

/** `store_id` of a tenant-owned row: required, and deleted with its store. */
export const storeId = () =>
  uuid()
    .notNull()
    .references(() => stores.id, { onDelete: 'cascade' });

/**
 * A person who can sign in (store staff; customers who register also get
 * one). Emails are stored lower-cased, and the check makes that a rule, so
 * the unique index is case-insensitive in effect. `passwordHash` is
 * `pbkdf2-sha256$<iterations>$<salt>$<hash>` (src/lib/password.ts): the
 * parameters travel with the hash so the cost can change later.
 */
export const users = pgTable(
  'users',
  {
    id: id(),
    email: text().notNull(),
    name: text().notNull(),
    passwordHash: text().notNull(),
    status: userStatus().notNull().default('active'),
    emailVerified: boolean().notNull().default(false),
    lastLoginAt: timestamptz(),
    /** When a password reset last set the password: access tokens issued before it no longer open /v1/me. */
    passwordChangedAt: timestamptz(),
    ...timestamps(),
  },
  (t) => [
    uniqueIndex('users_email_unique').on(t.email),
    check('users_email_lowercase_check', sql`${t.email} = lower(${t.email})`),
  ],
);

/** A user's role in a store; access tokens carry these as claims. */
export const storeMembers = pgTable(
  'store_members',
  {
    id: id(),
    storeId: storeId(),
    userId: uuid()
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    role: memberRole().notNull(),
    ...timestamps(),
  },
  (t) => [
    uniqueIndex('store_members_store_user_unique').on(t.storeId, t.userId),
    index('store_members_user_idx').on(t.userId),
  ],
);

/**
 * An emailed invitation to join a store. Only the hash of the token is kept.
 * At most one pending invitation per address and store, so re-inviting
 * replaces rather than piles up.
 */
export const storeInvitations = pgTable(
  'store_invitations',
  {
    id: id(),
    storeId: storeId(),
    email: text().notNull(),
    role: memberRole().notNull(),
    tokenHash: text().notNull(),
    invitedBy: uuid().references(() => users.id, { onDelete: 'set null' }),
    status: invitationStatus().notNull().default('pending'),
    expiresAt: timestamptz().notNull(),
    acceptedAt: timestamptz(),
    createdAt: createdAt(),
  },
  (t) => [
    uniqueIndex('store_invitations_token_hash_unique').on(t.tokenHash),
    uniqueIndex('store_invitations_pending_unique').on(t.storeId, t.email).where(sql`${t.status} = 'pending'`),
    index('store_invitations_store_idx').on(t.storeId, t.createdAt),
    index('store_invitations_invited_by_idx').on(t.invitedBy),
    check('store_invitations_email_lowercase_check', sql`${t.email} = lower(${t.email})`),
  ],
);

/**
 * Server-to-server credentials for a store's admin API. The caller presents
 * `<prefix>.<secret>`; the prefix is public (shown in the admin UI and used
 * to find the row), only a hash of the secret is stored.
 */
export const apiKeys = pgTable(
  'api_keys',
  {
    id: id(),
    storeId: storeId(),
    name: text().notNull(),
    prefix: text().notNull(),
    secretHash: text().notNull(),
    scopes: text().array().notNull().default(sql`'{}'::text[]`),
    lastUsedAt: timestamptz(),
    expiresAt: timestamptz(),
    revokedAt: timestamptz(),
    createdBy: uuid().references(() => users.id, { onDelete: 'set null' }),
    createdAt: createdAt(),
  },
  (t) => [
    uniqueIndex('api_keys_prefix_unique').on(t.prefix),
    uniqueIndex('api_keys_secret_hash_unique').on(t.secretHash),
    index('api_keys_store_idx').on(t.storeId, t.createdAt),
    index('api_keys_created_by_idx').on(t.createdBy),
  ],
);

/**
 * Rotating refresh tokens (hash only). Each refresh replaces the token with a
 * new one in the same family; presenting a token that was already rotated
 * means it leaked, so the whole family is revoked. `replacedBy` has no
 * foreign key on purpose: old rows are purged by age, and a dangling pointer
 * in a dead chain harms nothing.
 */
export const refreshTokens = pgTable(
  'refresh_tokens',
  {
    id: id(),
    userId: uuid()
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    tokenHash: text().notNull(),
    familyId: uuid().notNull(),
    expiresAt: timestamptz().notNull(),
    rotatedAt: timestamptz(),
    replacedBy: uuid(),
    revokedAt: timestamptz(),
    createdAt: createdAt(),
  },
  (t) => [
    uniqueIndex('refresh_tokens_token_hash_unique').on(t.tokenHash),
    index('refresh_tokens_family_idx').on(t.familyId),
    index('refresh_tokens_user_idx').on(t.userId),
    index('refresh_tokens_expires_at_idx').on(t.expiresAt),
  ],
);
