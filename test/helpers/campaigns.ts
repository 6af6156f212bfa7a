import { campaigns } from '../../src/db/schema';
import type { CatalogStore } from './catalog';
import { testDb } from './stores';

export interface TestCampaignOptions {
  /** The variant's SKU in the catalog store; its first variant by default. */
  sku?: string;
  price?: number;
  minParticipants?: number;
  maxParticipants?: number;
  unitsPerParticipant?: number;
  startsAt?: Date;
  endsAt?: Date;
}

/**
 * A campaign written straight into `catalog`'s store (open now, for an hour
 * by default, at half the variant's price), for tests of joining and
 * settling that do not exercise the admin API. It goes with the store.
 */
export async function insertTestCampaign(catalog: CatalogStore, options: TestCampaignOptions = {}) {
  const variant = options.sku ? catalog.variant(options.sku) : catalog.variants[0]!;
  const price =
    catalog.prices.find((row) => row.variantId === variant.id) ??
    catalog.prices.find((row) => row.productId === variant.productId);
  const originalPrice = price?.amount ?? 10_000;
  const now = Date.now();
  const values: typeof campaigns.$inferInsert = {
    storeId: catalog.storeId,
    variantId: variant.id!,
    name: `Test campaign ${variant.sku}`,
    minParticipants: options.minParticipants ?? 2,
    maxParticipants: options.maxParticipants ?? 5,
    unitsPerParticipant: options.unitsPerParticipant ?? 1,
    price: options.price ?? Math.floor(originalPrice / 2),
    originalPrice,
    currency: catalog.store.currency ?? 'USD',
    startsAt: options.startsAt ?? new Date(now - 60_000),
    endsAt: options.endsAt ?? new Date(now + 3_600_000),
  };
  const [row] = await testDb().insert(campaigns).values(values).returning();
  return { ...row!, variant };
}
