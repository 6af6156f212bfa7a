import { and, eq, sql } from 'drizzle-orm';
import { expect } from 'vitest';
import { campaignParticipants, campaigns, orders } from '../../src/db/schema';
import { uuidv7 } from '../../src/lib/ids';
import { api, jsonBody } from './api';
import type { CatalogStore } from './catalog';
import { checkoutBody, type PlacedOrder, postCheckout, randomAddress } from './checkout';
import { failNextStripeCallFor, type StripeKeys } from './stripe';
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

export type TestCampaign = Awaited<ReturnType<typeof insertTestCampaign>>;

/**
 * A campaign order made as a join makes one (the join route is another
 * branch's): an order of the campaign's units placed through checkout, its
 * participant row, the campaign's count raised, and the order's hold
 * (order and reservations) moved to the campaign's end. A card order's
 * PaymentIntent is made once the participant row exists (the first
 * checkout call fails at Stripe, for this store's key only; the retry with
 * the same key makes it), so it is made with capture_method=manual, as a
 * join's is. Pass the store's Stripe keys for a card.
 */
export async function joinThroughCheckout(
  catalog: CatalogStore,
  campaign: TestCampaign,
  options: { paymentMethod?: string; email?: string; stripe?: StripeKeys } = {},
): Promise<PlacedOrder> {
  const email = (options.email ?? `buyer-${uuidv7().slice(-12)}@example.com`).toLowerCase();
  const body = checkoutBody(
    catalog,
    { items: [{ variantId: campaign.variantId, quantity: campaign.unitsPerParticipant }] },
    { email, paymentMethod: options.paymentMethod ?? 'bank_transfer' },
  );
  const key = uuidv7();
  const card = options.paymentMethod === 'card';
  if (card) await failNextStripeCallFor(options.stripe!.secretKey, 503);
  const first = await postCheckout(catalog.slug, body, { key });
  expect(first.status, await first.clone().text()).toBe(card ? 502 : 201);
  const db = testDb();
  const [order] = await db
    .select()
    .from(orders)
    .where(and(eq(orders.storeId, catalog.storeId), eq(orders.email, email)));
  await db.execute(sql`WITH joined AS (
      INSERT INTO campaign_participants (store_id, campaign_id, customer_id, email, quantity, order_id)
      VALUES (${catalog.storeId}, ${campaign.id}, ${order!.customerId}, ${email}, ${campaign.unitsPerParticipant}, ${order!.id})),
    counted AS (UPDATE campaigns SET participant_count = participant_count + 1 WHERE id = ${campaign.id} RETURNING ends_at),
    held AS (UPDATE orders SET reservation_expires_at = (SELECT ends_at FROM counted) WHERE id = ${order!.id})
    UPDATE inventory_reservations SET expires_at = (SELECT ends_at FROM counted) WHERE order_id = ${order!.id}`);
  const placed = card ? await postCheckout(catalog.slug, body, { key }) : first;
  if (card) expect(placed.status, await placed.clone().text()).toBe(201);
  return placed.json<PlacedOrder>();
}
