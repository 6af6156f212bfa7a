import { sql } from 'drizzle-orm';
import type { Database } from '../db/client';
import { runStatement } from '../db/sql/batch';
import { statement } from '../db/sql/statement';
import { defineView, isoTimestamp, type ViewValue } from '../db/sql/views';
import { noSuchStore } from '../lib/api-error';
import { AdminStoreSchema, PublicStoreSchema } from '../schemas/stores';

/**
 * Whether staff reach store alias `s`'s admin: while it is active, and while
 * its owner has closed it (to prepare, or to read its history); not when
 * the platform suspended or archived it.
 */
export const staffReachable = (_alias: 's') => sql`s.status IN ('active', 'closed')`;

/** Store alias `s` as a storefront may know it: no settings, no status, no internal ids beyond its own. */
const publicStoreFields = sql`'id', s.id, 'slug', s.slug, 'name', s.name, 'currency', s.currency,
  'taxRateBps', s.tax_rate_bps, 'timezone', s.timezone, 'logoUrl', s.logo_url,
  'contactEmail', s.contact_email, 'contactPhone', s.contact_phone, 'channels', s.channels`;

export const publicStoreView = defineView(
  PublicStoreSchema,
  (_alias: 's') => sql`json_build_object(${publicStoreFields})`,
);

/** A store as its members see it: the public profile, its status and age. Settings stay out: they hold sealed secrets. */
export const adminStoreView = defineView(
  AdminStoreSchema,
  (_alias: 's') =>
    sql`json_build_object(${publicStoreFields}, 'status', s.status, 'createdAt', ${isoTimestamp(sql`s.created_at`)})`,
);

export type PublicStore = ViewValue<typeof publicStoreView>;
export type AdminStore = ViewValue<typeof adminStoreView>;

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
