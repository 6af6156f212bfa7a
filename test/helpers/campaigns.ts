import { eq } from 'drizzle-orm';
import { campaignParticipants, campaigns, orders } from '../../src/db/schema';
import { uuidv7 } from '../../src/lib/ids';
import { api, jsonBody } from './api';
import type { CatalogStore } from './catalog';
import { checkoutBody, randomAddress } from './checkout';
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

/** A join body for `catalog`: checkout's without lines (its standard rate, a typed address, bank transfer). */
export function joinBody(catalog: CatalogStore, overrides: Record<string, unknown> = {}) {
  return checkoutBody(catalog, {}, overrides);
}

/** POSTs a join with its own Idempotency-Key (unless given) and client address, as `postCheckout` does. */
export function postJoin(
  slug: string,
  campaignId: string,
  body: unknown,
  options: { key?: string; headers?: Record<string, string> } = {},
) {
  return api(
    `/v1/stores/${slug}/campaigns/${campaignId}/join`,
    jsonBody(body, {
      headers: { 'idempotency-key': options.key ?? uuidv7(), 'cf-connecting-ip': randomAddress(), ...options.headers },
    }),
  );
}

/** The campaign's row as it is now. */
export async function campaignRow(id: string) {
  const [row] = await testDb().select().from(campaigns).where(eq(campaigns.id, id));
  return row!;
}

export function participantsOf(campaignId: string) {
  return testDb().select().from(campaignParticipants).where(eq(campaignParticipants.campaignId, campaignId));
}

/** Every order of the catalog's store. */
export function ordersOf(catalog: CatalogStore) {
  return testDb().select().from(orders).where(eq(orders.storeId, catalog.storeId));
}
