import { type SQL, sql } from 'drizzle-orm';
import type { Database } from '../db/client';
import { runStatement } from '../db/sql/batch';
import { type Statement, statement } from '../db/sql/statement';
import { defineView, isoTimestamp, type ViewRow, type ViewValue, viewOf, viewText } from '../db/sql/views';
import { noSuchStore } from '../lib/api-error';
import { AdminStoreSchema, PublicStoreSchema } from '../schemas/stores';
import { effectiveSettingsJson, offeredMethodsJson } from './store-settings';

/**
 * Whether staff reach store alias `s`'s admin: while it is active, and while
 * its owner has closed it (to prepare, or to read its history); not when
 * the platform suspended or archived it. Payments of a closed store's orders
 * still settle by the same rule (payments/stripe-account.ts).
 */
export const staffReachable = (_alias: 's') => sql`s.status IN ('active', 'closed')`;

/** Store alias `s` as a storefront may know it: no settings, no status, no internal ids beyond its own. */
const publicStoreFields = sql`'id', s.id, 'slug', s.slug, 'name', s.name, 'description', s.description,
  'currency', s.currency, 'taxRateBps', s.tax_rate_bps, 'timezone', s.timezone, 'logoUrl', s.logo_url,
  'coverUrl', s.cover_url, 'contactEmail', s.contact_email, 'contactPhone', s.contact_phone, 'address', s.address,
  'channels', s.channels`;

export const publicStoreView = defineView(
  PublicStoreSchema,
  (_alias: 's') => sql`json_build_object(${publicStoreFields})`,
);

/**
 * A store as its members see it: the public profile, its tax id, status,
 * settings as they apply (never the sealed Stripe keys), the payment methods
 * checkout offers, and its age.
 */
export const adminStoreView = defineView(
  AdminStoreSchema,
  (alias: 's') =>
    sql`json_build_object(${publicStoreFields}, 'taxId', s.tax_id, 'status', s.status,
      'settings', ${effectiveSettingsJson(alias)}, 'paymentMethodsOffered', ${offeredMethodsJson(alias)},
      'createdAt', ${isoTimestamp(sql`s.created_at`)}, 'updatedAt', ${isoTimestamp(sql`s.updated_at`)})`,
);

export type PublicStore = ViewValue<typeof publicStoreView>;
export type AdminStore = ViewValue<typeof adminStoreView>;

export const NO_STORE = 'No such store.';

/** The columns of the profile fields a request may give, creating a store or changing it. */
export const PROFILE_COLUMNS = {
  name: 'name',
  description: 'description',
  logoUrl: 'logo_url',
  coverUrl: 'cover_url',
  contactEmail: 'contact_email',
  contactPhone: 'contact_phone',
  address: 'address',
  timezone: 'timezone',
  taxId: 'tax_id',
  channels: 'channels',
  currency: 'currency',
} as const;

/** A profile field's value as SQL (for `givenFields`): the objects, address and channels, as jsonb. */
export function profileValue(_field: unknown, given: unknown): SQL {
  return given !== null && typeof given === 'object' ? sql`${JSON.stringify(given)}::jsonb` : sql`${given}`;
}

/** The admin view of the store with this id, as JSON text (none: it is gone). */
export function adminStoreStatement(storeId: string): Statement<ViewRow<AdminStore>> {
  return viewOf(adminStoreView.json('s'), sql`stores s WHERE s.id = ${storeId}`);
}

/** The store as its members see it, in one round trip. */
export async function getAdminStore(db: Database, storeId: string) {
  return viewText(await runStatement(db, adminStoreStatement(storeId)), NO_STORE);
}

/** An active store's public profile by slug, in one query; a missing or inactive store is a 404. */
export async function getPublicStore(db: Database, slug: string): Promise<PublicStore> {
  const [row] = await runStatement(
    db,
    statement<{ store: PublicStore }>(sql`SELECT ${publicStoreView.json('s')} AS store
      FROM stores s
      WHERE s.slug = ${slug} AND s.status = 'active'`),
  );
  if (!row) throw noSuchStore(slug);
  return row.store;
}
