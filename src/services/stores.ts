import { and, eq } from 'drizzle-orm';
import type { Database } from '../db/client';
import { stores } from '../db/schema';
import { noSuchStore } from '../lib/api-error';

/** What a storefront may know about a store: no settings, no status, no internal ids beyond its own. */
export const publicStoreColumns = {
  id: stores.id,
  slug: stores.slug,
  name: stores.name,
  currency: stores.currency,
  taxRateBps: stores.taxRateBps,
  timezone: stores.timezone,
  logoUrl: stores.logoUrl,
  contactEmail: stores.contactEmail,
  contactPhone: stores.contactPhone,
  channels: stores.channels,
};

export type PublicStore = Awaited<ReturnType<typeof getPublicStore>>;

/** An active store's public profile by slug, in one query; a missing or inactive store is a 404. */
export async function getPublicStore(db: Database, slug: string) {
  const [store] = await db
    .select(publicStoreColumns)
    .from(stores)
    .where(and(eq(stores.slug, slug), eq(stores.status, 'active')))
    .limit(1);
  if (!store) throw noSuchStore(slug);
  return store;
}
