/**
 * A demo store's group-buying campaigns, so that the storefront's campaign
 * list is not empty on first run: each created by the owner through the
 * admin service and joined through the storefront's join service, as the
 * API does it (orders at the campaign price, stock held until the end, the
 * audit row and the events), never written as rows. Times are relative to
 * when the seed runs, so a fresh database always has an open campaign.
 * Joins pay by transfer or cash, so Stripe is never called.
 */
import { eq } from 'drizzle-orm';
import type { DrizzleDatabase } from '../../src/db/drizzle.ts';
import { users } from '../../src/db/schema/index.ts';
import type { AuditContext } from '../../src/services/audit.ts';
import { createCampaign } from '../../src/services/campaigns/admin-campaigns.ts';
import { joinCampaign } from '../../src/services/campaigns/join.ts';
import { idOf, NO_STRIPE } from './orders.ts';
import type { storeRows } from './rows.ts';
import type { SeedStore } from './types.ts';

const DAY_MS = 86_400_000;

/** Creates `data.campaigns` in the store just written from `rows`, as its owner, and joins them as their buyers. */
export async function seedCampaigns(
  db: DrizzleDatabase,
  data: SeedStore,
  rows: ReturnType<typeof storeRows>,
): Promise<void> {
  if (!data.campaigns?.length) return;
  const [owner] = await db.select({ id: users.id }).from(users).where(eq(users.email, data.owner.email));
  if (!owner) throw new Error(`seed: no owner ${data.owner.email}`);
  const staff: AuditContext = { storeId: rows.storeId, actor: { type: 'user', id: owner.id }, requestId: 'seed' };
  // Guests' order tokens are never handed to anyone here.
  const settings = { secret: crypto.randomUUID(), card: NO_STRIPE };
  const now = Date.now();

  for (const [index, campaign] of data.campaigns.entries()) {
    const startsAt = now + campaign.startsInDays * DAY_MS;
    const created: { id: string } = JSON.parse(
      await createCampaign(db, staff, {
        variantId: idOf(rows.variants, (variant) => variant.sku === campaign.sku, `SKU ${campaign.sku}`),
        name: campaign.name,
        description: campaign.description,
        price: campaign.price,
        minParticipants: campaign.minParticipants,
        maxParticipants: campaign.maxParticipants,
        startsAt: new Date(startsAt).toISOString(),
        endsAt: new Date(startsAt + campaign.days * DAY_MS).toISOString(),
      }),
    );
    for (const [joinIndex, join] of (campaign.joins ?? []).entries()) {
      await joinCampaign(db, settings, {
        slug: data.slug,
        campaignId: created.id,
        idempotencyKey: `seed-${data.slug}-campaign-${index}-${joinIndex}`,
        input: {
          email: join.email,
          shippingAddress: join.shipTo,
          shippingRateId: idOf(rows.shippingRates, (rate) => rate.name === join.shippingRate, 'shipping rate'),
          paymentMethod: join.paymentMethod,
        },
      });
    }
  }
}
